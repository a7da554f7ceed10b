// libFuzzer target for the texts admins write and the server then runs: email templates with merge
// fields (src/modules/email/template_engine) and cron expressions of scheduled automations and jobs
// (src/platform/jobs/cron), with a time zone. Checked beyond "no crash, no leak, no undefined
// behaviour": a refusal is a 4xx problem; a compiled template keeps its bounds and renders its
// literal text unchanged, an HTML rendering escapes every value; a parsed cron's next fire time is
// strictly later than the instant asked about and the next after it later again.
// Build and run: bash scripts/fuzz.sh [seconds] templates
#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>

#include "modules/email/template_engine.hpp"
#include "platform/jobs/cron.hpp"

using namespace rapport;

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

void fuzz_template(std::string_view text) {
  auto catalog = [](std::string_view object, std::string_view field) {
    return (object == "contact" || object == "deal") && !field.empty() && field.size() <= 40;
  };
  auto compiled = email::compile_template(text, catalog, "html");
  if (!compiled) {
    check(compiled.problem().status >= 400 && compiled.problem().status < 500);
    return;
  }
  std::size_t fields = 0;
  std::string literal;
  std::map<std::string, std::string> values;
  for (const auto& p : compiled->pieces) {
    if (p.field) {
      ++fields;
      values[p.text] = "<b>&\"'";
    } else {
      literal += p.text;
    }
  }
  check(fields <= email::kMaxMergeFields);
  // With every value empty, the rendering is the template's literal text.
  check(email::render(*compiled, {}, false) == literal);
  std::string html = email::render(*compiled, values, true);
  check(html.size() >= literal.size());
  if (fields > 0) check(html.find("<b>&\"'") == std::string::npos || literal.find("<b>&\"'") != std::string::npos);
}

void fuzz_cron(std::string_view text, uint8_t zone_choice, int64_t after) {
  static const char* zones[] = {"UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu"};
  auto zone = jobs::time_zone(zones[zone_choice % 5]);
  check(zone.ok());
  auto cron = jobs::parse_cron(text);
  if (!cron) {
    check(cron.problem().status >= 400 && cron.problem().status < 500);
    return;
  }
  after = after < 0 ? -(after + 1) : after;
  after %= int64_t{253402300799000};  // before the year 10000
  auto next = jobs::next_after(*cron, *zone, after);
  if (!next) return;
  check(*next > after);
  auto again = jobs::next_after(*cron, *zone, *next);
  if (again) check(*again > *next);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 10) return 0;
  std::string_view rest(reinterpret_cast<const char*>(data) + 10, size - 10);
  if (data[0] & 1) {
    fuzz_template(rest);
  } else {
    int64_t after = 0;
    for (int i = 2; i < 10; ++i) after = (after << 8) | data[i];
    fuzz_cron(rest.substr(0, 200), data[1], after);
  }
  return 0;
}

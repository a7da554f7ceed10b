// libFuzzer target for what a client sends the record engine (src/platform/records): a list's query
// string (limit, cursor, sort, filter[field][op]=value) parsed and compiled to SQL for both engines,
// and a JSON body validated as a create and as an update, against the engine's test specs and custom
// fields of every type. Checked beyond "no crash, no leak, no undefined behaviour": every refusal is
// a 4xx problem, a compiled list binds exactly as many parameters as its SQL has placeholders, and
// nothing from the request reaches the SQL text except through a bound parameter.
// Build and run: bash scripts/fuzz.sh [seconds] records
#include <boost/json.hpp>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "custom_fields_of_every_type.hpp"
#include "platform/records/list_query.hpp"
#include "platform/records/spec_test_support.hpp"
#include "platform/records/validate.hpp"

using namespace rapport;
using namespace rapport::records;

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

const std::vector<CustomFieldDef>& custom_defs() {
  static const std::vector<CustomFieldDef> defs = custom_fields_of_every_type("people");
  return defs;
}

// Placeholders a compiled WHERE clause holds: '?' on SQLite. Request text never reaches the SQL, so
// a '?' can only be a placeholder.
std::size_t placeholders(std::string_view sql) {
  std::size_t n = 0;
  for (char c : sql) n += c == '?';
  return n;
}

// "k=v&k=v" without percent-decoding: the server decodes before parse_list_params sees the pairs.
std::vector<std::pair<std::string, std::string>> pairs_of(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> out;
  while (!text.empty() && out.size() < 64) {
    auto amp = text.find('&');
    std::string_view part = text.substr(0, amp);
    auto eq = part.find('=');
    out.emplace_back(std::string(part.substr(0, eq)), eq == std::string_view::npos ? "" : std::string(part.substr(eq + 1)));
    if (amp == std::string_view::npos) break;
    text.remove_prefix(amp + 1);
  }
  return out;
}

void fuzz_list(std::string_view query) {
  auto params = parse_list_params(pairs_of(query));
  if (!params) {
    check(params.problem().status >= 400 && params.problem().status < 500);
    return;
  }
  for (const ObjectSpec* spec : {&test::person_spec(), &test::organisation_spec(), &test::event_spec()}) {
    for (db::Dialect d : {db::Dialect::Sqlite, db::Dialect::Postgres}) {
      auto compiled = compile_list(*spec, spec == &test::person_spec() ? custom_defs() : std::vector<CustomFieldDef>{},
                                   *params, d, "ws");
      if (!compiled) {
        check(compiled.problem().status >= 400 && compiled.problem().status < 500);
        continue;
      }
      check(compiled->limit >= 1 && compiled->limit <= kMaxLimit);
      if (d == db::Dialect::Sqlite) check(placeholders(compiled->where) == compiled->params.size());
    }
  }
}

void fuzz_body(std::string_view text) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(text, ec);
  if (ec || !v.is_object()) return;
  const auto& body = v.as_object();
  for (const ObjectSpec* spec : {&test::person_spec(), &test::organisation_spec(), &test::event_spec()}) {
    const auto& defs = spec == &test::person_spec() ? custom_defs() : std::vector<CustomFieldDef>{};
    std::vector<FieldError> errors;
    Input created = validate_input(*spec, defs, body, nullptr, errors);
    if (errors.empty()) {
      // What was accepted is accepted again as it was normalised: normalising is idempotent.
      boost::json::object again = created.fields;
      if (created.custom) again["custom"] = *created.custom;
      std::vector<FieldError> errors2;
      Input second = validate_input(*spec, defs, again, nullptr, errors2);
      check(errors2.empty());
      check(second.fields == created.fields);
      check(second.custom == created.custom);
    }
    boost::json::object current{{"id", "x"}, {"country", "DE"}};
    std::vector<FieldError> update_errors;
    validate_input(*spec, defs, body, &current, update_errors);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  // The first byte chooses what the rest is: a list's query string or a JSON body.
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] & 1) fuzz_list(rest);
  else fuzz_body(rest);
  return 0;
}

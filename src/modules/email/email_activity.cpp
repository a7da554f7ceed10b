#include "modules/email/email_activity.hpp"

#include <set>

#include "platform/case_fold.hpp"

namespace rapport::email {
namespace json = boost::json;

namespace {

constexpr std::size_t kMaxActivityAddresses = 20;  // an EmailList field's limit

}  // namespace

std::string printable(std::string_view s, bool keep_lines) {
  std::string out(s);
  for (auto& ch : out) {
    auto u = static_cast<unsigned char>(ch);
    if (keep_lines && (ch == '\n' || ch == '\r' || ch == '\t')) continue;
    if (u < 0x20 || u == 0x7f) ch = ' ';
  }
  return out;
}

std::string first_chars(std::string_view s, std::size_t max_chars) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;
    if (chars++ == max_chars) return std::string(s.substr(0, i));
  }
  return std::string(s);
}

json::object email_activity(const Email& e, std::string_view direction, std::string_view subject, std::string_view body,
                            const std::string& occurred_at) {
  json::array to;
  std::set<std::string> seen;
  for (const auto* list : {&e.to, &e.cc})
    for (const auto& a : *list)
      if (to.size() < kMaxActivityAddresses && seen.insert(case_fold::key(a)).second) to.push_back(json::value(a));
  std::string line = printable(first_chars(subject, 255), false);
  if (line.find_first_not_of(' ') == std::string::npos) line = "(no subject)";
  return json::object{{"type", "email"},
                      {"direction", direction},
                      {"subject", std::move(line)},
                      {"body", printable(first_chars(body, 100000), true)},
                      {"email_from", e.sender},
                      {"email_to", std::move(to)},
                      {"occurred_at", occurred_at}};
}

}  // namespace rapport::email

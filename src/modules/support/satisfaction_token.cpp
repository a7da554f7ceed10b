#include "modules/support/satisfaction_token.hpp"

#include <charconv>

namespace rapport::support {

namespace {
constexpr std::string_view kContext = "csat";
constexpr std::size_t kMaxToken = 512;
}  // namespace

std::string make_survey_token(const Vault& vault, const SurveyTarget& t) {
  std::string plain = t.workspace_id;
  plain += '|';
  plain += t.ticket_id;
  plain += '|';
  plain += std::to_string(t.expires_ms);
  return vault.seal(plain, kContext);
}

std::optional<SurveyTarget> read_survey_token(const Vault& vault, std::string_view token, int64_t now_ms) {
  if (token.empty() || token.size() > kMaxToken) return std::nullopt;
  auto plain = vault.open(token, kContext);
  if (!plain) return std::nullopt;
  const auto first = plain->find('|');
  const auto second = first == std::string::npos ? std::string::npos : plain->find('|', first + 1);
  if (second == std::string::npos) return std::nullopt;
  SurveyTarget t{plain->substr(0, first), plain->substr(first + 1, second - first - 1), 0};
  const char* end = plain->data() + plain->size();
  auto [p, ec] = std::from_chars(plain->data() + second + 1, end, t.expires_ms);
  if (ec != std::errc() || p != end || t.expires_ms <= now_ms) return std::nullopt;
  return t;
}

}  // namespace rapport::support

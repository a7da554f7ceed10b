// The token in a satisfaction survey's links: the vault's seal (XChaCha20-Poly1305 under the master
// key, bound to the context "csat") of the workspace, the ticket and when the link stops working,
// so it cannot be forged, altered or moved to another ticket, and nothing is stored to check it.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "platform/vault.hpp"

namespace rapport::support {

inline constexpr int64_t kSurveyLifetimeMs = 30LL * 86'400'000;  // a link works for 30 days

struct SurveyTarget {
  std::string workspace_id, ticket_id;
  int64_t expires_ms = 0;
};

std::string make_survey_token(const Vault& vault, const SurveyTarget& t);
// nullopt for a token that was not made by make_survey_token under this key, was altered, or has
// expired by now_ms.
std::optional<SurveyTarget> read_survey_token(const Vault& vault, std::string_view token, int64_t now_ms);

}  // namespace rapport::support

#include "modules/marketing/tracking_facts.hpp"

#include "platform/clock.hpp"
#include "platform/ids.hpp"

namespace rapport::marketing {
namespace json = boost::json;

namespace {

constexpr int64_t kMaxDays = 3650;

std::optional<Sql> read_fact(const char* kind, const char* fact, const json::value& v, const std::string& path,
                             const FilterScope& s, std::vector<FieldError>& errors) {
  Sql events{"SELECT contact_id FROM tracking_events WHERE workspace_id = ? AND kind = ? AND bot = 0 AND prefetch = 0",
             {s.caller.workspace_id, std::string(kind)}};
  bool wanted = true;
  if (v.is_bool()) {
    wanted = v.as_bool();
  } else if (v.is_object()) {
    for (const auto& [key, value] : v.as_object()) {
      const std::string at = path + "." + std::string(key);
      if (key == "campaign_id") {
        if (!value.is_string() || !ids::is_uuid(value.as_string())) {
          errors.push_back({at, "type", "must be the id of a campaign"});
          return std::nullopt;
        }
        events.text += " AND campaign_id = ?";
        std::string id(value.as_string());
        for (auto& ch : id) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        events.params.emplace_back(std::move(id));
      } else if (key == "days") {
        if (!value.is_int64() || value.as_int64() < 1 || value.as_int64() > kMaxDays) {
          errors.push_back({at, "range", "must be a whole number of days from 1 to " + std::to_string(kMaxDays)});
          return std::nullopt;
        }
        events.text += " AND occurred_at >= ? AND occurred_at <= ?";
        events.params.emplace_back(clock::format_ms(s.now_ms - value.as_int64() * int64_t{86'400'000}));
        events.params.emplace_back(clock::format_ms(s.now_ms));
      } else {
        errors.push_back({at, "unknown", std::string("is not a condition of ") + fact + " (campaign_id, days)"});
        return std::nullopt;
      }
    }
  } else {
    errors.push_back({path, "type", "must be true, false or {\"campaign_id\", \"days\"}"});
    return std::nullopt;
  }
  return among_ids(s, std::move(events), wanted);
}

}  // namespace

std::optional<Sql> opened_campaign(const json::value& v, const std::string& path, const FilterScope& s, std::vector<FieldError>& errors) {
  return read_fact("open", "opened_campaign", v, path, s, errors);
}

std::optional<Sql> clicked_campaign(const json::value& v, const std::string& path, const FilterScope& s,
                                    std::vector<FieldError>& errors) {
  return read_fact("click", "clicked_campaign", v, path, s, errors);
}

}  // namespace rapport::marketing

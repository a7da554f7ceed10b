#include "modules/marketing/campaign.hpp"

#include <algorithm>

#include "modules/marketing/campaign_recipient.hpp"

namespace rapport::marketing {
namespace json = boost::json;

namespace {

json::array ids_json(const std::vector<std::string>& ids) {
  json::array a;
  for (const auto& id : ids) a.emplace_back(id);
  return a;
}

std::vector<std::string> ids_of(const json::object& o, const char* key) {
  std::vector<std::string> out;
  if (auto* v = o.if_contains(key); v && v->is_array())
    for (const auto& e : v->as_array())
      if (e.is_string()) out.emplace_back(e.as_string());
  return out;
}

json::value text_or_null(const std::optional<std::string>& s) { return s ? json::value(*s) : json::value(nullptr); }

}  // namespace

json::object Audience::to_json() const {
  return json::object{{"segment_ids", ids_json(segment_ids)}, {"list_ids", ids_json(list_ids)},
                      {"exclude_segment_ids", ids_json(exclude_segment_ids)}, {"exclude_list_ids", ids_json(exclude_list_ids)}};
}

Audience Audience::from_json(const json::value& v) {
  if (!v.is_object()) return {};
  const auto& o = v.as_object();
  return {.segment_ids = ids_of(o, "segment_ids"), .list_ids = ids_of(o, "list_ids"),
          .exclude_segment_ids = ids_of(o, "exclude_segment_ids"), .exclude_list_ids = ids_of(o, "exclude_list_ids")};
}

Utm Campaign::link_utm() const {
  if (!utm) return {};
  return {.source = utm->source.empty() ? kDefaultUtmSource : utm->source,
          .medium = utm->medium.empty() ? kDefaultUtmMedium : utm->medium,
          .campaign = utm->campaign.empty() ? name : utm->campaign};
}

json::object Campaign::to_json() const {
  json::value shown_utm = nullptr;
  if (utm) {
    const Utm u = link_utm();
    shown_utm = json::object{{"source", u.source}, {"medium", u.medium}, {"campaign", u.campaign}};
  }
  return json::object{{"id", id},
                      {"name", name},
                      {"subject", subject},
                      {"from", from.empty() ? json::value(nullptr) : json::value(from)},
                      {"html", html},
                      {"text", text},
                      {"audience", audience.to_json()},
                      {"rate_per_minute", rate_per_minute},
                      {"utm", std::move(shown_utm)},
                      {"status", status},
                      {"scheduled_at", text_or_null(scheduled_at)},
                      {"frozen_at", text_or_null(frozen_at)},
                      {"finished_at", text_or_null(finished_at)},
                      {"error", text_or_null(error)},
                      {"created_by", created_by.empty() ? json::value(nullptr) : json::value(created_by)},
                      {"version", version},
                      {"created_at", created_at},
                      {"updated_at", updated_at}};
}

bool is_recipient_state(std::string_view s) {
  return std::any_of(std::begin(kRecipientStates), std::end(kRecipientStates), [&](const char* k) { return s == k; });
}

json::object Recipient::to_json() const {
  return json::object{{"contact_id", contact_id},   {"email", text_or_null(email)}, {"state", state},
                      {"skip_reason", text_or_null(skip_reason)}, {"error", text_or_null(error)},
                      {"sent_at", text_or_null(sent_at)},         {"opened_at", text_or_null(opened_at)},
                      {"clicked_at", text_or_null(clicked_at)},   {"unsubscribed_at", text_or_null(unsubscribed_at)},
                      {"bounced_at", text_or_null(bounced_at)}, {"complained_at", text_or_null(complained_at)},   {"updated_at", updated_at},
                      {"attempts", attempts},                   {"retry_at", text_or_null(retry_at)},
                      {"smtp_reply_code", smtp_reply_code ? json::value(*smtp_reply_code) : json::value(nullptr)}};
}

}  // namespace rapport::marketing

#include "modules/marketing/campaign_input.hpp"

#include <algorithm>
#include <charconv>
#include <set>

#include "modules/email/template_engine.hpp"
#include "modules/marketing/audience_input.hpp"
#include "modules/marketing/campaign_recipient.hpp"
#include "modules/marketing/segment.hpp"
#include "platform/clock.hpp"
#include "platform/formats.hpp"
#include "platform/ids.hpp"
#include "platform/utf8.hpp"

namespace rapport::marketing {
namespace json = boost::json;

namespace {

// The parts are bounded here by bytes (the template engine's limit); their merge fields are counted
// when compiled.
constexpr std::size_t kMaxPartBytes = email::kMaxTemplateBytes;

std::optional<std::string> read_part(const json::value& v, const std::string& field, std::size_t max_bytes,
                                     std::vector<FieldError>& errors) {
  if (!v.is_string() || v.as_string().size() > max_bytes || !utf8::decode(v.as_string())) {
    errors.push_back({field, "type", "must be text of at most " + std::to_string(max_bytes) + " bytes"});
    return std::nullopt;
  }
  return std::string(v.as_string());
}

std::vector<std::string> read_ids(const json::object& audience, const char* key, std::vector<FieldError>& errors) {
  std::vector<std::string> out;
  const json::value* v = audience.if_contains(key);
  if (!v) return out;
  const std::string field = std::string("audience.") + key;
  if (!v->is_array() || v->as_array().size() > kMaxAudienceIds) {
    errors.push_back({field, "type", "must be an array of at most " + std::to_string(kMaxAudienceIds) + " ids"});
    return out;
  }
  std::set<std::string> seen;
  std::size_t i = 0;
  for (const auto& e : v->as_array()) {
    std::string at = field + ".";
    at += std::to_string(i++);
    if (!e.is_string() || !ids::is_uuid(e.as_string())) errors.push_back({at, "type", "must be an id"});
    else if (seen.insert(std::string(e.as_string())).second) out.emplace_back(e.as_string());
  }
  return out;
}

std::optional<Audience> read_audience(const json::value& v, std::vector<FieldError>& errors) {
  if (!v.is_object()) {
    errors.push_back({"audience", "type", "must be an object: segment_ids, list_ids, exclude_segment_ids, exclude_list_ids"});
    return std::nullopt;
  }
  const auto& o = v.as_object();
  std::size_t before = errors.size();
  for (const auto& [key, value] : o)
    if (key != "segment_ids" && key != "list_ids" && key != "exclude_segment_ids" && key != "exclude_list_ids")
      errors.push_back({"audience." + std::string(key), "unknown", "is not a part of an audience"});
  Audience a{.segment_ids = read_ids(o, "segment_ids", errors), .list_ids = read_ids(o, "list_ids", errors),
             .exclude_segment_ids = read_ids(o, "exclude_segment_ids", errors),
             .exclude_list_ids = read_ids(o, "exclude_list_ids", errors)};
  if (errors.size() != before) return std::nullopt;
  return a;
}

std::optional<std::optional<Utm>> read_utm(const json::value& v, std::vector<FieldError>& errors) {
  if (v.is_null()) return std::optional<Utm>{};
  if (!v.is_object()) {
    errors.push_back({"utm", "type", "must be null (no UTM parameters) or an object: source, medium, campaign"});
    return std::nullopt;
  }
  const std::size_t before = errors.size();
  Utm u;
  for (const auto& [key, value] : v.as_object()) {
    std::string field = "utm.";  // += : GCC 12 warns falsely on "literal" + std::string
    field += std::string_view(key);
    std::string* target = key == "source" ? &u.source : key == "medium" ? &u.medium : key == "campaign" ? &u.campaign : nullptr;
    if (!target) {
      errors.push_back({field, "unknown", "is not a UTM parameter: source, medium, campaign"});
      continue;
    }
    auto text = value.is_string() ? utf8::decode(value.as_string()) : std::nullopt;
    if (!text || text->size() > kMaxUtmChars ||
        std::any_of(text->begin(), text->end(), [](char32_t ch) { return ch < 0x20 || ch == 0x7f; }))
      errors.push_back({field, "type", "must be text of at most " + std::to_string(kMaxUtmChars) + " characters, no control characters"});
    else *target = std::string(value.as_string());
  }
  if (errors.size() != before) return std::nullopt;
  return std::optional<Utm>(std::move(u));
}

}  // namespace

Result<CampaignChange> read_campaign_body(const json::object& body, bool creating) {
  std::vector<FieldError> errors;
  unknown_keys(body, {"name", "subject", "from", "html", "text", "audience", "rate_per_minute", "utm"}, errors);
  CampaignChange out;
  if (auto* v = body.if_contains("name")) out.name = read_text(*v, "name", kMaxNameChars, errors);
  else if (creating) errors.push_back({"name", "required", "is required"});
  if (auto* v = body.if_contains("subject")) {
    if (!v->is_string() || !utf8::decode(v->as_string()) || utf8::decode(v->as_string())->size() > kMaxSubjectChars ||
        std::string_view(v->as_string()).find_first_of("\r\n") != std::string_view::npos)
      errors.push_back({"subject", "type", "must be one line of at most " + std::to_string(kMaxSubjectChars) + " characters"});
    else out.subject = std::string(v->as_string());
  }
  if (auto* v = body.if_contains("from")) {
    if (!v->is_string() || !formats::is_email(v->as_string()))
      errors.push_back({"from", "format", "must be an email address: the workspace's sender (email settings)"});
    else out.from = std::string(v->as_string());
  }
  if (auto* v = body.if_contains("html")) out.html = read_part(*v, "html", kMaxPartBytes, errors);
  if (auto* v = body.if_contains("text")) out.text = read_part(*v, "text", kMaxPartBytes, errors);
  if (auto* v = body.if_contains("audience")) out.audience = read_audience(*v, errors);
  if (auto* v = body.if_contains("rate_per_minute")) {
    if (!v->is_int64() || v->as_int64() < 1 || v->as_int64() > kMaxRatePerMinute)
      errors.push_back({"rate_per_minute", "range", "must be a whole number from 1 to " + std::to_string(kMaxRatePerMinute)});
    else out.rate_per_minute = v->as_int64();
  }
  if (auto* v = body.if_contains("utm")) out.utm = read_utm(*v, errors);
  if (!errors.empty()) return Problem::invalid(std::move(errors));
  return out;
}

Result<std::optional<int64_t>> read_send_body(const json::object& body, int64_t now_ms) {
  std::vector<FieldError> errors;
  unknown_keys(body, {"scheduled_at"}, errors);
  std::optional<int64_t> at;
  if (auto* v = body.if_contains("scheduled_at"); v && !v->is_null()) {
    std::optional<int64_t> ms = v->is_string() ? clock::parse_datetime(v->as_string()) : std::nullopt;
    if (!ms) errors.push_back({"scheduled_at", "format", "must be an RFC 3339 date-time"});
    else if (*ms > now_ms + kMaxScheduleAheadMs) errors.push_back({"scheduled_at", "range", "must be within a year from now"});
    else if (*ms > now_ms) at = *ms;
  }
  if (!errors.empty()) return Problem::invalid(std::move(errors));
  return at;
}

Result<TestSend> read_test_send_body(const json::object& body) {
  std::vector<FieldError> errors;
  unknown_keys(body, {"to", "contact_id"}, errors);
  TestSend out;
  const json::value* to = body.if_contains("to");
  if (!to || !to->is_array() || to->as_array().empty() || to->as_array().size() > kMaxTestAddresses) {
    errors.push_back({"to", to ? "type" : "required", "must be an array of 1 to " + std::to_string(kMaxTestAddresses) + " email addresses"});
  } else {
    std::size_t i = 0;
    for (const auto& e : to->as_array()) {
      std::string at = "to.";
      at += std::to_string(i++);
      if (!e.is_string() || !formats::is_email(e.as_string())) errors.push_back({at, "format", "must be an email address"});
      else out.to.emplace_back(e.as_string());
    }
  }
  if (auto* v = body.if_contains("contact_id"); v && !v->is_null()) {
    if (!v->is_string() || !ids::is_uuid(v->as_string())) errors.push_back({"contact_id", "type", "must be the id of a contact"});
    else out.contact_id = std::string(v->as_string());
  }
  if (!errors.empty()) return Problem::invalid(std::move(errors));
  return out;
}

Result<RecipientQuery> read_recipient_query(const std::vector<std::pair<std::string, std::string>>& query) {
  RecipientQuery out;
  for (const auto& [key, value] : query) {
    if (key == "state") {
      if (!is_recipient_state(value)) return Problem::bad_request("state must be one of the recipient states (queued, sent, skipped, ...)");
      out.state = value;
    } else if (key == "limit") {
      int n = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
      if (ec != std::errc() || end != value.data() + value.size() || n < 1 || n > 500)
        return Problem::bad_request("limit must be a whole number from 1 to 500");
      out.limit = n;
    } else if (key == "cursor") {
      if (!ids::is_uuid(value)) return Problem::bad_request("cursor must be the next_cursor of a previous page");
      out.after = value;
    }
  }
  return out;
}

Result<AttributionQuery> read_report_query(const std::vector<std::pair<std::string, std::string>>& query) {
  AttributionQuery out;
  for (const auto& [key, value] : query) {
    if (key == "model") {
      if (value != "last_touch" && value != "first_touch") return Problem::bad_request("model must be last_touch or first_touch");
      out.model = value;
    } else if (key == "window_days") {
      int64_t n = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
      if (ec != std::errc() || end != value.data() + value.size() || n < 1 || n > kMaxAttributionDays)
        return Problem::bad_request("window_days must be a whole number from 1 to " + std::to_string(kMaxAttributionDays));
      out.window_days = n;
    }
  }
  return out;
}

}  // namespace rapport::marketing

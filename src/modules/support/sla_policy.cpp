#include "modules/support/sla_policy.hpp"

#include <algorithm>
#include <functional>

#include "platform/http/body_reader.hpp"
#include "platform/ids.hpp"

namespace rapport::support {
namespace json = boost::json;

namespace {

// The statuses a policy may pause on; solved and closed always stop the clock (ticket_sla.cpp).
constexpr const char* kPausable[] = {"new", "open", "pending", "on_hold"};

template <std::size_t N>
bool one_of(const char* const (&names)[N], std::string_view s) {
  return std::find(std::begin(names), std::end(names), s) != std::end(names);
}

std::string at(std::string base, std::size_t i) {
  base += '[';
  base += std::to_string(i);
  base += ']';
  return base;
}

json::array strings(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

std::optional<int64_t> minutes_of(const json::value& v) {
  if (!v.is_int64() && !v.is_uint64()) return std::nullopt;
  const int64_t m = v.is_int64() ? v.as_int64() : static_cast<int64_t>(std::min<uint64_t>(v.as_uint64(), INT64_MAX));
  if (m < 1 || m > kMaxTargetMinutes) return std::nullopt;
  return m;
}

const std::string kMinutesRule = "must be a whole number of minutes from 1 to " + std::to_string(kMaxTargetMinutes);

// A list of distinct strings, each checked by `ok` (which names what it wants in `rule`).
std::vector<std::string> read_list(const json::value& v, const std::string& path, std::size_t max, http::BodyReader& in,
                                   const std::function<bool(std::string_view)>& ok, const std::string& rule) {
  std::vector<std::string> out;
  if (!v.is_array() || v.as_array().size() > max) {
    in.error(path, "type", "must be a list of at most " + std::to_string(max) + " values");
    return out;
  }
  for (std::size_t i = 0; i < v.as_array().size(); ++i) {
    const auto& e = v.as_array()[i];
    if (!e.is_string() || !ok(e.as_string())) {
      in.error(at(path, i), "format", rule);
      continue;
    }
    std::string s(e.as_string());
    if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(std::move(s));
  }
  return out;
}

void read_conditions(const json::value& v, SlaPolicy& p, http::BodyReader& in) {
  p.priorities.clear();
  p.company_ids.clear();
  p.tags.clear();
  if (v.is_null()) return;
  if (!v.is_object()) {
    in.error("conditions", "type", "must be an object: priority, company_id, tags");
    return;
  }
  for (const auto& kv : v.as_object()) {
    const std::string key(kv.key()), path = "conditions." + key;
    if (key == "priority")
      p.priorities = read_list(kv.value(), path, kMaxConditionValues, in, [](std::string_view s) { return one_of(kPriorities, s); },
                               "must be low, normal, high or urgent");
    else if (key == "company_id")
      p.company_ids = read_list(kv.value(), path, kMaxConditionValues, in, [](std::string_view s) { return ids::is_uuid(s); },
                                "must be a company's id");
    else if (key == "tags")
      p.tags = read_list(kv.value(), path, kMaxConditionValues, in,
                         [](std::string_view s) { return !s.empty() && s.size() <= kMaxTagLength; },
                         "must be a tag of 1 to " + std::to_string(kMaxTagLength) + " characters");
    else
      in.error(path, "unknown", "is not a condition (priority, company_id, tags)");
  }
}

void read_targets(const json::value& v, SlaPolicy& p, http::BodyReader& in) {
  p.targets.clear();
  if (!v.is_object()) {
    in.error("targets", "type", "must be an object of first_response, next_response and resolution");
    return;
  }
  for (const auto& kv : v.as_object()) {
    const std::string key(kv.key()), path = "targets." + key;
    if (!is_sla_target(key)) {
      in.error(path, "unknown", "is not a target (first_response, next_response, resolution)");
    } else if (kv.value().is_object()) {
      json::object per;
      for (const auto& pr : kv.value().as_object()) {
        const std::string at_path = path + "." + std::string(pr.key());
        if (!one_of(kPriorities, pr.key())) in.error(at_path, "unknown", "is not a priority (low, normal, high, urgent)");
        else if (auto m = minutes_of(pr.value())) per[pr.key()] = *m;
        else in.error(at_path, "range", kMinutesRule);
      }
      if (per.empty() && kv.value().as_object().empty()) in.error(path, "required", "names no priority; leave the target out instead");
      p.targets[key] = std::move(per);
    } else if (auto m = minutes_of(kv.value())) {
      p.targets[key] = *m;
    } else {
      in.error(path, "range", kMinutesRule + ", or an object of priorities to minutes");
    }
  }
  if (v.as_object().empty()) in.error("targets", "required", "must set at least one target");
}

void read_warning(const json::value& v, SlaPolicy& p, http::BodyReader& in) {
  p.warn_percent.reset();
  p.warn_minutes_before.reset();
  if (v.is_null()) return;
  const auto* o = v.if_object();
  if (!o || o->size() != 1) {
    in.error("warning", "type", "must be {\"percent\": 1-99}, {\"minutes_before\": n} or null");
    return;
  }
  if (const auto* pct = o->if_contains("percent")) {
    if (pct->is_int64() && pct->as_int64() >= 1 && pct->as_int64() <= 99) p.warn_percent = pct->as_int64();
    else in.error("warning.percent", "range", "must be a whole number from 1 to 99");
  } else if (const auto* before = o->if_contains("minutes_before")) {
    if (auto m = minutes_of(*before)) p.warn_minutes_before = *m;
    else in.error("warning.minutes_before", "range", kMinutesRule);
  } else {
    in.error("warning", "unknown", "must hold percent or minutes_before");
  }
}

}  // namespace

bool is_sla_target(std::string_view name) { return one_of(kSlaTargets, name); }

json::object SlaPolicy::to_json() const {
  json::object conditions{{"priority", strings(priorities)}, {"company_id", strings(company_ids)}, {"tags", strings(tags)}};
  json::value warning = nullptr;
  if (warn_percent) warning = json::object{{"percent", *warn_percent}};
  else if (warn_minutes_before) warning = json::object{{"minutes_before", *warn_minutes_before}};
  return {{"id", id},
          {"name", name},
          {"position", position},
          {"conditions", std::move(conditions)},
          {"targets", targets},
          {"business_hours_id", business_hours_id ? json::value(*business_hours_id) : json::value(nullptr)},
          {"calendar_time", calendar_time},
          {"pause_statuses", strings(pause_statuses)},
          {"warning", std::move(warning)},
          {"created_at", created_at},
          {"updated_at", updated_at},
          {"version", version}};
}

bool SlaPolicy::matches(const json::object& ticket) const {
  auto text_of = [&](const char* field) -> std::string {
    const auto* v = ticket.if_contains(field);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
  };
  auto holds = [](const std::vector<std::string>& list, const std::string& s) {
    return std::find(list.begin(), list.end(), s) != list.end();
  };
  if (!priorities.empty() && !holds(priorities, text_of("priority"))) return false;
  if (!company_ids.empty() && !holds(company_ids, text_of("company_id"))) return false;
  if (!tags.empty()) {
    const auto* t = ticket.if_contains("tags");
    if (!t || !t->is_array()) return false;
    const auto& list = t->as_array();
    if (std::none_of(list.begin(), list.end(), [&](const json::value& v) { return v.is_string() && holds(tags, std::string(v.as_string())); }))
      return false;
  }
  return true;
}

std::optional<int64_t> SlaPolicy::minutes(std::string_view target, std::string_view priority) const {
  const auto* t = targets.if_contains(target);
  if (!t) return std::nullopt;
  if (t->is_int64()) return t->as_int64();
  const auto* per = t->is_object() ? t->as_object().if_contains(priority) : nullptr;
  if (per && per->is_int64()) return per->as_int64();
  return std::nullopt;
}

std::optional<int64_t> SlaPolicy::warn_after(int64_t target_minutes) const {
  if (warn_percent) return target_minutes * *warn_percent / 100;
  if (warn_minutes_before) return std::max<int64_t>(0, target_minutes - *warn_minutes_before);
  return std::nullopt;
}

bool SlaPolicy::pauses(std::string_view status) const {
  return std::find(pause_statuses.begin(), pause_statuses.end(), status) != pause_statuses.end();
}

Result<SlaPolicy> read_policy(const json::object& body, const SlaPolicy* current) {
  http::BodyReader in(body);
  in.only({"name", "position", "conditions", "targets", "business_hours_id", "calendar_time", "pause_statuses", "warning"},
          "an SLA policy");
  SlaPolicy p = current ? *current : SlaPolicy{};
  if (!current) p.position = -1;  // after the others (the service's to place)
  if (auto name = in.text("name", 1, kMaxPolicyName, !current)) p.name = std::move(*name);
  if (const auto* pos = body.if_contains("position")) {
    if (pos->is_int64() && pos->as_int64() >= 0 && pos->as_int64() <= kMaxPosition) p.position = pos->as_int64();
    else in.error("position", "range", "must be a whole number from 0 to " + std::to_string(kMaxPosition));
  }
  if (const auto* v = body.if_contains("conditions")) read_conditions(*v, p, in);
  if (const auto* v = body.if_contains("targets")) read_targets(*v, p, in);
  else if (!current) in.error("targets", "required", "is required: minutes for first_response, next_response or resolution");
  if (const auto* v = body.if_contains("business_hours_id")) {
    if (v->is_null()) p.business_hours_id.reset();
    else if (v->is_string() && ids::is_uuid(v->as_string())) p.business_hours_id = std::string(v->as_string());
    else in.error("business_hours_id", "format", "must be a business-hours calendar's id or null");
  }
  if (auto b = in.boolean("calendar_time")) p.calendar_time = *b;
  if (p.calendar_time && p.business_hours_id)
    in.error("calendar_time", "conflict", "true counts round the clock: leave business_hours_id null");
  if (const auto* v = body.if_contains("pause_statuses")) {
    p.pause_statuses = read_list(*v, "pause_statuses", std::size(kPausable), in,
                                 [](std::string_view s) { return one_of(kPausable, s); },
                                 "must be new, open, pending or on_hold (solved and closed always stop the clock)");
  }
  if (const auto* v = body.if_contains("warning")) read_warning(*v, p, in);
  if (!in.ok()) return in.problem();
  return p;
}

}  // namespace rapport::support

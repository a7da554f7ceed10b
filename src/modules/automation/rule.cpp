#include "modules/automation/rule.hpp"

#include <algorithm>

namespace rapport::automation {
namespace json = boost::json;

namespace {

json::value text_or_null(const std::optional<std::string>& s) { return s ? json::value(*s) : json::value(nullptr); }

}  // namespace

const std::vector<std::string>& object_types() {
  // Tickets: support's SLA events (sla_warning, sla_breached) and their changes start rules too.
  static const std::vector<std::string> all = {"contacts", "companies", "leads", "deals", "tickets"};
  return all;
}

bool is_object_type(std::string_view s) {
  const auto& all = object_types();
  return std::find(all.begin(), all.end(), s) != all.end();
}

std::string singular_of(std::string_view object_type) {
  if (object_type == "companies") return "company";
  std::string s(object_type);
  if (!s.empty() && s.back() == 's') s.pop_back();
  return s;
}

json::object Rule::definition() const {
  return json::object{{"name", name},           {"description", description}, {"enabled", enabled},
                      {"object_type", object_type}, {"trigger", trigger},     {"conditions", conditions},
                      {"actions", actions}};
}

json::object Rule::to_json() const {
  json::object o = definition();
  o["id"] = id;
  o["paused_reason"] = text_or_null(paused_reason);
  o["created_by"] = created_by;
  o["created_at"] = created_at;
  o["updated_at"] = updated_at;
  o["version"] = version;
  return o;
}

json::object Run::to_json() const {
  return json::object{{"id", id},
                      {"rule_id", rule_id},
                      {"rule_version", rule_version},
                      {"trigger_type", trigger_type},
                      {"event_id", event_id ? json::value(*event_id) : json::value(nullptr)},
                      {"object_type", object_type},
                      {"record_id", record_id},
                      {"depth", depth},
                      {"status", status},
                      {"reason", text_or_null(reason)},
                      {"steps", steps},
                      {"job_id", text_or_null(job_id)},
                      {"started_at", started_at},
                      {"finished_at", text_or_null(finished_at)}};
}

}  // namespace rapport::automation

#include "modules/automation/run_payload.hpp"

#include "platform/clock.hpp"
#include "platform/ids.hpp"

namespace rapport::automation {
namespace json = boost::json;

json::object RunRequest::to_json() const {
  return json::object{{"rule_id", rule_id}, {"event_id", event_id}, {"event_type", event_type},
                      {"record_id", record_id}, {"depth", depth},    {"event", event}};
}

std::optional<RunRequest> RunRequest::from_json(const json::value& v) {
  const auto* o = v.if_object();
  if (!o) return std::nullopt;
  auto text = [&](const char* k) -> const json::string* {
    const auto* x = o->if_contains(k);
    return x && x->is_string() ? &x->as_string() : nullptr;
  };
  const auto* event_id = o->if_contains("event_id");
  const auto* depth = o->if_contains("depth");
  if (!text("rule_id") || !text("event_type") || !text("record_id") || !event_id || !event_id->is_int64() || !depth ||
      !depth->is_int64())
    return std::nullopt;
  RunRequest r;
  r.rule_id = std::string(*text("rule_id"));
  r.event_id = event_id->as_int64();
  r.event_type = std::string(*text("event_type"));
  r.record_id = std::string(*text("record_id"));
  r.depth = static_cast<int>(depth->as_int64());
  if (const auto* e = o->if_contains("event")) r.event = *e;
  return r;
}

Run RunRequest::new_run(const Rule& rule, const std::string& job_id) const {
  Run run;
  run.id = ids::uuid_v7();
  run.workspace_id = rule.workspace_id;
  run.rule_id = rule.id;
  run.rule_version = rule.version;
  run.trigger_key = trigger_key();
  run.trigger_type = event_type;
  run.event_id = event_id;
  run.object_type = rule.object_type;
  run.record_id = record_id;
  run.depth = depth;
  run.status = "running";
  if (!job_id.empty()) run.job_id = job_id;
  run.started_at = clock::now_text();
  return run;
}

json::array RunRequest::changes() const {
  const auto* o = event.if_object();
  const auto* c = o ? o->if_contains("changes") : nullptr;
  return c && c->is_array() ? c->as_array() : json::array{};
}

}  // namespace rapport::automation

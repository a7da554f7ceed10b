#include "modules/automation/sink.hpp"

#include <map>

#include "modules/automation/automation_store.hpp"
#include "modules/automation/run_payload.hpp"
#include "modules/automation/triggers.hpp"
#include "platform/clock.hpp"
#include "platform/ids.hpp"
#include "platform/jobs/enqueue.hpp"

namespace rapport::automation {
namespace json = boost::json;

namespace {

json::value payload_of(db::Connection& c, int64_t event_id) {
  auto v = c.scalar("SELECT payload FROM outbox WHERE id = ?", {event_id});
  boost::system::error_code ec;
  json::value out = std::holds_alternative<std::string>(v) ? json::parse(std::get<std::string>(v), ec) : json::value();
  return ec ? json::value() : out;
}

}  // namespace

void AutomationSink::in_transaction(db::Connection& c, const std::vector<events::Event>& batch) {
  // Each workspace's enabled rules, read once per batch.
  std::map<std::string, std::vector<Rule>> rules;
  for (const auto& e : batch) {
    auto it = rules.find(e.workspace_id);
    if (it == rules.end()) it = rules.emplace(e.workspace_id, store::enabled(c, e.workspace_id)).first;
    std::optional<json::value> payload;  // read once, when a rule listens to the event's type
    for (const auto& r : it->second) {
      if (event_type_of(r.trigger, singular_of(r.object_type)) != e.type) continue;
      if (!payload) payload = payload_of(c, e.id);
      if (!fires(r.trigger, *payload)) continue;
      const std::string record_id = record_of(r.trigger, r.object_type, e.object_id, *payload);
      if (record_id.empty()) continue;
      RunRequest req{.rule_id = r.id, .event_id = e.id, .event_type = e.type, .record_id = record_id, .depth = e.depth,
                     .event = *payload};
      if (e.depth >= kMaxDepth) {
        Run run = req.new_run(r, "");
        run.status = "skipped";
        run.reason = "the change that fired it was made " + std::to_string(e.depth) + " automation runs deep (at most " +
                     std::to_string(kMaxDepth - 1) + " start rules): a loop is stopped here";
        run.finished_at = run.started_at;
        store::insert_run(c, run);
        continue;
      }
      jobs::enqueue(c, {.type = kRunJob, .payload = req.to_json(), .workspace_id = e.workspace_id,
                        .unique_key = r.id + ":" + std::to_string(e.id)});
    }
  }
}

}  // namespace rapport::automation

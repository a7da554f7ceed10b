#include "modules/dedupe/dismissals.hpp"

#include <algorithm>

#include "modules/dedupe/candidates.hpp"
#include "modules/dedupe/merge_plan.hpp"
#include "platform/ids.hpp"
#include "platform/records/scope.hpp"

namespace rapport::dedupe {
namespace json = boost::json;
using identity::Action;

namespace {

// Each record must be live, readable (404: to the caller it is no record) and changeable (403).
Status check_records(db::Connection& c, const identity::Context& ctx, const records::Store& store,
                     const std::vector<std::string>& ids, std::string_view missing) {
  const auto& singular = store.spec().singular;
  for (const auto& id : ids)
    if (!store.find(c, ctx, id)) return Problem::not_found(std::string(missing));
  for (const auto& id : ids)
    if (!store.in_scope(c, ctx, id, Action::Update)) return records::not_allowed(Action::Update, singular);
  return ok_status();
}

}  // namespace

Result<DismissRequest> parse_dismiss_request(const json::object& body) {
  DismissRequest out;
  std::vector<FieldError> errors;
  for (const auto& kv : body)
    if (kv.key() != "object" && kv.key() != "ids")
      errors.push_back({std::string(kv.key()), "unknown", "is not part of a dismissal (object, ids)"});
  const auto* object = body.if_contains("object");
  if (!object || !object->is_string() || !is_deduplicated(object->as_string()))
    errors.push_back({"object", "required", "is required: contacts, companies or leads"});
  else
    out.object = object->as_string();
  parse_record_ids(body, "the records that are not the same", out.ids, errors);
  if (!errors.empty()) return Problem::invalid(std::move(errors), "The dismissal is not valid");
  return out;
}

Result<json::object> dismiss(db::Connection& c, const identity::Context& ctx, const records::Store& store,
                             const DismissRequest& request, const std::string& now) {
  auto checked = check_records(c, ctx, store, request.ids,
                               "One of ids is no live " + store.spec().singular + " of this workspace that you may read");
  if (!checked) return checked.problem();
  const std::string id = ids::uuid_v7();
  auto& st = c.prepare(
      "INSERT INTO duplicate_dismissals(workspace_id, object_type, record_a, record_b, dismissal_id, dismissed_by, dismissed_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (workspace_id, object_type, record_a, record_b) DO NOTHING");
  int64_t pairs = 0;
  for (std::size_t i = 0; i < request.ids.size(); ++i)
    for (std::size_t j = i + 1; j < request.ids.size(); ++j) {
      const auto& [a, b] = std::minmax(request.ids[i], request.ids[j]);
      st.reset();
      st.bind_all({ctx.workspace_id, request.object, a, b, id, ctx.actor(), now});
      st.run();
      pairs += c.changes();
    }
  if (pairs == 0) return Problem::conflict("Every pair of these records was dismissed already");
  json::array ids;
  for (const auto& r : request.ids) ids.emplace_back(r);
  return json::object{{"id", id}, {"object", request.object}, {"ids", std::move(ids)}, {"pairs", pairs}, {"dismissed_at", now}};
}

Result<std::string> dismissal_object(db::Connection& c, const std::string& workspace_id, const std::string& id) {
  if (!ids::is_uuid(id)) return Problem::not_found("No such dismissal");
  auto& st = c.prepare("SELECT object_type FROM duplicate_dismissals WHERE workspace_id = ? AND dismissal_id = ? LIMIT 1");
  st.bind_all({workspace_id, id});
  if (!st.step()) return Problem::not_found("No such dismissal");
  std::string object = st.text(0);
  st.reset();
  return object;
}

Status undo_dismissal(db::Connection& c, const identity::Context& ctx, const records::Store& store, const std::string& id) {
  std::vector<std::string> records;
  auto& st = c.prepare("SELECT record_a, record_b FROM duplicate_dismissals WHERE workspace_id = ? AND dismissal_id = ?");
  st.bind_all({ctx.workspace_id, id});
  while (st.step())
    for (int col : {0, 1})
      if (auto r = st.text(col); std::find(records.begin(), records.end(), r) == records.end()) records.push_back(std::move(r));
  if (records.empty()) return Problem::not_found("No such dismissal");
  auto checked = check_records(c, ctx, store, records, "No such dismissal");
  if (!checked) return checked;
  c.prepare("DELETE FROM duplicate_dismissals WHERE workspace_id = ? AND dismissal_id = ?").bind_all({ctx.workspace_id, id}).run();
  return ok_status();
}

}  // namespace rapport::dedupe

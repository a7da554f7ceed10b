#include "modules/dedupe/merge.hpp"

#include <algorithm>

#include "modules/dedupe/merge_relations.hpp"
#include "platform/clock.hpp"
#include "platform/http/message.hpp"
#include "platform/ids.hpp"
#include "platform/journal.hpp"
#include "platform/records/create_steps.hpp"
#include "platform/records/custom_fields.hpp"
#include "platform/records/scope.hpp"

namespace rapport::dedupe {
namespace json = boost::json;
using identity::Action;

namespace {

// The fields a merge chooses between: the business fields a person sets and the custom fields,
// those the caller's role shows and lets it change. Server-set fields stay the survivor's.
void choosable(const identity::Context& ctx, const records::ObjectSpec& spec, const std::vector<records::CustomFieldDef>& defs,
               std::vector<std::string>& fields, std::vector<std::string>& custom) {
  auto open = [&](const std::string& name) { return ctx.field(spec.object, name) == identity::FieldAccess::Visible; };
  for (const auto& f : spec.fields)
    if (f.writable && open(f.name)) fields.push_back(f.name);
  for (const auto& d : defs)
    if (open("custom." + d.name)) custom.push_back(d.name);
}

json::array field_preview(const std::vector<FieldChoice>& plan, const std::vector<std::string>& ids) {
  json::array out;
  for (const auto& f : plan) {
    json::array values;
    for (std::size_t i = 0; i < ids.size(); ++i) values.push_back(json::object{{"id", ids[i]}, {"value", f.values[i]}});
    out.push_back(json::object{{"field", f.field},
                               {"values", std::move(values)},
                               {"chosen", ids[f.chosen]},
                               {"value", f.values[f.chosen]},
                               {"chosen_by", f.asked ? "request" : "default"}});
  }
  return out;
}

json::array strings(const std::vector<std::string>& v) {
  json::array out;
  for (const auto& s : v) out.emplace_back(s);
  return out;
}

json::object shown(const identity::Context& ctx, std::string_view object, json::object record) {
  records::strip_hidden(ctx, object, record);
  return record;
}

bool erased(db::Connection& c, const records::ObjectSpec& spec, const std::string& workspace_id, const std::string& id) {
  return spec.erasable && !std::holds_alternative<std::nullptr_t>(c.scalar(
                              "SELECT erased_at FROM " + spec.object + " WHERE workspace_id = ? AND id = ?", {workspace_id, id}));
}

// Another live record holding one of `rec`'s unique values (as the recycle bin's restore checks).
std::vector<FieldError> unique_conflicts(db::Connection& c, const identity::Context& ctx, const records::Store& store,
                                         const std::vector<records::CustomFieldDef>& defs, const json::object& rec) {
  const auto& spec = store.spec();
  const std::string id(rec.at("id").as_string());
  std::vector<FieldError> out;
  for (const auto& u : spec.unique) {
    const auto& v = rec.at(u.field);
    if (!v.is_string()) continue;
    if (store.find_duplicate(c, ctx, *spec.field(u.field), std::string(v.as_string()), id))
      out.push_back({u.field, "unique", "of the merged " + spec.singular + " " + id + " is now another live " + spec.singular + "'s"});
  }
  for (const auto& d : defs) {
    const auto& v = field_value(rec, "custom." + d.name);
    if (!d.unique || v.is_null()) continue;
    if (store.find_duplicate(c, ctx, d.sql_expr(c.dialect()), records::custom_value(v), id))
      out.push_back({"custom." + d.name, "unique", "of the merged " + spec.singular + " " + id + " is now another live " +
                                                       spec.singular + "'s"});
  }
  return out;
}

}  // namespace

Result<json::object> merge(db::Connection& c, const identity::Context& ctx, const records::Store& store, const MergeRequest& request) {
  const auto& spec = store.spec();
  const std::string& survivor_id = request.ids.front();
  std::vector<json::object> recs;
  for (const auto& id : request.ids) {
    auto r = store.find(c, ctx, id);
    if (!r) return Problem::not_found("No live " + spec.singular + " " + id + " that you may read");
    recs.push_back(std::move(*r));
  }
  for (std::size_t i = 0; i < request.ids.size(); ++i) {
    if (!store.in_scope(c, ctx, request.ids[i], Action::Update)) return records::not_allowed(Action::Update, spec.singular);
    if (i > 0 && !store.in_scope(c, ctx, request.ids[i], Action::Delete)) return records::not_allowed(Action::Delete, spec.singular);
  }
  // What would move, and its bound.
  std::map<std::string, int64_t> related;
  int64_t total = 0;
  for (std::size_t i = 1; i < request.ids.size(); ++i)
    for (const auto& [name, n] : count_related(c, ctx.workspace_id, spec.object, request.ids[i])) {
      related[name] += n;
      total += n;
    }
  if (total > kMaxMovedRows)
    return Problem::invalid({{"ids", "too_many_related", "the merged records hold " + std::to_string(total) +
                                                             " related rows; a merge moves at most 50000"}},
                            "Too many related rows to merge at once");

  const auto defs = records::load_custom_fields(c, ctx.workspace_id, spec.object);
  std::vector<std::string> fields, custom;
  choosable(ctx, spec, defs, fields, custom);
  auto plan = plan_fields(recs, fields, custom, request);
  if (!plan) return plan.take_problem();
  json::object after = merged_record(recs.front(), *plan);
  const std::vector<std::string> merged(request.ids.begin() + 1, request.ids.end());

  if (request.dry_run) {
    json::object related_json;
    for (const auto& [name, n] : related) related_json[name] = n;
    return json::object{{"dry_run", true},
                        {"survivor_id", survivor_id},
                        {"merged_ids", strings(merged)},
                        {"fields", field_preview(*plan, request.ids)},
                        {"related", std::move(related_json)},
                        {"record", shown(ctx, spec.object, after)}};
  }

  const std::string merge_id = ids::uuid_v7();
  const std::string now = clock::now_text();
  int64_t seq = 0, moved = 0;
  for (const auto& id : merged) moved += move_related(c, ctx.workspace_id, spec.object, merge_id, id, survivor_id, seq);
  // The merged records to the recycle bin (first: the survivor may take a unique value of theirs).
  for (std::size_t i = 1; i < recs.size(); ++i) {
    const std::string& id = request.ids[i];
    store.set_deleted(c, ctx, id, now, recs[i].at("version").as_int64() + 1);
    journal::audit(c, ctx, spec.object, id, "merged",
                   json::array{json::object{{"field", "deleted_at"}, {"before", nullptr}, {"after", now}},
                               json::object{{"field", "merged_into"}, {"before", nullptr}, {"after", survivor_id}, {"merge_id", merge_id}}});
  }
  store.count_live(c, ctx, -static_cast<int64_t>(merged.size()));

  // The survivor: its new version, one audit entry and one event for the whole merge.
  const json::object& before = recs.front();
  json::array changes = journal::diff(before, after);
  json::object replaced, wrote;
  for (const auto& ch : changes) {
    const std::string field(ch.as_object().at("field").as_string());
    replaced[field] = ch.as_object().at("before");
    wrote[field] = ch.as_object().at("after");
  }
  json::array entry = changes;
  entry.push_back(json::object{{"field", "merge"},
                               {"before", nullptr},
                               {"after", json::object{{"merge_id", merge_id}, {"merged_ids", strings(merged)}}}});
  after["version"] = before.at("version").as_int64() + 1;
  after["updated_at"] = now;
  if (!store.update(c, ctx, after))
    return Problem::precondition_failed("The " + spec.singular + " changed while it was being merged; try again");
  journal::audit(c, ctx, spec.object, survivor_id, "merge", entry);
  journal::emit(c, ctx, spec.singular + ".merged", spec.object, survivor_id,
                json::object{{"merge_id", merge_id}, {"merged_ids", strings(merged)}, {"record", after}, {"changes", changes}});
  c.prepare("INSERT INTO record_merges(id, workspace_id, object_type, survivor_id, merged_ids, survivor_before, survivor_after, "
            "merged_at, merged_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all({merge_id, ctx.workspace_id, spec.object, survivor_id, json::serialize(strings(merged)), json::serialize(replaced),
                 json::serialize(wrote), now, ctx.actor()})
      .run();
  return json::object{{"merge_id", merge_id},
                      {"survivor_id", survivor_id},
                      {"merged_ids", strings(merged)},
                      {"fields", field_preview(*plan, request.ids)},
                      {"moved", moved},
                      {"record", shown(ctx, spec.object, after)}};
}

Result<json::object> unmerge(db::Connection& c, const identity::Context& ctx, const records::Store& store, const std::string& merge_id) {
  const auto& spec = store.spec();
  if (!ids::is_uuid(merge_id)) return Problem::not_found("No such merge");
  std::string survivor_id, merged_text, before_text, after_text;
  bool undone = false;
  {
    auto& st = c.prepare("SELECT survivor_id, merged_ids, survivor_before, survivor_after, undone_at FROM record_merges "
                         "WHERE workspace_id = ? AND object_type = ? AND id = ?");
    st.bind_all({ctx.workspace_id, spec.object, merge_id});
    if (!st.step()) return Problem::not_found("No such merge");
    survivor_id = st.text(0);
    merged_text = st.text(1);
    before_text = st.text(2);
    after_text = st.text(3);
    undone = !st.is_null(4);
    st.reset();
  }
  auto survivor = store.find(c, ctx, survivor_id);
  if (!survivor) {
    if (store.find(c, ctx, survivor_id, true))
      return Problem::conflict("The " + spec.singular + " the records were merged into is in the recycle bin; restore it first");
    return Problem::not_found("No such merge");
  }
  if (undone) return Problem::conflict("This merge was undone already");
  if (!store.in_scope(c, ctx, survivor_id, Action::Update)) return records::not_allowed(Action::Update, spec.singular);

  std::vector<json::object> merged;
  const json::value merged_ids = json::parse(merged_text);
  for (const auto& v : merged_ids.as_array()) {
    const std::string id(v.as_string());
    auto rec = store.find(c, ctx, id, true);
    if (!rec || erased(c, spec, ctx.workspace_id, id))
      return Problem::conflict("The merged " + spec.singular + " " + id + " was purged or erased since; the merge cannot be undone");
    if (rec->at("deleted_at").is_null())
      return Problem::conflict("The merged " + spec.singular + " " + id +
                               " was restored from the recycle bin since; delete it again to undo the merge");
    if (!store.in_scope(c, ctx, id, Action::Delete)) return records::not_allowed(Action::Delete, spec.singular);
    merged.push_back(std::move(*rec));
  }

  // The survivor gets back what the merge replaced, field by field, unless it changed since.
  const json::object replaced = json::parse(before_text).as_object();
  const json::object wrote = json::parse(after_text).as_object();
  json::object after = *survivor;
  json::array kept;
  for (const auto& kv : wrote) {
    if (field_value(*survivor, kv.key()) != kv.value()) {
      kept.emplace_back(kv.key());
      continue;
    }
    set_field(after, kv.key(), replaced.at(kv.key()));
  }
  std::vector<std::string> restored_ids;
  for (const auto& m : merged) restored_ids.emplace_back(m.at("id").as_string());
  json::array changes = journal::diff(*survivor, after);
  json::array entry = changes;
  entry.push_back(json::object{{"field", "unmerge"},
                               {"before", nullptr},
                               {"after", json::object{{"merge_id", merge_id}, {"restored_ids", strings(restored_ids)}}}});
  const std::string now = clock::now_text();
  after["version"] = survivor->at("version").as_int64() + 1;
  after["updated_at"] = now;
  if (!store.update(c, ctx, after))
    return Problem::precondition_failed("The " + spec.singular + " changed while the merge was being undone; try again");
  journal::audit(c, ctx, spec.object, survivor_id, "unmerge", entry);

  // The merged records come back, unless a unique value of theirs is another's now.
  const auto defs = records::load_custom_fields(c, ctx.workspace_id, spec.object);
  std::vector<FieldError> conflicts;
  for (const auto& m : merged)
    for (auto& e : unique_conflicts(c, ctx, store, defs, m)) conflicts.push_back(std::move(e));
  if (!conflicts.empty()) return Problem::conflict("Undoing the merge would duplicate a unique value", std::move(conflicts));
  json::array restored;
  for (const auto& m : merged) {
    const std::string id(m.at("id").as_string());
    store.set_deleted(c, ctx, id, std::nullopt, m.at("version").as_int64() + 1);
    journal::audit(c, ctx, spec.object, id, "unmerge",
                   json::array{json::object{{"field", "deleted_at"}, {"before", m.at("deleted_at")}, {"after", nullptr}},
                               json::object{{"field", "merged_into"}, {"before", survivor_id}, {"after", nullptr}, {"merge_id", merge_id}}});
    journal::emit(c, ctx, spec.singular + ".restored", spec.object, id, json::object{{"id", id}});
  }
  store.count_live(c, ctx, static_cast<int64_t>(merged.size()));
  const MovedBack back = move_back(c, ctx.workspace_id, spec.object, merge_id, survivor_id);
  journal::emit(c, ctx, spec.singular + ".unmerged", spec.object, survivor_id,
                json::object{{"merge_id", merge_id}, {"restored_ids", strings(restored_ids)}, {"record", after}, {"changes", changes}});
  c.prepare("UPDATE record_merges SET undone_at = ?, undone_by = ? WHERE workspace_id = ? AND id = ?")
      .bind_all({now, ctx.actor(), ctx.workspace_id, merge_id})
      .run();
  for (const auto& id : restored_ids) {
    // Restored in this transaction from rows the caller may delete (and so read).
    if (auto rec = store.find(c, ctx, id)) restored.push_back(shown(ctx, spec.object, std::move(*rec)));
  }
  return json::object{{"merge_id", merge_id},
                      {"record", shown(ctx, spec.object, after)},
                      {"restored", std::move(restored)},
                      {"returned", back.returned},
                      {"left", back.left},
                      {"kept", std::move(kept)}};
}

}  // namespace rapport::dedupe

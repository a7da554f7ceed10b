#include "modules/marketing/campaign_audience.hpp"

#include "modules/marketing/segment_store.hpp"
#include "platform/db/in_list.hpp"

namespace rapport::marketing {

namespace {

struct Part {
  const char* key;
  const std::vector<std::string>& ids;
  bool segments;
};

bool exists(db::Connection& c, const std::string& workspace_id, const std::string& id, bool segment) {
  return !std::holds_alternative<std::nullptr_t>(
      c.scalar(segment ? "SELECT 1 FROM segments WHERE workspace_id = ? AND id = ?"
                       : "SELECT 1 FROM marketing_lists WHERE workspace_id = ? AND id = ?",
               {workspace_id, id}));
}

// "(<segment's filter>) OR EXISTS (<list membership>)" for one side (included or excluded).
// The shape keeps the cost linear whatever the planner knows: a segment's filter is inlined (no
// self-join of contacts) and list membership is a probe of the members' primary key per contact,
// kept a correlated subquery by "LIMIT 1 OFFSET 0" (PostgreSQL does not pull an EXISTS with an
// OFFSET up into a join). As `id IN (SELECT contact_id ...)`, PostgreSQL planned tables filled since
// their last ANALYZE as a nested loop scanning the list's members for every contact: 10,000 members
// ran past the statement timeout until autovacuum's next round. Cost now: one pass over the
// workspace's live contacts, one index probe each.
Status append_side(db::Connection& c, const std::string& workspace_id, const Part& segments, const Part& lists,
                   const FilterCompiler& compile, Sql& out) {
  bool first = true;
  std::size_t i = 0;
  for (const auto& id : segments.ids) {
    std::string at = std::string("audience.") + segments.key + ".";
    at += std::to_string(i++);
    auto s = segment_store::find(c, workspace_id, id);
    if (!s) return Problem::conflict("A segment of the audience no longer exists", {{at, "not_found", "names no segment of this workspace"}});
    auto sql = compile(c, s->filter);
    if (!sql) {
      Problem p = sql.take_problem();
      std::string why = p.errors.empty() ? p.detail : p.errors[0].field + " " + p.errors[0].message;
      return Problem::conflict("The segment " + s->name + " cannot run now: " + why, {{at, "filter", why}});
    }
    out.text += first ? "" : " OR ";
    out.text += "(1 = 1" + sql->text + ")";  // the filter's text is "" or " AND ..."
    out.params.insert(out.params.end(), sql->params.begin(), sql->params.end());
    first = false;
  }
  if (!lists.ids.empty()) {
    std::size_t j = 0;
    for (const auto& id : lists.ids) {
      std::string at = std::string("audience.") + lists.key + ".";
      at += std::to_string(j++);
      if (!exists(c, workspace_id, id, false))
        return Problem::conflict("A list of the audience no longer exists", {{at, "not_found", "names no list of this workspace"}});
    }
    std::vector<db::Value> values(lists.ids.begin(), lists.ids.end());
    out.text += first ? "" : " OR ";
    out.text += "EXISTS (SELECT 1 FROM marketing_list_members m WHERE m.workspace_id = ? AND m.contact_id = contacts.id AND m.list_id IN ";
    out.params.emplace_back(workspace_id);
    db::append_in_list(out.text, out.params, values);
    out.text += " LIMIT 1 OFFSET 0)";
  }
  return ok_status();
}

}  // namespace

Status check_audience(db::Connection& c, const std::string& workspace_id, const Audience& a) {
  std::vector<FieldError> errors;
  for (const Part& p : {Part{"segment_ids", a.segment_ids, true}, Part{"list_ids", a.list_ids, false},
                        Part{"exclude_segment_ids", a.exclude_segment_ids, true}, Part{"exclude_list_ids", a.exclude_list_ids, false}}) {
    std::size_t i = 0;
    for (const auto& id : p.ids) {
      std::string at = std::string("audience.") + p.key + ".";
      at += std::to_string(i++);
      if (!exists(c, workspace_id, id, p.segments))
        errors.push_back({at, "not_found", std::string("names no ") + (p.segments ? "segment" : "list") + " of this workspace"});
    }
  }
  if (!errors.empty()) return Problem::invalid(std::move(errors));
  return ok_status();
}

Result<Sql> audience_sql(db::Connection& c, const std::string& workspace_id, const Audience& a, const FilterCompiler& compile) {
  Sql out;
  if (a.empty()) {
    out.text = " AND 1 = 0";
    return out;
  }
  Sql included;
  if (Status st = append_side(c, workspace_id, {"segment_ids", a.segment_ids, true}, {"list_ids", a.list_ids, false}, compile, included); !st)
    return st.take_problem();
  out.text = " AND (" + included.text + ")";
  out.params = std::move(included.params);
  if (!a.exclude_segment_ids.empty() || !a.exclude_list_ids.empty()) {
    Sql excluded;
    if (Status st = append_side(c, workspace_id, {"exclude_segment_ids", a.exclude_segment_ids, true},
                                {"exclude_list_ids", a.exclude_list_ids, false}, compile, excluded);
        !st)
      return st.take_problem();
    // NULL (a filter over an empty field: `email = ?` for a contact without one) is "not in the
    // exclusion", as it was when each part was an IN: NOT NULL would leave the contact out.
    out.text += " AND (CASE WHEN (" + excluded.text + ") THEN 0 ELSE 1 END) = 1";
    out.params.insert(out.params.end(), excluded.params.begin(), excluded.params.end());
  }
  return out;
}

}  // namespace rapport::marketing

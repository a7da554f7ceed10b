#include "modules/analytics/report_scrub.hpp"

#include <utility>
#include <vector>

#include "modules/analytics/report_schedule_store.hpp"
#include "modules/analytics/saved_item_store.hpp"
#include "platform/clock.hpp"
#include "platform/journal.hpp"

namespace rapport::analytics {
namespace json = boost::json;

namespace {

// A stored filter object as list filters ({field: {op: value}}; a value that is not text cannot be
// a person's and is kept as its text, so the object round-trips).
std::vector<records::Filter> filters_of(const json::object& filter) {
  std::vector<records::Filter> out;
  for (const auto& [field, conditions] : filter) {
    if (!conditions.is_object()) continue;
    for (const auto& [op, value] : conditions.as_object())
      out.push_back({std::string(field), std::string(op), value.is_string() ? std::string(value.as_string()) : json::serialize(value)});
  }
  return out;
}

json::object filter_json(const std::vector<records::Filter>& filters) {
  json::object out;
  for (const auto& f : filters) {
    if (!out.contains(f.field)) out[f.field] = json::object{};
    out[f.field].as_object()[f.op] = f.value;
  }
  return out;
}

// Report schedules stop sending to the person's addresses; their audit entries show them as `replacement`.
void forget_recipient(db::Connection& c, const std::string& workspace_id, const views::PersonValues& person, std::string_view replacement) {
  for (ReportSchedule s : schedule_store::of_workspace(c, workspace_id)) {
    const auto before = s.emails.size();
    std::erase_if(s.emails, [&](const std::string& e) { return person.matches(e); });
    if (s.emails.size() != before) schedule_store::set_emails(c, s);
  }
  std::vector<std::pair<int64_t, std::string>> rewritten;
  auto& st = c.prepare("SELECT id, changes FROM audit_log WHERE workspace_id = ? AND object_type = 'report_schedules'");
  st.bind_all({workspace_id});
  while (st.step()) {
    auto v = json::parse(st.text(1));
    if (!v.is_array()) continue;
    bool redacted = false;
    for (auto& entry : v.as_array()) {
      auto* o = entry.if_object();
      if (!o || !o->contains("field") || o->at("field") != "emails") continue;
      for (const char* side : {"before", "after"})
        if (auto* a = o->if_contains(side); a && a->is_array())
          for (auto& e : a->as_array())
            if (e.is_string() && person.matches(e.as_string())) {
              e = json::string(replacement);
              redacted = true;
            }
    }
    if (redacted) rewritten.emplace_back(st.int64(0), json::serialize(v));
  }
  st.reset();
  for (const auto& [id, changes] : rewritten) c.prepare("UPDATE audit_log SET changes = ? WHERE id = ?").bind_all({changes, id}).run();
}

}  // namespace

bool scrub_definition_filter(json::object& definition, const views::PersonValues& person, std::string_view replacement, bool redact) {
  auto* filter = definition.if_contains("filter");
  if (!filter || !filter->is_object()) return false;
  auto filters = filters_of(filter->as_object());
  const bool changed = redact ? views::redact_person_values(filters, person, replacement) : views::drop_person_values(filters, person);
  if (changed) *filter = filter_json(filters);
  return changed;
}

int64_t forget_person(db::Connection& c, const identity::Context& ctx, const views::PersonValues& person, std::string_view replacement) {
  if (person.empty()) return 0;
  forget_recipient(c, ctx.workspace_id, person, replacement);
  int64_t changed = 0;
  const std::string now = clock::now_text();
  for (const SavedItem& before : item_store::list(c, kSavedReports, ctx.workspace_id)) {
    if (!before.payload.is_object()) continue;
    SavedItem after = before;
    if (!scrub_definition_filter(after.payload.as_object(), person, replacement, false)) continue;
    SavedItem shown = before;  // what the entry may say was there
    scrub_definition_filter(shown.payload.as_object(), person, replacement, true);
    after.version = before.version + 1;
    after.updated_at = now;
    item_store::update(c, after);
    journal::audit(c, ctx, kSavedReports.table, after.id, "erase_filter",
                   json::array{json::object{{"field", "definition"}, {"before", shown.payload}, {"after", after.payload}}});
    ++changed;
  }
  // The saved reports' history, deleted ones' included: the definitions they were saved with and changed to.
  std::vector<std::pair<int64_t, std::string>> rewritten;
  auto& st = c.prepare("SELECT id, changes FROM audit_log WHERE workspace_id = ? AND object_type = 'saved_reports'");
  st.bind_all({ctx.workspace_id});
  while (st.step()) {
    auto v = json::parse(st.text(1));
    if (!v.is_array()) continue;
    bool redacted = false;
    for (auto& entry : v.as_array()) {
      auto* o = entry.if_object();
      if (!o || !o->contains("field") || o->at("field") != "definition") continue;
      for (const char* side : {"before", "after"})
        if (auto* d = o->if_contains(side); d && d->is_object())
          redacted = scrub_definition_filter(d->as_object(), person, replacement, true) || redacted;
    }
    if (redacted) rewritten.emplace_back(st.int64(0), json::serialize(v));
  }
  st.reset();
  for (const auto& [id, changes] : rewritten) c.prepare("UPDATE audit_log SET changes = ? WHERE id = ?").bind_all({changes, id}).run();
  return changed;
}

}  // namespace rapport::analytics

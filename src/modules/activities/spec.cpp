#include <algorithm>
#include <array>
#include <map>
#include <set>

#include "modules/activities/activities.hpp"
#include "modules/activities/icalendar.hpp"
#include "platform/clock.hpp"
#include "platform/identity/securable_objects.hpp"
#include "platform/ids.hpp"
#include "platform/records/store.hpp"

namespace rapport::activities {
namespace json = boost::json;
using records::FieldSpec;
using records::FieldType;

namespace {

// Fields that belong to one activity type only; setting them on another type is refused.
const std::map<std::string, std::set<std::string>>& type_fields() {
  static const std::map<std::string, std::set<std::string>> m = {
      {"task", {"due_at", "done", "completed_at"}},
      {"call", {"direction", "duration_seconds", "outcome"}},
      {"meeting", {"starts_at", "ends_at", "location", "attendees"}},
      {"email", {"direction", "email_from", "email_to"}},
  };
  return m;
}

// What an activity links to: contact_id/contact_ids, ... (the table is activity_links.target_type).
struct LinkKind {
  const char* single;
  const char* many;
  const char* table;
};
const std::array<LinkKind, 4>& link_kinds() {
  static const std::array<LinkKind, 4> kinds = {LinkKind{"contact_id", "contact_ids", "contacts"},
                                                LinkKind{"company_id", "company_ids", "companies"},
                                                LinkKind{"lead_id", "lead_ids", "leads"},
                                                LinkKind{"deal_id", "deal_ids", "deals"}};
  return kinds;
}

// The ids named by contact_id/contact_ids (or company_...), or nullopt when the body names none.
std::optional<std::vector<std::string>> link_ids(const json::object& extras, const char* single, const char* many,
                                                 std::vector<FieldError>& errors) {
  std::optional<std::vector<std::string>> out;
  if (auto* v = extras.if_contains(single)) {
    out.emplace();
    if (v->is_string() && ids::is_uuid(v->as_string())) out->emplace_back(v->as_string());
    else if (!v->is_null()) errors.push_back({single, "type", "must be the id of a record"});
  }
  if (auto* v = extras.if_contains(many)) {
    if (!out) out.emplace();
    if (!v->is_array() || v->as_array().size() > 100) {
      errors.push_back({many, "type", "must be an array of at most 100 ids"});
    } else {
      for (const auto& e : v->as_array()) {
        if (!e.is_string() || !ids::is_uuid(e.as_string())) {
          errors.push_back({many, "type", "must be an array of record ids"});
          break;
        }
        out->emplace_back(e.as_string());
      }
    }
  }
  if (out) {
    for (auto& id : *out) std::transform(id.begin(), id.end(), id.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::sort(out->begin(), out->end());
    out->erase(std::unique(out->begin(), out->end()), out->end());
  }
  return out;
}

void check(db::Connection& c, const access::Context& ctx, const json::object& rec, const json::object& extras,
           bool creating, std::vector<FieldError>& errors) {
  const std::string type(rec.at("type").is_string() ? rec.at("type").as_string() : "");
  auto present = [&](const char* k) {
    auto& v = rec.at(k);
    return !(v.is_null() || (v.is_string() && v.as_string().empty()) || (v.is_array() && v.as_array().empty()));
  };
  for (const auto& [t, fields] : type_fields()) {
    if (t == type) continue;
    for (const auto& f : fields) {
      bool own = type_fields().count(type) && type_fields().at(type).count(f);
      if (!own && present(f.c_str()) && !(f == "completed_at"))
        errors.push_back({f, "not_applicable", "does not apply to an activity of type " + type});
    }
  }
  if (type == "note" && !present("body") && !present("subject"))
    errors.push_back({"body", "required", "a note needs a body or a subject"});
  if ((type == "task" || type == "email" || type == "call" || type == "meeting") && !present("subject"))
    errors.push_back({"subject", "required", "is required for a " + type});
  if (type == "meeting") {
    if (!present("starts_at")) errors.push_back({"starts_at", "required", "is required for a meeting"});
    if (!present("ends_at")) errors.push_back({"ends_at", "required", "is required for a meeting"});
    if (present("starts_at") && present("ends_at") && !(rec.at("ends_at").as_string() > rec.at("starts_at").as_string()))
      errors.push_back({"ends_at", "consistency", "must be after starts_at"});
  }
  if (type == "email" && !present("direction")) errors.push_back({"direction", "required", "is required for an email"});

  // Every kind of record an activity links to: the single and list keys, the table (also the
  // target_type of activity_links).
  bool named = false;
  std::size_t links = 0;
  for (const auto& k : link_kinds()) {
    auto ids = link_ids(extras, k.single, k.many, errors);
    if (ids) {
      named = true;
      for (const auto& id : *ids)
        if (!records::reference_exists(c, ctx, k.table, id))
          errors.push_back({k.many, "not_found", "refers to no live record of " + std::string(k.table) + " in this workspace: " + id});
    }
    // The links the activity would have after this write (apply_extras merged them), not only the
    // ones this request names: an update must not leave it linked to nothing.
    if (auto* v = rec.if_contains(k.many); v && v->is_array()) links += v->as_array().size();
  }
  if ((creating || named) && links == 0) {
    // Named after what the request gave (contact_ids when it gave nothing).
    const char* field = "contact_ids";
    for (const auto& k : link_kinds())
      if (extras.contains(k.single) || extras.contains(k.many)) {
        field = k.many;
        break;
      }
    errors.push_back({field, "required", "an activity links to at least one contact, company, lead or deal"});
  }
}

void apply_extras(json::object& rec, const json::object& extras) {
  std::vector<FieldError> ignored;  // malformed links are reported by check
  for (const auto& k : link_kinds()) {
    const char* many = k.many;
    auto ids = link_ids(extras, k.single, many, ignored);
    if (ids) {
      json::array arr;
      for (const auto& id : *ids) arr.push_back(json::value(id));
      rec[many] = std::move(arr);
    } else if (!rec.contains(many)) {
      rec[many] = json::array{};
    }
  }
}

void normalize(json::object& rec, bool) {
  const std::string type(rec.at("type").is_string() ? rec.at("type").as_string() : "");
  if (type == "task") {
    if (rec.at("done").is_null()) rec["done"] = false;
    if (rec.at("done").as_bool() && rec.at("completed_at").is_null()) rec["completed_at"] = clock::now_text();
    if (!rec.at("done").as_bool()) rec["completed_at"] = nullptr;
  }
  // Where it sits on the timeline: a meeting at its start and a task at its due time (following them
  // when they move); other activities when they happened, by default when they were logged.
  if (type == "meeting" && rec.at("starts_at").is_string()) rec["occurred_at"] = rec.at("starts_at");
  else if (type == "task" && rec.at("due_at").is_string()) rec["occurred_at"] = rec.at("due_at");
  else if (rec.at("occurred_at").is_null())
    rec["occurred_at"] = rec.at("created_at").is_string() ? rec.at("created_at") : json::value(clock::now_text());
}

// Stores the links apply_extras put into the record (replacing the previous ones).
void after_write(db::Connection& c, const access::Context& ctx, const std::string& id, const json::object&,
                 const json::object& rec) {
  const std::string occurred(rec.at("occurred_at").as_string());
  c.prepare("DELETE FROM activity_links WHERE activity_id = ?").bind_all({id}).run();
  for (const auto& k : link_kinds()) {
    const std::string table = k.table;
    for (const auto& target : rec.at(k.many).as_array())
      c.prepare(
           "INSERT INTO activity_links(workspace_id, activity_id, target_type, target_id, occurred_at) VALUES (?, ?, ?, ?, ?)")
          .bind_all({ctx.workspace_id, id, std::string(table), std::string(target.as_string()), occurred})
          .run();
  }
}

void decorate(db::Connection& c, const access::Context&, json::object& rec) {
  std::array<json::array, 4> lists;
  auto& st = c.prepare("SELECT target_type, target_id FROM activity_links WHERE activity_id = ? ORDER BY target_type, target_id");
  st.bind_all({std::string(rec.at("id").as_string())});
  while (st.step()) {
    const std::string type = st.text(0);
    for (std::size_t i = 0; i < lists.size(); ++i)
      if (type == link_kinds()[i].table) lists[i].push_back(json::value(st.text(1)));
  }
  st.reset();
  for (std::size_t i = 0; i < lists.size(); ++i) rec[link_kinds()[i].many] = std::move(lists[i]);
}

}  // namespace

const records::ObjectSpec& activity_spec() {
  static const records::ObjectSpec spec = [] {
    records::ObjectSpec s;
    s.object = "activities";
    s.singular = "activity";
    s.title = "Activity";
    s.display = {{"subject"}, {"type"}};
    s.default_sort = "-occurred_at";
    s.erasable = true;
    auto add = [&](std::string name, FieldType t, std::size_t max_len = 255) -> FieldSpec& {
      FieldSpec f;
      f.name = std::move(name);
      f.type = t;
      f.max_length = max_len;
      s.fields.push_back(std::move(f));
      return s.fields.back();
    };
    auto& type = add("type", FieldType::Enum);
    type.required = true;
    type.options = {"note", "task", "call", "meeting", "email"};
    add("subject", FieldType::String, 255);
    add("body", FieldType::Text, 100000);
    auto& occurred = add("occurred_at", FieldType::DateTime);
    occurred.sortable = true;
    occurred.description = "When it happened; defaults to a meeting's start, a task's due time or now";
    add("due_at", FieldType::DateTime).sortable = true;
    add("done", FieldType::Boolean);
    auto& completed = add("completed_at", FieldType::DateTime);
    completed.writable = false;
    auto& direction = add("direction", FieldType::Enum);
    direction.options = {"inbound", "outbound"};
    auto& duration = add("duration_seconds", FieldType::Integer);
    duration.min = 0;
    duration.max = 7 * 86400;
    auto& outcome = add("outcome", FieldType::Enum);
    outcome.options = {"connected", "no_answer", "left_voicemail", "busy", "wrong_number"};
    add("starts_at", FieldType::DateTime);
    add("ends_at", FieldType::DateTime);
    add("location", FieldType::String, 255);
    add("attendees", FieldType::EmailList).description = "Email addresses of the meeting's attendees";
    add("email_from", FieldType::Email, 254);
    add("email_to", FieldType::EmailList);
    s.hooks.extra_keys = {"contact_id", "company_id", "lead_id", "deal_id", "contact_ids", "company_ids", "lead_ids", "deal_ids"};
    s.hooks.check = check;
    s.hooks.apply_extras = apply_extras;
    s.hooks.normalize = normalize;
    s.hooks.after_write = after_write;
    s.hooks.decorate = decorate;
    // The list export's format=ics: the meetings and tasks among the activities it lists.
    s.record_formats.push_back({.name = "ics", .content_type = "text/calendar; charset=utf-8", .extension = "ics",
                                .begin = calendar_begin("Rapport activities"), .end = std::string(kCalendarEnd),
                                .write = [](const json::object& r, std::string& out) { append_component(r, out); }});
    return s;
  }();
  return spec;
}

void register_objects(std::vector<const records::ObjectSpec*>& specs) {
  specs.push_back(&activity_spec());
  identity::add_securable_object(activity_spec().object);
}

}  // namespace rapport::activities

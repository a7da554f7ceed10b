#include "modules/sales/deals.hpp"

#include <set>

#include "modules/sales/board_store.hpp"
#include "modules/sales/deal_export.hpp"
#include "modules/sales/line_item_store.hpp"
#include "modules/sales/pipelines.hpp"
#include "modules/sales/specs.hpp"
#include "platform/clock.hpp"
#include "platform/db/multi_row.hpp"
#include "platform/ids.hpp"
#include "platform/journal.hpp"
#include "platform/records/export_extras.hpp"
#include "platform/records/store.hpp"

namespace rapport::sales {
namespace json = boost::json;
using records::FieldType;

const std::vector<std::string>& contact_roles() {
  static const std::vector<std::string> roles = {"decision_maker", "champion", "influencer", "economic_buyer",
                                                 "technical_buyer", "user", "other"};
  return roles;
}

namespace {

bool empty(const json::object& rec, const char* k) {
  auto* v = rec.if_contains(k);
  return !v || v->is_null() || (v->is_string() && v->as_string().empty());
}

// "contacts": [{"contact_id": "...", "role": "champion"}, ...] as given (nullopt when absent).
std::optional<json::array> contacts_input(const json::object& extras, std::vector<FieldError>& errors) {
  auto* v = extras.if_contains("contacts");
  if (!v) return std::nullopt;
  json::array out;
  if (!v->is_array() || v->as_array().size() > 50) {
    errors.push_back({"contacts", "type", "must be an array of at most 50 {contact_id, role} objects"});
    return out;
  }
  std::set<std::string> seen;
  for (const auto& e : v->as_array()) {
    auto* id = e.is_object() ? e.as_object().if_contains("contact_id") : nullptr;
    if (!id || !id->is_string() || !ids::is_uuid(id->as_string())) {
      errors.push_back({"contacts", "format", "each entry needs a contact_id"});
      continue;
    }
    json::value role = nullptr;
    if (auto* r = e.as_object().if_contains("role"); r && !r->is_null()) {
      const auto& roles = contact_roles();
      if (!r->is_string() || std::find(roles.begin(), roles.end(), r->as_string()) == roles.end()) {
        errors.push_back({"contacts", "enum", "role must be one of decision_maker, champion, influencer, economic_buyer, technical_buyer, user, other"});
        continue;
      }
      role = *r;
    }
    for (const auto& kv : e.as_object())
      if (kv.key() != "contact_id" && kv.key() != "role") errors.push_back({"contacts", "unknown", "entries hold contact_id and role only"});
    if (seen.insert(std::string(id->as_string())).second) out.push_back(json::object{{"contact_id", *id}, {"role", role}});
  }
  return out;
}

void resolve(db::Connection& c, const access::Context& ctx, json::object& rec, bool) {
  if (empty(rec, "stage_id") && !empty(rec, "pipeline_id"))
    if (auto s = first_open_stage(c, ctx.workspace_id, std::string(rec.at("pipeline_id").as_string()))) rec["stage_id"] = s->id;
  if (empty(rec, "stage_id")) return;
  auto stage = load_stage(c, ctx.workspace_id, std::string(rec.at("stage_id").as_string()));
  if (!stage) return;  // check reports it
  follow_stage_type(rec, stage->type);
}

void check(db::Connection& c, const access::Context& ctx, const json::object& rec, const json::object& extras, bool creating,
           std::vector<FieldError>& errors) {
  if (!empty(rec, "stage_id")) {
    auto stage = load_stage(c, ctx.workspace_id, std::string(rec.at("stage_id").as_string()));
    if (!stage || stage->archived) {
      errors.push_back({"stage_id", "not_found", "refers to no current stage"});
    } else {
      if (!empty(rec, "pipeline_id") && stage->pipeline_id != rec.at("pipeline_id").as_string())
        errors.push_back({"stage_id", "consistency", "is a stage of another pipeline"});
      if (stage->type != "open" && empty(rec, "expected_close_date"))
        errors.push_back({"expected_close_date", "required", "a won or lost deal needs its close date"});
      if (stage->type == "lost" && empty(rec, "lost_reason"))
        errors.push_back({"lost_reason", "required", "a lost deal needs the reason it was lost"});
    }
  } else if (!empty(rec, "pipeline_id")) {
    errors.push_back({"stage_id", "required", "the pipeline has no open stage to start in; name a stage"});
  }
  if (!empty(rec, "amount") && empty(rec, "currency")) errors.push_back({"currency", "required", "an amount needs its currency"});
  if (!creating) {
    auto [items, total] = line_item_sum(c, ctx.workspace_id, std::string(rec.at("id").as_string()));
    if (items > 0 && (rec.at("amount").is_null() || !total || rec.at("amount").as_int64() != *total))
      errors.push_back({"amount", "consistency", "follows the deal's line items (their sum is " +
                                                     (total ? std::to_string(*total) : std::string("beyond the largest amount")) + ")"});
    if (items > 0) {
      auto stored = c.scalar("SELECT currency FROM deals WHERE workspace_id = ? AND id = ?", {ctx.workspace_id, std::string(rec.at("id").as_string())});
      if (!std::holds_alternative<std::string>(stored) || rec.at("currency") != json::value(std::get<std::string>(stored)))
        errors.push_back({"currency", "consistency", "is the currency of the deal's line items; remove them to change it"});
    }
  }
  auto contacts = contacts_input(extras, errors);
  if (contacts)
    for (const auto& e : *contacts) {
      std::string id(e.at("contact_id").as_string());
      if (!records::reference_exists(c, ctx, "contacts", id))
        errors.push_back({"contacts", "not_found", "refers to no live contact of this workspace: " + id});
    }
}

void apply_extras(json::object& rec, const json::object& extras) {
  std::vector<FieldError> ignored;  // check reports malformed entries
  if (auto contacts = contacts_input(extras, ignored)) rec["contacts"] = std::move(*contacts);
  else if (!rec.contains("contacts")) rec["contacts"] = json::array{};
}

void after_write(db::Connection& c, const access::Context& ctx, const std::string& id, const json::object&, const json::object& rec) {
  c.prepare("DELETE FROM deal_contacts WHERE workspace_id = ? AND deal_id = ?").bind_all({ctx.workspace_id, id}).run();
  for (const auto& e : rec.at("contacts").as_array())
    c.prepare("INSERT INTO deal_contacts(workspace_id, deal_id, contact_id, role) VALUES (?, ?, ?, ?)")
        .bind_all({ctx.workspace_id, id, std::string(e.at("contact_id").as_string()),
                   e.at("role").is_null() ? db::Value(nullptr) : db::Value(std::string(e.at("role").as_string()))})
        .run();
  std::string stage(rec.at("stage_id").as_string());
  auto last = c.scalar("SELECT to_stage_id FROM deal_stage_history WHERE workspace_id = ? AND deal_id = ? ORDER BY id DESC LIMIT 1",
                       {ctx.workspace_id, id});
  auto* from = std::get_if<std::string>(&last);
  if (from && *from == stage) return;
  enter_stage(c, ctx, id, from ? std::optional<std::string>(*from) : std::nullopt, stage, std::nullopt);
}

void decorate(db::Connection& c, const access::Context& ctx, json::object& rec) {
  json::array contacts;
  auto& st = c.prepare("SELECT contact_id, role FROM deal_contacts WHERE workspace_id = ? AND deal_id = ? ORDER BY contact_id");
  st.bind_all({ctx.workspace_id, std::string(rec.at("id").as_string())});
  while (st.step())
    contacts.push_back(json::object{{"contact_id", st.text(0)}, {"role", st.is_null(1) ? json::value(nullptr) : json::value(st.text(1))}});
  st.reset();
  rec["contacts"] = std::move(contacts);
}

}  // namespace

void follow_stage_type(json::object& deal, const std::string& stage_type) {
  // Closed when it reaches a won or lost stage, open again when it leaves one.
  if (stage_type == "open") deal["closed_at"] = nullptr;
  else if (empty(deal, "closed_at")) deal["closed_at"] = clock::now_text();
}

void enter_stage(db::Connection& c, const access::Context& ctx, const std::string& deal_id,
                 const std::optional<std::string>& from, const std::string& to, std::optional<double> rank) {
  std::string now = clock::now_text();
  c.prepare("INSERT INTO deal_stage_history(workspace_id, deal_id, from_stage_id, to_stage_id, changed_at, changed_by) VALUES (?, ?, ?, ?, ?, ?)")
      .bind_all({ctx.workspace_id, deal_id, from ? db::Value(*from) : db::Value(nullptr), to, now, ctx.actor()})
      .run();
  if (!rank) rank = top_rank(c, ctx.workspace_id, to, deal_id);  // a deal entering a column goes to its top
  c.prepare("UPDATE deals SET board_rank = ?, stage_entered_at = ? WHERE workspace_id = ? AND id = ?")
      .bind_all({*rank, now, ctx.workspace_id, deal_id})
      .run();
  if (from)
    journal::emit(c, ctx, "deal.stage_changed", "deals", deal_id,
                  json::object{{"id", deal_id}, {"from_stage_id", *from}, {"to_stage_id", to}, {"changed_at", now}});
}

void enter_stage_many(db::Connection& c, const access::Context& ctx, const std::string& from, const std::string& to,
                      const std::string& now, const std::vector<StageEntry>& entries) {
  if (entries.empty()) return;
  const db::Value actor = ctx.actor();
  std::vector<db::Value> history;
  std::vector<journal::Event> events;
  for (const auto& e : entries) {
    history.insert(history.end(), {ctx.workspace_id, e.deal_id, from, to, now, actor});
    events.push_back({"deal.stage_changed", "deals", e.deal_id,
                      json::serialize(json::object{{"id", e.deal_id}, {"from_stage_id", from}, {"to_stage_id", to}, {"changed_at", now}}),
                      e.owner_id.empty() ? db::Value(nullptr) : db::Value(e.owner_id)});
  }
  db::insert_rows(c, "deal_stage_history(workspace_id, deal_id, from_stage_id, to_stage_id, changed_at, changed_by)",
                  std::vector<std::string>(6, "TEXT"), history);
  journal::emit_many(c, ctx, events);
}

const records::ObjectSpec& deal_spec() {
  static const records::ObjectSpec spec = [] {
    records::ObjectSpec s;
    s.object = "deals";
    s.singular = "deal";
    s.title = "Deal";
    s.display = {{"name"}};
    s.search = {.groups = {{"name", {"name"}}}, .subtitle = {"company_id"}};
    auto& name = s.add("name", FieldType::String, 200);
    name.required = true;
    name.sortable = true;
    name.nocase = true;
    auto& pipeline = s.add("pipeline_id", FieldType::Reference);
    pipeline.ref_table = "pipelines";
    pipeline.export_labels = {{"pipeline", "name"}};
    pipeline.ref_policy = records::ReferencePolicy::Unarchived;
    pipeline.required = true;
    auto& stage = s.add("stage_id", FieldType::Reference);
    stage.ref_table = "pipeline_stages";
    stage.export_labels = {{"stage", "name"}};
    stage.ref_policy = records::ReferencePolicy::Unarchived;
    stage.required = true;
    stage.description = "A stage of the deal's pipeline; defaults to its first open stage. Moving on the board: POST /api/v1/deals/{id}/move";
    auto& amount = s.add("amount", FieldType::Money);
    amount.min = 0;
    amount.sortable = true;
    amount.description = "Minor units of `currency`; the sum of the line items when the deal has any";
    s.add("currency", FieldType::Currency, 3);
    s.add("expected_close_date", FieldType::Date, 10).sortable = true;
    auto& company = s.add("company_id", FieldType::Reference);
    company.ref_table = "companies";
    company.export_labels = {{"company", "name"}, {"company_domain", "domain"}};
    s.add("lost_reason", FieldType::Text, 1000).description = "Required when the deal is in a lost stage";
    auto& closed = s.add("closed_at", FieldType::DateTime);
    closed.writable = false;
    closed.description = "When the deal reached a won or lost stage (null while open)";
    s.add("description", FieldType::Text, 10000);
    add_score_fields(s, "is won");
    s.hooks.extra_keys = {"contacts"};
    json::array roles;
    for (const auto& r : contact_roles()) roles.push_back(json::value(r));
  roles.push_back(nullptr);  // a nullable enum lists null too (JSON Schema 2020-12)
    s.extra_schemas["contacts"] = json::object{
        {"type", "array"},
        {"description", "The deal's contacts and the role each plays"},
        {"items", json::object{{"type", "object"},
                               {"required", json::array{"contact_id"}},
                               {"properties", json::object{{"contact_id", json::object{{"type", "string"}, {"format", "uuid"}}},
                                                           {"role", json::object{{"type", json::array{"string", "null"}}, {"enum", roles}}}}}}}};
    // filter[contact_id][eq]=<id>: the deals a contact takes part in, whatever their role (migration
    // 0006's deal_contacts_contact index).
    s.link_filters = {{.name = "contact_id",
                       .table = "deal_contacts",
                       .own_column = "deal_id",
                       .other_column = "contact_id",
                       .description = "The deals linked to this contact (one of `contacts`, any role); eq or in"}};
    s.hooks.resolve = resolve;
    s.hooks.check = check;
    s.hooks.apply_extras = apply_extras;
    s.hooks.after_write = after_write;
    s.hooks.decorate = decorate;
    // The export's deal_contacts and stage_history columns (deal_export.hpp).
    records::register_export_extras("deals", {.headers = deal_export_headers(), .cells = deal_export_cells});
    return s;
  }();
  return spec;
}

}  // namespace rapport::sales

// POST /api/v1/leads/{id}/convert: a qualified (or not yet judged) lead becomes a contact, a company
// and optionally a deal, in one write transaction. Records are created through records::insert_new,
// so they follow the rules of POST /api/v1/{object} (the caller's create scope, validation, unique
// email and domain, audit, events, live counts); anything refused undoes the whole conversion.
#include <algorithm>

#include "modules/activities/activities.hpp"
#include "modules/customers/specs.hpp"
#include "modules/sales/routes.hpp"
#include "modules/sales/specs.hpp"
#include "platform/clock.hpp"
#include "platform/ids.hpp"
#include "platform/journal.hpp"
#include "platform/records/scope.hpp"
#include "platform/records/service.hpp"
#include "platform/records/store.hpp"

namespace rapport::sales {
namespace json = boost::json;
using http::Request;
using http::Response;

namespace {

const records::Store& leads() {
  static const records::Store s(lead_spec());
  return s;
}
const records::Store& contacts() {
  static const records::Store s(customers::contact_spec());
  return s;
}
const records::Store& companies() {
  static const records::Store s(customers::company_spec());
  return s;
}
const records::Store& deals() {
  static const records::Store s(deal_spec());
  return s;
}
const records::Store& activities_store() {
  static const records::Store s(activities::activity_spec());
  return s;
}

bool blank(const json::object& o, std::string_view k) {
  auto* v = o.if_contains(k);
  return !v || v->is_null() || (v->is_string() && v->as_string().empty());
}

// A problem about one of the records the conversion creates, its fields named under `prefix`
// ("deal.stage_id"), so the caller can tell which part of the request (or of the lead) failed.
Problem about(Problem p, const std::string& prefix) {
  for (auto& e : p.errors) {
    std::string f = prefix;
    f += e.field;
    e.field = std::move(f);
  }
  return p;
}

const std::vector<std::string>& deal_keys() {
  static const std::vector<std::string> keys = {"name", "pipeline_id", "stage_id", "amount", "currency", "expected_close_date"};
  return keys;
}

// The request's shape: known keys, ids where ids belong, the deal's keys. Values are validated by
// the record rules when the records are written.
std::vector<FieldError> check_body(const json::object& body) {
  std::vector<FieldError> errors;
  for (const auto& kv : body) {
    const std::string k(kv.key());
    if (k == "company_id" || k == "contact_id") {
      if (!kv.value().is_null() && !(kv.value().is_string() && ids::is_uuid(kv.value().as_string())))
        errors.push_back({k, "type", "must be the id of a record"});
    } else if (k == "deal") {
      if (kv.value().is_null()) continue;
      if (!kv.value().is_object()) {
        errors.push_back({"deal", "type", "must be an object with name, pipeline_id and optionally stage_id, amount, currency, expected_close_date"});
        continue;
      }
      for (const auto& d : kv.value().as_object()) {
        const auto& keys = deal_keys();
        if (std::find(keys.begin(), keys.end(), d.key()) == keys.end()) {
          std::string f = "deal.";
          f += d.key();
          errors.push_back({f, "unknown", "is not a field of a conversion's deal (name, pipeline_id, stage_id, amount, currency, expected_close_date)"});
        }
      }
    } else {
      errors.push_back({k, "unknown", "is not a conversion option (company_id, contact_id, deal)"});
    }
  }
  return errors;
}

// A live record of `store` whose unique `field` equals `value` (by its folded key when the field is
// case-insensitive): nullopt when none; a 409 when one exists that the caller may not read (it
// cannot be linked, and a new one would duplicate it).
Result<std::optional<json::object>> find_by_unique(db::Connection& c, const access::Context& ctx, const records::Store& store,
                                                   const std::string& field, const std::string& value) {
  auto id = store.find_duplicate(c, ctx, *store.spec().field(field), value, "");
  if (!id) return std::optional<json::object>{};
  auto rec = store.find(c, ctx, *id);
  if (!rec)
    return Problem::conflict("A " + store.spec().singular + " with the lead's " + field +
                                 " exists that you cannot access; the conversion cannot link to it or create another",
                             {FieldError{field, "unique", "is used by a " + store.spec().singular + " outside your access"}});
  return std::optional<json::object>(std::move(*rec));
}

// Adds a link to the contact to every activity linked to the lead (the lead keeps its links, so its
// timeline stays whole); each activity that gains the link is a change of the activity (version,
// audit, activity.updated). Activities in the recycle bin gain it too, for when they come back.
Status link_activities(db::Connection& c, const access::Context& ctx, const std::string& lead_id, const std::string& contact_id) {
  std::vector<std::string> ids;
  auto& st = c.prepare(
      "SELECT l.activity_id FROM activity_links l WHERE l.workspace_id = ? AND l.target_type = 'leads' AND l.target_id = ? "
      "AND NOT EXISTS (SELECT 1 FROM activity_links o WHERE o.activity_id = l.activity_id AND o.target_type = 'contacts' "
      "AND o.target_id = ?) ORDER BY l.activity_id");
  st.bind_all({ctx.workspace_id, lead_id, contact_id});
  while (st.step()) ids.push_back(st.text(0));
  st.reset();
  const auto& store = activities_store();
  const std::string select = "SELECT " + store.columns_sql("") + " FROM activities WHERE workspace_id = ? AND id = ?";
  for (const auto& id : ids) {
    // Read regardless of the caller's activity scope: the links follow the lead, whoever logged them.
    auto& q = c.prepare(select);
    q.bind_all({ctx.workspace_id, id});
    if (!q.step()) {
      q.reset();
      continue;
    }
    json::object before = store.row_to_json(q);
    q.reset();
    store.spec().hooks.decorate(c, ctx, before);
    c.prepare("INSERT INTO activity_links(workspace_id, activity_id, target_type, target_id, occurred_at) VALUES (?, ?, 'contacts', ?, ?)")
        .bind_all({ctx.workspace_id, id, contact_id, std::string(before.at("occurred_at").as_string())})
        .run();
    json::object after = before;
    store.spec().hooks.decorate(c, ctx, after);
    auto written = records::write_change(c, ctx, store, before, std::move(after));
    if (!written) return written.take_problem();
  }
  return ok_status();
}

struct Converted {
  json::object lead, contact;
  std::optional<json::object> company, deal;
  bool contact_created = false, company_created = false;
};

Result<Converted> convert(db::Connection& c, const access::Context& ctx, const std::string& id, const json::object& body,
                          const ConvertHook& hook) {
  auto lead = leads().find(c, ctx, id);
  if (!lead) return Problem::not_found();
  if (!leads().in_scope(c, ctx, id, access::Action::Update)) return records::not_allowed(access::Action::Update, "lead");
  if (auto errors = check_body(body); !errors.empty()) return Problem::invalid(std::move(errors));
  if (!lead->at("converted_at").is_null())
    return Problem::conflict("The lead was converted already (at " + std::string(lead->at("converted_at").as_string()) +
                             "); it points at what it became");
  if (lead->at("status") == "unqualified")
    return Problem::conflict("The lead is unqualified; qualify it (status) before converting it");

  Converted out;
  const json::value owner = lead->at("owner_id");
  auto with_owner = [&](json::object o) {
    if (owner.is_string()) o["owner_id"] = owner;
    return o;
  };

  // The company: the one named, else a live one with the lead's domain, else a new one when the
  // lead names a company.
  if (!blank(body, "company_id")) {
    auto found = companies().find(c, ctx, body.at("company_id").as_string());
    if (!found) return Problem::invalid({{"company_id", "not_found", "refers to no live company of this workspace"}});
    out.company = std::move(*found);
  } else if (!blank(*lead, "domain")) {
    auto found = find_by_unique(c, ctx, companies(), "domain", std::string(lead->at("domain").as_string()));
    if (!found) return found.take_problem();
    out.company = std::move(*found);
  }
  if (!out.company && !blank(*lead, "company_name")) {
    json::object fields{{"name", lead->at("company_name")}};
    for (const char* k : {"domain", "website"})
      if (!blank(*lead, k)) fields[k] = lead->at(k);
    auto created = records::insert_new(c, ctx, companies(), with_owner(std::move(fields)));
    if (!created) return about(created.take_problem(), "company.");
    out.company = std::move(*created);
    out.company_created = true;
  }
  const json::value company_id = out.company ? out.company->at("id") : json::value(nullptr);

  // The contact: the one named, else a live one with the lead's email, else a new one from the lead.
  if (!blank(body, "contact_id")) {
    auto found = contacts().find(c, ctx, body.at("contact_id").as_string());
    if (!found) return Problem::invalid({{"contact_id", "not_found", "refers to no live contact of this workspace"}});
    out.contact = std::move(*found);
  } else if (!blank(*lead, "email")) {
    auto found = find_by_unique(c, ctx, contacts(), "email", std::string(lead->at("email").as_string()));
    if (!found) return found.take_problem();
    if (*found) out.contact = std::move(**found);
  }
  if (out.contact.empty()) {
    json::object fields;
    for (const char* k : {"first_name", "last_name", "email", "phone", "job_title", "city", "country"})
      if (!blank(*lead, k)) fields[k] = lead->at(k);
    if (!blank(*lead, "source")) fields["lead_source"] = lead->at("source");
    fields["lifecycle_stage"] = "sales_qualified";
    if (!company_id.is_null()) fields["company_id"] = company_id;
    auto created = records::insert_new(c, ctx, contacts(), with_owner(std::move(fields)));
    if (!created) return about(created.take_problem(), "contact.");
    out.contact = std::move(*created);
    out.contact_created = true;
  } else if (!company_id.is_null() && out.contact.at("company_id").is_null() &&
             contacts().in_scope(c, ctx, std::string(out.contact.at("id").as_string()), access::Action::Update)) {
    // An existing contact without a company joins the lead's (when the caller may change it).
    json::object after = out.contact;
    after["company_id"] = company_id;
    auto written = records::write_change(c, ctx, contacts(), out.contact, std::move(after));
    if (!written) return written.take_problem();
    out.contact = std::move(*written);
  }
  const std::string contact_id(out.contact.at("id").as_string());

  // The deal, when asked for: in the pipeline given (its first open stage by default), with the
  // company and the contact, owned by the lead's owner.
  if (auto* d = body.if_contains("deal"); d && d->is_object()) {
    json::object fields = d->as_object();
    if (!company_id.is_null()) fields["company_id"] = company_id;
    fields["contacts"] = json::array{json::object{{"contact_id", contact_id}, {"role", nullptr}}};
    auto created = records::insert_new(c, ctx, deals(), with_owner(std::move(fields)));
    if (!created) return about(created.take_problem(), "deal.");
    out.deal = std::move(*created);
  }

  if (auto st = link_activities(c, ctx, id, contact_id); !st) return st.take_problem();

  json::object after = *lead;
  after["status"] = "qualified";
  after["converted_at"] = clock::now_text();
  after["converted_contact_id"] = contact_id;
  after["converted_company_id"] = company_id;
  after["converted_deal_id"] = out.deal ? out.deal->at("id") : json::value(nullptr);
  auto written = records::write_change(c, ctx, leads(), *lead, std::move(after), "convert");
  // Another conversion of the same lead committed first (PostgreSQL): this one is the second.
  if (!written) return Problem::conflict("The lead was converted or changed by another request meanwhile; read it again");
  out.lead = std::move(*written);
  if (hook)
    if (Status st = hook(c, ctx, id, contact_id); !st) return st.take_problem();
  journal::emit(c, ctx, "lead.converted", "leads", id,
                json::object{{"lead_id", id}, {"contact_id", contact_id}, {"company_id", company_id},
                             {"deal_id", out.lead.at("converted_deal_id")}});
  return out;
}

}  // namespace

void add_convert_route(http::Api& api, db::Database& db, ConvertHook hook) {
  api.route(
      "POST", "/api/v1/leads/{id}/convert",
      [&db, hook = std::move(hook)](Request& req, const access::Context& ctx) -> Response {
        json::object body;
        if (req.body().find_first_not_of(" \t\r\n") != std::string::npos) {
          auto parsed = http::parse_json_object(req);
          if (!parsed) return http::fail(parsed.problem(), req);
          body = std::move(*parsed);
        }
        const std::string id = req.param("id");
        if (!ids::is_uuid(id)) return http::fail(Problem::not_found(), req);
        Converted out;
        auto st = db.write([&](db::Connection& c) -> Status {
          auto r = convert(c, ctx, id, body, hook);
          if (!r) return r.take_problem();
          out = std::move(*r);
          return ok_status();
        });
        if (!st) return http::fail(st.problem(), req);
        const bool deal_created = out.deal.has_value();
        auto shown = [&](std::optional<json::object>& rec, std::string_view object) -> json::value {
          if (!rec) return nullptr;
          records::strip_hidden(ctx, object, *rec);
          return std::move(*rec);
        };
        records::strip_hidden(ctx, "leads", out.lead);
        records::strip_hidden(ctx, "contacts", out.contact);
        json::object res{{"lead", std::move(out.lead)},
                         {"contact", std::move(out.contact)},
                         {"company", shown(out.company, "companies")},
                         {"deal", shown(out.deal, "deals")},
                         {"created", json::object{{"contact", out.contact_created},
                                                  {"company", out.company_created},
                                                  {"deal", deal_created}}}};
        return http::json(200, res);
      },
      {.summary = "Convert a lead into a contact, a company and optionally a deal",
       .description =
           "One transaction. The contact is `contact_id`, else the live contact with the lead's email, else a new one "
           "from the lead; the company is `company_id`, else the live company with the lead's domain, else a new one "
           "when the lead has a company name. `deal` creates a deal in its pipeline (first open stage by default) "
           "with the company and the contact. The lead becomes qualified and points at them; its activities also "
           "link to the contact; the consents the lead ticked on web forms become the contact's (unless the contact "
           "recorded a newer one for the channel, or its address is suppressed). The body may be empty. A converted or unqualified lead answers 409; a refused "
           "part (fields named contact.*, company.*, deal.*) undoes everything.",
       .tag = "Lead",
       .request_schema = "LeadConversionInput",
       .response_schema = "LeadConversion",
       .restricted = true});
}

}  // namespace rapport::sales

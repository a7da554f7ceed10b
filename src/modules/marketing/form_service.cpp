#include "modules/marketing/form_service.hpp"

#include <algorithm>

#include "modules/customers/specs.hpp"
#include "modules/marketing/audience_access.hpp"
#include "modules/marketing/audience_writes.hpp"
#include "modules/marketing/form_store.hpp"
#include "modules/marketing/list_store.hpp"
#include "modules/sales/specs.hpp"
#include "platform/records/custom_fields.hpp"

namespace rapport::marketing {
namespace json = boost::json;
using records::FieldType;

namespace {

constexpr const char* kCustomPrefix = "custom.";

// The text-like fields a visitor can type or pick a value for.
bool typable(FieldType t) {
  switch (t) {
    case FieldType::String: case FieldType::Text: case FieldType::Email: case FieldType::Phone: case FieldType::Url:
    case FieldType::Domain: case FieldType::Country: case FieldType::Enum: case FieldType::Date:
      return true;
    default:
      return false;
  }
}

bool typable_custom(const std::string& type) {
  return type == "text" || type == "email" || type == "phone" || type == "url" || type == "select";
}

const records::ObjectSpec& spec_of(const Form& f) { return f.target == "lead" ? sales::lead_spec() : customers::contact_spec(); }

std::string field_at(std::size_t i) {
  std::string out = "fields.";
  out += std::to_string(i);
  out += ".field";
  return out;
}

// What the form needs of the workspace: its fields on the target, the email among them (required),
// its list.
Status check_stored(db::Connection& c, const std::string& workspace_id, const Form& f) {
  std::vector<FieldError> errors;
  const auto& spec = spec_of(f);
  const auto custom = records::load_custom_fields(c, workspace_id, f.object());
  bool email = false;
  for (std::size_t i = 0; i < f.fields.size(); ++i) {
    const std::string& key = f.fields[i].field;
    if (key.rfind(kCustomPrefix, 0) == 0) {
      const std::string name = key.substr(std::string_view(kCustomPrefix).size());
      auto def = std::find_if(custom.begin(), custom.end(), [&](const records::CustomFieldDef& d) { return d.name == name; });
      if (def == custom.end()) {
        std::string message = "names no custom field of ";
        message += f.object();
        errors.push_back({field_at(i), "not_found", std::move(message)});
      } else if (!typable_custom(def->type)) {
        std::string message = "is a ";
        message += def->type;
        message += " field: a form takes text, email, phone, url and select fields";
        errors.push_back({field_at(i), "type", std::move(message)});
      }
      continue;
    }
    const records::FieldSpec* field = spec.field(key);
    if (!field || !field->writable || !typable(field->type)) {
      std::string message = "is no field of ";
      message += f.object();
      message += " a visitor can fill in";
      errors.push_back({field_at(i), "not_found", std::move(message)});
      continue;
    }
    if (key == "email") {
      email = true;
      if (!f.fields[i].required) errors.push_back({field_at(i), "required", "email must be required: a submission is matched by it"});
    }
  }
  if (!email) errors.push_back({"fields", "required", "must hold the email field (required): a submission is matched by it"});
  if (f.list_id) {
    if (f.target != "contact") errors.push_back({"list_id", "target", "only a contact form adds to a list (lists hold contacts)"});
    else if (!list_store::find(c, workspace_id, *f.list_id)) errors.push_back({"list_id", "not_found", "names no list of this workspace"});
  }
  if (!errors.empty()) return Problem::invalid(std::move(errors));
  return ok_status();
}

// Labels default to the field's name; consent versions follow their text (the form's version when
// it was last set).
void apply(Form& f, const FormChange& in, int64_t next_version) {
  if (in.name) f.name = *in.name;
  if (in.target) f.target = *in.target;
  if (in.fields) {
    f.fields = *in.fields;
    for (auto& field : f.fields)
      if (field.label.empty()) field.label = field.field;
  }
  if (in.consents) {
    std::vector<ConsentText> next = *in.consents;
    for (auto& c : next) {
      c.version = next_version;
      for (const auto& old : f.consents)
        if (old.channel == c.channel && old.text == c.text) c.version = old.version;
    }
    f.consents = std::move(next);
  }
  if (in.success_message) f.success_message = *in.success_message;
  if (in.redirect_url) f.redirect_url = *in.redirect_url;
  if (in.list_id) f.list_id = *in.list_id;
  if (in.enabled) f.enabled = *in.enabled;
}

const AudienceTable<Form>& forms_table() {
  static const AudienceTable<Form> table{
      "forms",          "form",       kMaxForms,         form_store::find, form_store::list, form_store::count,
      form_store::same_name, form_store::insert, form_store::update, form_store::remove};
  return table;
}

}  // namespace

Status may_manage_forms(const identity::Context& ctx) {
  if (manages_audiences(ctx)) return ok_status();
  return Problem::forbidden("Only an admin or a role that exports every contact (marketing) may see and change forms");
}

Result<std::vector<Form>> FormService::list(const identity::Context& ctx) {
  if (Status st = may_manage_forms(ctx); !st) return st.take_problem();
  return list_audiences(db_, ctx, forms_table());
}

Result<Form> FormService::get(const identity::Context& ctx, const std::string& id) {
  if (Status st = may_manage_forms(ctx); !st) return st.take_problem();
  return get_audience(db_, ctx, forms_table(), id);
}

Result<Form> FormService::create(const identity::Context& ctx, const FormChange& in) {
  if (Status st = may_manage_forms(ctx); !st) return st.take_problem();
  Form f;
  apply(f, in, 1);
  return create_audience<Form>(db_, ctx, forms_table(), std::move(f),
                               [&](db::Connection& c, const Form& v) { return check_stored(c, ctx.workspace_id, v); });
}

Result<Form> FormService::update(const identity::Context& ctx, const std::string& id, const FormChange& in, std::string_view if_match) {
  if (Status st = may_manage_forms(ctx); !st) return st.take_problem();
  return change_audience<Form>(
      db_, ctx, forms_table(), id, if_match, [&](Form& f) { apply(f, in, f.version + 1); },
      [&](db::Connection& c, const Form& v) { return check_stored(c, ctx.workspace_id, v); });
}

Status FormService::remove(const identity::Context& ctx, const std::string& id, std::string_view if_match) {
  if (Status st = may_manage_forms(ctx); !st) return st;
  return remove_audience(db_, ctx, forms_table(), id, if_match);
}

Result<SubmissionsPage> FormService::submissions(const identity::Context& ctx, const std::string& id, const std::string& cursor,
                                                 int limit, bool count) {
  if (Status st = may_manage_forms(ctx); !st) return st.take_problem();
  if (!ids::is_uuid(id)) return Problem::not_found();
  if (!cursor.empty() && !ids::is_uuid(cursor)) return Problem::bad_request("cursor is not one this list gave");
  return db_.read([&](db::Connection& c) -> Result<SubmissionsPage> {
    if (!form_store::find(c, ctx.workspace_id, id)) return Problem::not_found();
    SubmissionsPage page;
    page.data = submission_store::page(c, ctx.workspace_id, id, cursor, limit + 1);
    if (page.data.size() > static_cast<std::size_t>(limit)) {
      page.data.pop_back();
      page.next_cursor = page.data.back().id;
    }
    if (count) page.total = submission_store::count(c, ctx.workspace_id, id);
    return page;
  });
}

}  // namespace rapport::marketing

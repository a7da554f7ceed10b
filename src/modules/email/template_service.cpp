#include "modules/email/template_service.hpp"


#include "modules/email/email_record.hpp"
#include "modules/email/email_store.hpp"
#include "modules/email/merge_fields.hpp"
#include "platform/clock.hpp"
#include "platform/http/api.hpp"
#include "platform/ids.hpp"
#include "platform/journal.hpp"
#include "platform/versioned_item.hpp"

namespace rapport::email {
namespace json = boost::json;

namespace {

const Problem kNotTemplateAdmin = Problem::forbidden("Only an admin can create, change and delete email templates");

Problem not_found(const std::string& id) { return Problem::not_found("No email template " + id + " in this workspace"); }

json::object audited(const Template& t) {
  return json::object{{"name", t.name}, {"subject", t.subject}, {"text", t.text_body}, {"html", t.html_body}};
}

void apply(Template& t, const TemplateChange& in) {
  if (in.name) t.name = *in.name;
  if (in.subject) t.subject = *in.subject;
  if (in.text) t.text_body = *in.text;
  if (in.html) t.html_body = *in.html;
}

}  // namespace

Result<CompiledParts> compile_parts(const Template& t, const FieldCatalog& catalog) {
  CompiledParts out;
  std::vector<FieldError> errors;
  auto one = [&](const std::string& text, const char* path, CompiledTemplate& into) {
    auto r = compile_template(text, catalog, path);
    if (r) into = std::move(*r);
    else for (auto& e : r.take_problem().errors) errors.push_back(std::move(e));
  };
  one(t.subject, "subject", out.subject);
  one(t.text_body, "text", out.text);
  one(t.html_body, "html", out.html);
  if (!errors.empty()) return Problem::invalid(std::move(errors));
  return out;
}

Result<std::vector<Template>> TemplateService::list(const identity::Context& ctx) {
  return db_.read([&](db::Connection& c) { return store::list_templates(c, ctx.workspace_id); });
}

Result<Template> TemplateService::get(const identity::Context& ctx, const std::string& id) {
  auto t = db_.read([&](db::Connection& c) { return store::find_template(c, ctx.workspace_id, id); });
  if (!t) return not_found(id);
  return std::move(*t);
}

Result<Template> TemplateService::create(const identity::Context& ctx, const TemplateChange& in) {
  if (!ctx.is_admin()) return kNotTemplateAdmin;
  Template t;
  t.id = ids::uuid_v7();
  t.workspace_id = ctx.workspace_id;
  apply(t, in);
  t.created_by = ctx.actor();
  t.created_at = t.updated_at = clock::now_text();
  Status st = db_.write([&](db::Connection& c) -> Status {
    if (auto parts = compile_parts(t, field_catalog(c, ctx.workspace_id, specs_)); !parts) return parts.take_problem();
    if (store::count_templates(c, ctx.workspace_id) >= static_cast<int64_t>(kMaxTemplates))
      return Problem::conflict(counted("A workspace has at most ", kMaxTemplates, " email templates"));
    store::insert_template(c, t);
    journal::audit(c, ctx, "email_templates", t.id, "create", journal::diff(json::object{}, audited(t)));
    return ok_status();
  });
  if (!st) return st.take_problem();
  return t;
}

Result<Template> TemplateService::update(const identity::Context& ctx, const std::string& id, const TemplateChange& in,
                                         std::string_view if_match) {
  if (!ctx.is_admin()) return kNotTemplateAdmin;
  Template after;
  Status st = db_.write([&](db::Connection& c) -> Status {
    auto before = store::find_template(c, ctx.workspace_id, id);
    if (!before) return not_found(id);
    if (Status fresh = require_if_match(if_match, before->version, "template"); !fresh) return fresh;
    after = *before;
    apply(after, in);
    if (after.text_body.empty() && after.html_body.empty())
      return Problem::invalid({{"text", "required", "a template needs a text or an html body"}});
    if (auto parts = compile_parts(after, field_catalog(c, ctx.workspace_id, specs_)); !parts) return parts.take_problem();
    save_version(c, ctx, "email_templates", *before, after, audited, [&](const Template& t) { store::update_template(c, t); });
    return ok_status();
  });
  if (!st) return st.take_problem();
  return after;
}

Status TemplateService::remove(const identity::Context& ctx, const std::string& id, std::string_view if_match) {
  if (!ctx.is_admin()) return kNotTemplateAdmin;
  return db_.write([&](db::Connection& c) -> Status {
    auto t = store::find_template(c, ctx.workspace_id, id);
    if (!t) return not_found(id);
    if (Status fresh = require_if_match(if_match, t->version, "template"); !fresh) return fresh;
    store::remove_template(c, ctx.workspace_id, id);
    journal::audit(c, ctx, "email_templates", id, "delete", journal::diff(audited(*t), json::object{}));
    return ok_status();
  });
}

}  // namespace rapport::email

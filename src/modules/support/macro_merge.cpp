#include "modules/support/macro_merge.hpp"

#include "modules/email/merge_fields.hpp"
#include "modules/support/messages.hpp"
#include "platform/records/scope.hpp"
#include "platform/records/spec_of.hpp"
#include "platform/records/store.hpp"
#include "platform/utf8.hpp"

namespace rapport::support {
namespace json = boost::json;

namespace {

const email::MergeObjects& merge_objects() {
  static const email::MergeObjects o{{"ticket", "tickets"}, {"contact", "contacts"}, {"company", "companies"}};
  return o;
}

Result<email::CompiledTemplate> compile(db::Connection& c, const std::string& workspace_id,
                                        const std::vector<const records::ObjectSpec*>& specs, const std::string& body) {
  return email::compile_template(body, email::field_catalog(c, workspace_id, specs, merge_objects()), "body");
}

// The values of the record `id` of `object` under `name`, as the caller reads it.
void add_linked(db::Connection& c, const access::Context& ctx, const std::vector<const records::ObjectSpec*>& specs,
                const std::string& name, const std::string& object, const json::value& id, std::map<std::string, std::string>& values) {
  const auto* spec = records::spec_of(specs, object);
  if (!spec || !id.is_string()) return;
  const records::Store store(*spec);
  auto rec = store.find(c, ctx, id.as_string());
  if (!rec) return;
  records::strip_hidden(ctx, object, *rec);
  email::add_values(values, name, *rec);
}

}  // namespace

Status check_macro_body(db::Connection& c, const std::string& workspace_id, const std::vector<const records::ObjectSpec*>& specs,
                        const std::string& body) {
  auto t = compile(c, workspace_id, specs, body);
  if (!t) return t.take_problem();
  return ok_status();
}

Result<std::string> render_macro_body(db::Connection& c, const access::Context& ctx, const std::vector<const records::ObjectSpec*>& specs,
                                      const std::string& body, const json::object& ticket) {
  // Compiled again: a custom field may have been deleted since the macro was saved.
  auto t = compile(c, ctx.workspace_id, specs, body);
  if (!t) return t.take_problem();
  std::map<std::string, std::string> values;
  json::object shown = ticket;
  records::strip_hidden(ctx, "tickets", shown);
  email::add_values(values, "ticket", shown);
  add_linked(c, ctx, specs, "contact", "contacts", ticket.at("requester_id"), values);
  add_linked(c, ctx, specs, "company", "companies", ticket.at("company_id"), values);
  std::string text = email::render(*t, values, false);
  auto points = utf8::decode(text);
  if (points && points->empty())
    return Problem::invalid({{"body", "required", "renders an empty message (its merge fields have no values on this ticket)"}});
  if (!points || points->size() > kMaxMessageBody)
    return Problem::invalid({{"body", "length", "renders a message longer than " + std::to_string(kMaxMessageBody) + " characters"}});
  return text;
}

}  // namespace rapport::support

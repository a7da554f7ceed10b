#include "modules/marketing/campaign_content.hpp"

#include "modules/email/merge_fields.hpp"
#include "platform/identity/server_context.hpp"
#include "platform/records/scope.hpp"

namespace rapport::marketing {

Result<email::CompiledParts> compile_content(db::Connection& c, const std::string& workspace_id, const Campaign& v,
                                             const records::ObjectSpec& contacts) {
  email::Template t;
  t.subject = v.subject;
  t.text_body = v.text;
  t.html_body = v.html;
  return email::compile_parts(t, email::field_catalog(c, workspace_id, {&contacts}, {{"contact", "contacts"}}));
}

std::map<std::string, std::string> contact_values(db::Connection& c, const std::string& workspace_id,
                                                  const records::Store& contacts, const std::string& contact_id) {
  return contact_values_as(c, identity::server_context(workspace_id), contacts, contact_id).value_or(std::map<std::string, std::string>{});
}

std::optional<std::map<std::string, std::string>> contact_values_as(db::Connection& c, const identity::Context& ctx,
                                                                    const records::Store& contacts,
                                                                    const std::string& contact_id) {
  auto record = contacts.find(c, ctx, contact_id);
  if (!record) return std::nullopt;
  records::strip_hidden(ctx, "contacts", *record);
  std::map<std::string, std::string> values;
  email::add_values(values, "contact", *record);
  return values;
}

}  // namespace rapport::marketing

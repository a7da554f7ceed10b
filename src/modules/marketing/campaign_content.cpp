#include "modules/marketing/campaign_content.hpp"

#include "modules/email/merge_fields.hpp"
#include "platform/identity/server_context.hpp"

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
  std::map<std::string, std::string> values;
  if (auto record = contacts.find(c, identity::server_context(workspace_id), contact_id)) email::add_values(values, "contact", *record);
  return values;
}

}  // namespace rapport::marketing

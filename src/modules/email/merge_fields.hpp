// Where a template's merge fields come from: the catalog of fields a template may name (the record
// specs' business and system fields, and the workspace's custom fields), and the values of a record
// as the sender reads it (their scope and hidden fields: a hidden field renders empty).
#pragma once
#include <boost/json.hpp>
#include <map>
#include <string>
#include <vector>

#include "modules/email/template_engine.hpp"
#include "platform/db/connection.hpp"
#include "platform/records/spec.hpp"

namespace rapport::email {

// The records an email may concern, by merge-field object: contact -> contacts, ...
inline constexpr std::pair<const char*, const char*> kMergeObjects[] = {
    {"contact", "contacts"}, {"company", "companies"}, {"lead", "leads"}, {"deal", "deals"}};

// A catalog over `specs` and the workspace's custom fields, read now through `c`.
FieldCatalog field_catalog(db::Connection& c, const std::string& workspace_id, const std::vector<const records::ObjectSpec*>& specs);
// The same over other merge-field objects ({"ticket", "tickets"}, ...): a module's own templates.
using MergeObjects = std::vector<std::pair<std::string, std::string>>;  // merge-field object, record object
FieldCatalog field_catalog(db::Connection& c, const std::string& workspace_id, const std::vector<const records::ObjectSpec*>& specs,
                           const MergeObjects& objects);

// Adds a record's values under "<object>.<field>" (custom fields as "<object>.custom.<name>"):
// text as it is, numbers and booleans as JSON writes them, arrays joined with ", "; null left out.
void add_values(std::map<std::string, std::string>& values, const std::string& object, const boost::json::object& record);

}  // namespace rapport::email

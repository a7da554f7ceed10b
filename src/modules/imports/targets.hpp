// What a column of an import file can fill, for one object: its writable fields (references
// excepted: they are named, not given by id), its custom fields, and what the import resolves or
// keeps itself:
//  - `full_name` (objects with first and last names): split at the last space when the file has no
//    separate first and last name columns;
//  - lookups: `company` (by name) and `company_domain` (by domain, from a bare domain, a URL or an
//    e-mail address) for objects with a company_id; `pipeline` and `stage` by name (deals);
//    `contact_email` (deals: links the contact with that address); `owner` (every object: a user by
//    e-mail address or full name);
//  - `external_id`: the record's id in the system the file came from, kept on the record (dedupe);
//  - history (admins only): `created_at` on every object, `closed_at` on deals.
// Pure: a function of the spec and the workspace's custom field definitions.
#pragma once
#include <string>
#include <vector>

#include "platform/records/custom_fields.hpp"
#include "platform/records/spec.hpp"

namespace rapport::imports {

struct Target {
  enum class Kind { Field, Custom, FullName, Lookup, ExternalId, History };
  std::string name;  // a field's name, "custom.<name>", or one of the names above
  Kind kind = Kind::Field;
  const records::FieldSpec* field = nullptr;        // Field, History
  const records::CustomFieldDef* custom = nullptr;  // Custom
  // A single-valued field whose list twin takes further columns of the same meaning (a second
  // e-mail column goes to `emails`): "emails" for "email", "phones" for "phone".
  std::string list_twin;
};

// The targets of `spec`; `defs` are the workspace's custom fields (those of other objects are
// skipped). The result points into spec and defs: keep them alive.
std::vector<Target> import_targets(const records::ObjectSpec& spec, const std::vector<records::CustomFieldDef>& defs);

const Target* find_target(const std::vector<Target>& targets, std::string_view name);

}  // namespace rapport::imports

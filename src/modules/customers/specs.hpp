// What a company and a contact are: fields, rules and uniqueness, for the record engine.
#pragma once
#include "platform/records/spec.hpp"

namespace rapport::customers {

const records::ObjectSpec& company_spec();
const records::ObjectSpec& contact_spec();

}  // namespace rapport::customers

// Field-level validation of a request body against an ObjectSpec and the workspace's custom fields:
// unknown and read-only fields, data types (a string where a number belongs is rejected, never
// coerced), lengths, formats (email, URL, domain, ISO country and currency codes, dates, phones
// normalised to E.164), ranges and options. Every failing field is reported, not only the first.
#pragma once
#include <boost/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "platform/records/custom_fields.hpp"
#include "platform/records/spec.hpp"

namespace rapport::records {

struct Input {
  boost::json::object fields;                 // given fields, normalised; null clears a field
  std::optional<boost::json::object> custom;  // given custom values, normalised; null removes one
  boost::json::object extras;                 // the module's extra keys, as given
};

// `current` is the stored record for an update (nullptr on create); phones without a leading '+'
// are read in the country of the record (given or stored).
Input validate_input(const ObjectSpec& spec, const std::vector<CustomFieldDef>& custom_defs,
                     const boost::json::object& body, const boost::json::object* current,
                     std::vector<FieldError>& errors);

// Normalises one value for a field; appends to errors and returns null when it is not acceptable.
boost::json::value validate_value(const FieldSpec& f, const boost::json::value& v, std::string_view region,
                                  std::vector<FieldError>& errors);

// A list of tags as a Tags field keeps it: each tag trimmed, 1 to kMaxTagChars characters without
// control characters, duplicates (compared by their case-folded key) dropped with the first spelling
// kept, at most kMaxTags. nullopt, with an error naming `field`, when it is not acceptable.
std::optional<boost::json::array> normalize_tags(const boost::json::value& v, const std::string& field,
                                                 std::vector<FieldError>& errors);

// After merging input into the stored record: required fields (built-in and custom) are present.
void check_required(const ObjectSpec& spec, const std::vector<CustomFieldDef>& custom_defs,
                    const boost::json::object& merged, std::vector<FieldError>& errors);

}  // namespace rapport::records

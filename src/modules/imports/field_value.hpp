// A cell converted for the field a column fills, by the field's type: the JSON value the record
// engine takes for it (POST /api/v1/<object> would accept it), which then validates it as for any
// request (lengths, formats, ranges, uniqueness). What a converter cannot read is the row's error.
#pragma once
#include <boost/json.hpp>

#include "modules/imports/cell.hpp"
#include "modules/imports/convert_date.hpp"
#include "modules/imports/convert_value.hpp"
#include "platform/records/custom_fields.hpp"
#include "platform/records/spec.hpp"

namespace rapport::imports {

// What a row's conversion depends on beyond the cell.
struct RowDefaults {
  DateOrder date_order = DateOrder::DayMonthYear;
  std::string currency;  // the row's currency column, else the import's
  std::string region;    // the row's country, else the import's
  const jobs::TimeZone* zone = nullptr;  // the workspace's clock, for date-times without an offset
  const OptionAliases* aliases = nullptr;  // other CRMs' names for this field's options
};

Cell<boost::json::value> field_value(const records::FieldSpec& f, std::string_view text, const RowDefaults& d);
Cell<boost::json::value> custom_value(const records::CustomFieldDef& def, std::string_view text, const RowDefaults& d);

// A web domain from what a cell holds: a bare domain, a URL or an e-mail address, lower case, without
// "www."; the text itself (for the engine to refuse) when it is none of them.
std::string domain_of(std::string_view text);

// The other CRMs' names for the options of a field of Rapport's objects (HubSpot's lifecycle stages,
// Salesforce's and Zoho's lead statuses); empty for fields without any.
const OptionAliases& option_aliases(std::string_view object, std::string_view field);

}  // namespace rapport::imports

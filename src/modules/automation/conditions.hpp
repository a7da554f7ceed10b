// A rule's conditions: the list filter language ({"field", "op", "value"} as filter[field][op]=value,
// custom.<name> fields included), evaluated against the record as it is when the rule runs through
// records::matches; and the "changed" operators, evaluated against the event's changes:
//   changed {"field"}: the change touched the field;
//   changed_from {"field", "value"}: ... and its value before equals value;
//   changed_to {"field", "value"}: ... and its value after equals value.
// A value may be a string, a number, true/false, or for "in" an array of those (records::filter_value).
#pragma once
#include <boost/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/records/filter_json.hpp"

namespace rapport::automation {

bool is_changed_op(std::string_view op);
// The conditions that are list filters (not "changed" ones), as records::Filter.
std::vector<records::Filter> list_filters(const boost::json::array& conditions);
// Whether every "changed" condition holds for the changes [{"field", "before", "after"}].
bool changes_hold(const boost::json::array& conditions, const boost::json::array& changes);

}  // namespace rapport::automation

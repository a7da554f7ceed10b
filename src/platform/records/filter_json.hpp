// The list filter language written as JSON, for what admins store rather than type in a URL
// (automation conditions, a webhook's filter): each condition {"field", "op", "value"} is
// filter[field][op]=value, with the same fields, operators, value rules and 400 wording once
// compiled (compile_list, matches). This file reads the shape only; compiling needs the workspace.
#pragma once
#include <boost/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "platform/problem.hpp"
#include "platform/records/list_query.hpp"

namespace rapport::records {

// The value as a list filter's query text: a string as is, a number or boolean as its JSON text, an
// array (for "in") as comma-separated values; nullopt for anything else (an object, a nested array).
std::optional<std::string> filter_value(const boost::json::value& v);

// An array of at most `max` conditions, each an object with only field (1..100 bytes), op (1..100
// bytes) and an optional value filter_value takes (at most 4096 bytes of text); field errors named `path`, `path.<i>` and
// `path.<i>.<key>`. Returns the array, or nullopt when any error was added. Operators are not
// checked here (a caller may take more than the list's, as automation's "changed").
std::optional<boost::json::array> read_conditions(const boost::json::value& v, const std::string& path, std::size_t max,
                                                  std::vector<FieldError>& errors);

// One condition as a Filter (an absent value is "").
Filter to_filter(const boost::json::object& condition);

}  // namespace rapport::records

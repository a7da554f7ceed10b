// The other cell converters: yes/no, a picklist's option, phone numbers, lists, whole numbers. Each
// takes a cell's text and answers a Cell (cell.hpp); an empty cell is an unset field.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "modules/imports/cell.hpp"

namespace rapport::imports {

// true: true, yes, y, 1, x, on, checked, ✓ (and ja, oui, si, sí, wahr, vrai); false: false, no, n, 0,
// off, unchecked (and nein, non, falsch, faux). Any case.
Cell<bool> convert_boolean(std::string_view text);

// The option (its stored value) that the text names: compared by case-folded letters and digits only,
// so "Marketing Qualified", "marketing-qualified" and "MARKETING_QUALIFIED" all name
// `marketing_qualified`; `aliases` adds other names (what other CRMs call an option), as pairs of
// (name, option).
using OptionAliases = std::vector<std::pair<std::string, std::string>>;
Cell<std::string> convert_option(std::string_view text, const std::vector<std::string>& options,
                                 const OptionAliases& aliases = {});

// A phone number in E.164; without a leading + (or 00) it is read as a number of `default_region`
// (ISO 3166-1 alpha-2: the row's country, else the import's). "tel:" and Excel's text marker (a
// leading apostrophe) are dropped; a number Excel wrote in scientific notation is an error saying so.
Cell<std::string> convert_phone(std::string_view text, std::string_view default_region);

// A country as ISO 3166-1 alpha-2: the code itself (any case), the alpha-3 code ("DEU"), or the English
// name as ICU knows it ("Germany", "United States"), plus the usual short forms (USA, UK, ...).
Cell<std::string> convert_country(std::string_view text);

// A cell holding several values: split on `;`, `,`, `|` and line breaks, each trimmed, empties dropped.
std::vector<std::string_view> split_list(std::string_view text);

// A whole number within [min, max]: digits with an optional sign, grouping spaces/commas allowed
// ("1,200"), a fraction of zeros allowed ("12.0", what spreadsheets write).
Cell<int64_t> convert_integer(std::string_view text, int64_t min, int64_t max);

}  // namespace rapport::imports

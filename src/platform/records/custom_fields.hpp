// Custom fields: an admin defines them per object; their values live in the record's `custom` JSON
// column and are validated, filtered and sorted like built-in fields (as `custom.<name>`).
#pragma once
#include <boost/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "platform/db/connection.hpp"
#include "platform/problem.hpp"

namespace rapport::records {

struct CustomFieldDef {
  std::string id;
  std::string object;  // "contacts", "companies", "activities"
  std::string name;    // [a-z][a-z0-9_]{0,62}
  std::string label;
  std::string type;    // text number money date bool select multi_select email phone url
  bool required = false;
  bool unique = false;
  std::optional<double> min, max;
  std::optional<int64_t> max_length;
  std::string pattern;  // RE2 regular expression a text value must match whole (records/pattern.hpp)
  std::vector<std::string> options;
  std::string currency;  // for money
  std::string created_at, updated_at;
  int64_t version = 1;

  boost::json::object to_json() const;
  // The SQL expression reading this field from a row (a JSON array for multi_select). It never raises
  // an error, whatever the row holds under this name (another workspace's field of the same name may
  // hold text): on PostgreSQL numbers go through rapport_cf_number / rapport_cf_integer (migration
  // 0008), which answer NULL for anything else. Filters, sorts and the indexes
  // (custom_field_indexes.hpp) use this same expression, so the indexes serve them.
  std::string sql_expr(db::Dialect d = db::Dialect::Sqlite) const;
  // Whether a row holds a value under this name, whatever its type.
  std::string sql_present(db::Dialect d) const;
  bool sortable() const { return type != "multi_select"; }
};

const std::vector<std::string>& custom_field_types();

// The largest magnitude a custom number field holds (money fields: money::kMax minor units). Every
// integer up to it is exact in a double, and reports sum such values as doubles (analytics), where
// even 10^12 of them stay far from the largest double: a sum or mean can never become infinite.
inline constexpr double kMaxCustomNumber = 1e15;

std::vector<CustomFieldDef> load_custom_fields(db::Connection& c, const std::string& workspace_id,
                                               const std::string& object);

// Checks one value against its definition; returns the normalised value (e.g. a phone in E.164) or
// appends to errors. `null` is returned unchanged (it removes the value).
boost::json::value validate_custom_value(const CustomFieldDef& def, const boost::json::value& v,
                                         std::vector<FieldError>& errors);

// Parses and checks a definition from an API body (create when existing is null, else update).
Result<CustomFieldDef> parse_custom_field(const boost::json::object& body, const CustomFieldDef* existing);

}  // namespace rapport::records

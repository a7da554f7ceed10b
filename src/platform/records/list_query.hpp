// List pages: `limit`, opaque keyset `cursor`, `sort=[-]field` and `filter[field][op]=value`
// (field may be `custom.<name>`). Filters compile to SQL with bound parameters only: field names are
// looked up in the spec and never copied from the request into SQL.
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "platform/db/connection.hpp"
#include "platform/records/custom_fields.hpp"
#include "platform/records/keyset.hpp"
#include "platform/records/spec.hpp"

namespace rapport::records {

struct Filter {
  std::string field;
  std::string op;  // eq ne lt lte gt gte in contains starts_with is_null
  std::string value;
};

struct ListParams {
  int limit = 50;
  std::string cursor;
  std::string sort;  // empty: the spec's default
  std::vector<Filter> filters;
  bool count = false;
};

constexpr int kMaxLimit = keyset::kMaxLimit;
constexpr std::size_t kMaxFilters = 20;
constexpr std::size_t kMaxInValues = 100;

// 400 for a malformed limit, an unknown parameter or a filter key not of the form filter[f][op].
Result<ListParams> parse_list_params(const std::vector<std::pair<std::string, std::string>>& query);

struct CompiledList {
  std::string where;  // conditions to AND after the workspace and deleted_at conditions
  std::vector<db::Value> params;
  keyset::Order order;      // named by the normalised sort, e.g. "-created_at"
  std::optional<keyset::Position> after;  // the cursor's position; nullopt on the first page
  int limit = 50;
};

// 400 for an unknown field or operator, a value of the wrong type, a sort on a non-sortable field or
// a cursor that is malformed, belongs to another sort or holds a value not of the sort field's type.
// `workspace_id` is bound in the subquery of a link filter (ObjectSpec::link_filters); a caller that
// only checks whether a list would take the query (saved views) may leave it empty.
Result<CompiledList> compile_list(const ObjectSpec& spec, const std::vector<CustomFieldDef>& custom_defs,
                                  const ListParams& params, db::Dialect dialect = db::Dialect::Sqlite,
                                  std::string_view workspace_id = {});

// A field a list of the spec's records can be filtered on, as compile_list takes it: the operators it
// accepts, whether it can be sorted on, and the JSON type of a filter value. The OpenAPI document
// lists these, then the spec's link filters (format "uuid"); custom fields (custom.<name>) come on
// top and differ per workspace.
struct ListField {
  std::string name;
  bool sortable = false;
  std::vector<std::string> operators;
  std::string value_type;  // "string", "integer", "number", "boolean"; an element's type for a list field
  std::string format;      // "date-time" for a time (a date YYYY-MM-DD is also taken); "uuid" for ids
  bool list = false;       // a list field (e-mail addresses, phone numbers): eq and contains test membership
  std::string description;  // said in the document (link filters: what the filter keeps)
};
std::vector<ListField> list_fields(const ObjectSpec& spec);
// Every filter operator, in the order the document lists them.
const std::vector<std::string>& filter_operators();

}  // namespace rapport::records

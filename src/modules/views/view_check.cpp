#include "modules/views/view_check.hpp"

#include <algorithm>

#include "platform/records/scope.hpp"

namespace rapport::views {

namespace {

// The list's answer to a request that takes only this query: the problem's detail, or "" when the
// list would take it.
std::string list_refusal(const records::ObjectSpec& spec, const std::vector<records::CustomFieldDef>& defs,
                         const std::vector<std::pair<std::string, std::string>>& query, db::Dialect dialect) {
  auto params = records::parse_list_params(query);
  if (!params) return params.problem().detail;
  auto compiled = records::compile_list(spec, defs, *params, dialect);
  if (!compiled) return compiled.problem().detail;
  return "";
}

bool is_column(const records::ObjectSpec& spec, const std::vector<records::CustomFieldDef>& defs, const std::string& name) {
  if (records::find_field(spec, name)) return true;
  const auto& extra = spec.hooks.extra_keys;
  if (std::find(extra.begin(), extra.end(), name) != extra.end()) return true;
  if (name.rfind("custom.", 0) != 0) return false;
  return std::any_of(defs.begin(), defs.end(), [&](const auto& d) { return "custom." + d.name == name; });
}

}  // namespace

std::vector<FieldError> check_against_object(const records::ObjectSpec& spec, const std::vector<records::CustomFieldDef>& defs,
                                             const access::Context& ctx, const ViewChange& change, db::Dialect dialect) {
  std::vector<FieldError> errors;
  if (change.filters) {
    for (std::size_t i = 0; i < change.filters->size(); ++i) {
      const auto& f = (*change.filters)[i];
      const std::string path = "filters." + std::to_string(i);
      if (records::is_hidden(ctx, spec.object, f.field)) {
        errors.push_back({path + ".field", "forbidden", "Your role cannot filter on '" + f.field + "'"});
        continue;
      }
      // One filter at a time, so that the error names the filter the list would refuse.
      std::string refusal = list_refusal(spec, defs, {{"filter[" + f.field + "][" + f.op + "]", f.value}}, dialect);
      if (!refusal.empty()) errors.push_back({path, "invalid", refusal});
    }
  }
  if (change.sort && *change.sort) {
    const std::string& sort = **change.sort;
    std::string field = sort.front() == '-' ? sort.substr(1) : sort;
    if (records::is_hidden(ctx, spec.object, field)) {
      errors.push_back({"sort", "forbidden", "Your role cannot sort on '" + field + "'"});
    } else if (std::string refusal = list_refusal(spec, defs, {{"sort", sort}}, dialect); !refusal.empty()) {
      errors.push_back({"sort", "invalid", refusal});
    }
  }
  if (change.columns) {
    for (std::size_t i = 0; i < change.columns->size(); ++i)
      if (!is_column(spec, defs, (*change.columns)[i]))
        errors.push_back({"columns." + std::to_string(i), "unknown",
                          "'" + (*change.columns)[i] + "' is not a field of " + spec.object + " (nor custom.<name> of one of its custom fields)"});
  }
  return errors;
}

}  // namespace rapport::views

#include "modules/views/view.hpp"

namespace rapport::views {
namespace json = boost::json;

json::array filters_json(const std::vector<records::Filter>& filters) {
  json::array out;
  for (const auto& f : filters) out.push_back(json::object{{"field", f.field}, {"op", f.op}, {"value", f.value}});
  return out;
}

json::array columns_json(const std::vector<std::string>& columns) {
  json::array out;
  for (const auto& c : columns) out.push_back(json::value(c));
  return out;
}

json::object View::to_json() const {
  return json::object{{"id", id},
                      {"object_type", object_type},
                      {"name", name},
                      {"visibility", visibility},
                      {"filters", filters_json(filters)},
                      {"sort", sort ? json::value(*sort) : json::value(nullptr)},
                      {"columns", columns_json(columns)},
                      {"position", position},
                      {"owner_id", owner_id},
                      {"version", version},
                      {"created_at", created_at},
                      {"updated_at", updated_at}};
}

}  // namespace rapport::views

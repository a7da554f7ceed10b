#include "modules/sales/specs.hpp"

namespace rapport::sales {
using records::FieldType;

const records::ObjectSpec& product_spec() {
  static const records::ObjectSpec spec = [] {
    records::ObjectSpec s;
    s.object = "products";
    s.singular = "product";
    s.title = "Product";
    s.display = {{"name"}};
    s.search = {.groups = {{"name", {"name"}}, {"sku", {"sku"}}}, .subtitle = {"sku"}};
    auto& sku = s.add("sku", FieldType::String, 64);
    sku.required = true;
    sku.nocase = true;
    sku.description = "Stock keeping unit, unique (case-insensitively) among the workspace's live products";
    auto& name = s.add("name", FieldType::String, 200);
    name.required = true;
    name.sortable = true;
    name.nocase = true;
    s.add("description", FieldType::Text, 10000);
    auto& price = s.add("unit_price", FieldType::Money);
    price.required = true;
    price.min = 0;
    price.description = "Price of one unit in minor units of `currency`";
    s.add("currency", FieldType::Currency, 3).required = true;
    s.add("active", FieldType::Boolean).description = "Inactive products stay on existing deals but are not offered for new line items";
    s.unique = {{"sku"}};
    s.hooks.normalize = [](boost::json::object& rec, bool creating) {
      if (creating && rec["active"].is_null()) rec["active"] = true;
    };
    return s;
  }();
  return spec;
}

}  // namespace rapport::sales

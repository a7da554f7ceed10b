#include "modules/customers/specs.hpp"

namespace rapport::customers {
using records::FieldSpec;
using records::FieldType;

const records::ObjectSpec& company_spec() {
  static const records::ObjectSpec spec = [] {
    records::ObjectSpec s;
    s.object = "companies";
    s.singular = "company";
    s.title = "Company";
    s.display = {{"name"}};
    s.search = {.groups = {{"name", {"name"}}, {"domain", {"domain"}}, {"phone", {"phone"}, true}},
                .subtitle = {"domain", "phone"}};
    s.default_sort = "-created_at";
    auto add = [&](std::string name, FieldType t, std::size_t max_len = 255) -> FieldSpec& {
      FieldSpec f;
      f.name = std::move(name);
      f.type = t;
      f.max_length = max_len;
      s.fields.push_back(std::move(f));
      return s.fields.back();
    };
    auto& name = add("name", FieldType::String);
    name.required = true;
    name.sortable = true;
    name.nocase = true;
    name.description = "The company's name";
    add("domain", FieldType::Domain, 253).description = "Primary web domain, unique among live companies";
    add("industry", FieldType::String, 100);
    auto& size = add("size", FieldType::Enum);
    size.options = {"1-10", "11-50", "51-200", "201-1000", "1001-5000", "5000+"};
    auto& employees = add("employee_count", FieldType::Integer);
    employees.min = 0;
    employees.max = 10'000'000;
    auto& revenue = add("annual_revenue", FieldType::Money);
    revenue.min = 0;
    revenue.description = "Integer minor units of `currency`";
    add("currency", FieldType::Currency, 3);
    add("website", FieldType::Url, 2048);
    add("phone", FieldType::Phone, 64);
    add("street", FieldType::String);
    add("city", FieldType::String, 100);
    add("region", FieldType::String, 100);
    add("postal_code", FieldType::String, 20);
    add("country", FieldType::Country, 2);
    add("description", FieldType::Text, 10000);
    s.unique = {{"domain"}};
    s.hooks.check = [](db::Connection&, const access::Context&, const boost::json::object& rec,
                       const boost::json::object&, bool, std::vector<FieldError>& errors) {
      if (!rec.at("annual_revenue").is_null() && rec.at("currency").is_null())
        errors.push_back({"currency", "required", "is required when annual_revenue is set"});
    };
    return s;
  }();
  return spec;
}

}  // namespace rapport::customers

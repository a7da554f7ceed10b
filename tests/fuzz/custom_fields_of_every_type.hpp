// Custom field definitions of every type (with a pattern, a bound, a currency, options), for the fuzz
// targets that validate or filter on custom fields (records_fuzz.cpp, modules_fuzz.cpp).
#pragma once
#include <string>
#include <vector>

#include "platform/records/custom_fields.hpp"

inline std::vector<rapport::records::CustomFieldDef> custom_fields_of_every_type(const char* object) {
  std::vector<rapport::records::CustomFieldDef> d;
  auto add = [&](const char* name, const char* type) -> rapport::records::CustomFieldDef& {
    rapport::records::CustomFieldDef f;
    f.id = std::string("0190") + name;
    f.object = object;
    f.name = name;
    f.label = name;
    f.type = type;
    d.push_back(f);
    return d.back();
  };
  add("note", "text").pattern = "[a-z ]{0,20}";
  add("score", "number").max = 100;
  add("budget", "money").currency = "EUR";
  add("since", "date");
  add("vip", "bool");
  add("tier", "select").options = {"gold", "silver"};
  add("topics", "multi_select").options = {"a", "b", "c"};
  add("backup_email", "email");
  add("mobile", "phone");
  add("site", "url");
  return d;
}

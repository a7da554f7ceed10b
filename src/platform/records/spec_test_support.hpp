// Specs for the record engine's own tests: a person, an organisation and an event, with one field of
// each kind the tests need. They stand in for the modules' objects, which the platform never sees.
#pragma once
#include "platform/records/spec.hpp"

namespace rapport::records::test {

inline const ObjectSpec& person_spec() {
  static const ObjectSpec spec = [] {
    ObjectSpec s;
    s.object = "people";
    s.singular = "person";
    for (const char* n : {"first_name", "last_name"}) {
      auto& f = s.add(n, FieldType::String, 100);
      f.sortable = true;
      f.nocase = true;
    }
    s.add("email", FieldType::Email, 254);
    s.add("phone", FieldType::Phone, 64);
    s.add("emails", FieldType::EmailList);
    s.add("phones", FieldType::PhoneList);
    s.add("company_id", FieldType::Reference).ref_table = "organisations";
    s.add("lifecycle_stage", FieldType::Enum).options = {"lead", "customer", "other"};
    s.add("city", FieldType::String, 100);
    s.add("country", FieldType::Country, 2);
    s.add("birthday", FieldType::Date, 10);
    s.add("linkedin_url", FieldType::Url, 2048);
    s.add("description", FieldType::Text, 10000);
    return s;
  }();
  return spec;
}

inline const ObjectSpec& organisation_spec() {
  static const ObjectSpec spec = [] {
    ObjectSpec s;
    s.object = "organisations";
    s.singular = "organisation";
    auto& name = s.add("name", FieldType::String);
    name.required = true;
    name.sortable = true;
    s.add("domain", FieldType::Domain, 253);
    auto& employees = s.add("employee_count", FieldType::Integer);
    employees.min = 0;
    s.add("annual_revenue", FieldType::Money).min = 0;
    s.add("currency", FieldType::Currency, 3);
    s.add("tags", FieldType::Tags);
    return s;
  }();
  return spec;
}

inline const ObjectSpec& event_spec() {
  static const ObjectSpec spec = [] {
    ObjectSpec s;
    s.object = "events";
    s.singular = "event";
    s.add("type", FieldType::Enum).options = {"call", "meeting"};
    s.add("starts_at", FieldType::DateTime);
    s.add("ends_at", FieldType::DateTime);
    s.link_filters = {{.name = "person_id", .table = "event_people", .own_column = "event_id", .other_column = "person_id"}};
    return s;
  }();
  return spec;
}

}  // namespace rapport::records::test

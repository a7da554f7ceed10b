#include "modules/imports/header_match.hpp"

#include <gtest/gtest.h>

#include "modules/customers/specs.hpp"
#include "modules/imports/known_headers.hpp"
#include "modules/imports/mapping.hpp"
#include "modules/sales/specs.hpp"

namespace rapport::imports {
namespace {

std::vector<std::string> targets_of(std::string_view object, const records::ObjectSpec& spec,
                                    const std::vector<std::string>& headers,
                                    const std::vector<records::CustomFieldDef>& defs = {}) {
  auto targets = import_targets(spec, defs);
  std::vector<std::string> out;
  for (const auto& m : match_columns(object, headers, targets)) out.push_back(m.target);
  return out;
}

TEST(HeaderKey, CaseSpacesPunctuationAndPipedrivePrefixes) {
  EXPECT_EQ(header_key("Company Domain Name"), "companydomainname");
  EXPECT_EQ(header_key(" first_name "), "firstname");
  EXPECT_EQ(header_key("Person - Email - Work"), "emailwork");
  EXPECT_EQ(header_key("Deal - Value"), "value");
  EXPECT_EQ(header_key("Country/Region"), "countryregion");
  EXPECT_EQ(header_key("PR\xC3\x89NOM"), "pr\xC3\xA9nom");
}

TEST(MatchColumns, HubSpotContacts) {
  EXPECT_EQ(targets_of("contacts", customers::contact_spec(),
                       {"Record ID", "First Name", "Last Name", "Email", "Phone Number", "Mobile Phone Number",
                        "Company Name", "Job Title", "Lifecycle Stage", "Contact owner", "Create Date",
                        "Country/Region", "Favourite colour"}),
            (std::vector<std::string>{"external_id", "first_name", "last_name", "email", "phone", "phones", "company",
                                      "job_title", "lifecycle_stage", "owner", "created_at", "country", ""}));
}

TEST(MatchColumns, SalesforceZohoAndPipedrive) {
  EXPECT_EQ(targets_of("contacts", customers::contact_spec(),
                       {"Id", "FirstName", "LastName", "Email", "MobilePhone", "Title", "Account Name", "MailingCity",
                        "LeadSource", "CreatedDate", "Birthdate"}),
            (std::vector<std::string>{"external_id", "first_name", "last_name", "email", "phones", "job_title", "company",
                                      "city", "lead_source", "created_at", "birthday"}));
  EXPECT_EQ(targets_of("companies", customers::company_spec(),
                       {"Record Id", "Account Name", "Website", "Employees", "Annual Revenue", "Billing City",
                        "Billing Code", "Billing Country", "Created Time", "Account Owner"}),
            (std::vector<std::string>{"external_id", "name", "website", "employee_count", "annual_revenue", "city",
                                      "postal_code", "country", "created_at", "owner"}));
  EXPECT_EQ(targets_of("deals", sales::deal_spec(),
                       {"Deal - ID", "Deal - Title", "Deal - Value", "Deal - Currency", "Deal - Pipeline", "Deal - Stage",
                        "Deal - Organization", "Deal - Owner", "Deal - Deal created", "Deal - Expected close date",
                        "Deal - Won time", "Deal - Lost reason"}),
            (std::vector<std::string>{"external_id", "name", "amount", "currency", "pipeline", "stage", "company", "owner",
                                      "created_at", "expected_close_date", "closed_at", "lost_reason"}));
  EXPECT_EQ(targets_of("leads", sales::lead_spec(),
                       {"Lead Id", "First Name", "Last Name", "Company", "Lead Status", "Lead Source", "Email"}),
            (std::vector<std::string>{"external_id", "first_name", "last_name", "company_name", "status", "source",
                                      "email"}));
}

TEST(MatchColumns, OwnNamesCustomFieldsAndRepeats) {
  records::CustomFieldDef tier{.object = "contacts", .name = "tier", .label = "Customer Tier", .type = "select"};
  records::CustomFieldDef other{.object = "companies", .name = "region_code", .label = "Region code", .type = "text"};
  EXPECT_EQ(targets_of("contacts", customers::contact_spec(),
                       {"job_title", "Customer Tier", "custom.tier", "Region code", "Email", "E-mail", "Work Email",
                        "Phone", "Telefon"},
                       {tier, other}),
            (std::vector<std::string>{"job_title", "custom.tier", "", "", "email", "emails", "emails", "phone", "phones"}));
  auto targets = import_targets(customers::company_spec(), {});
  auto m = match_columns("companies", {"Name", "Company Name"}, targets);
  EXPECT_EQ(m[1].target, "");
  EXPECT_EQ(m[1].note, "\"Company Name\" also means name, which \"Name\" fills: left out");
}

TEST(ImportTargets, WhatEachObjectTakes) {
  auto names = [](const records::ObjectSpec& spec) {
    std::vector<std::string> out;
    for (const auto& t : import_targets(spec, {})) out.push_back(t.name);
    return out;
  };
  auto deals = names(sales::deal_spec());
  for (const char* t : {"name", "amount", "pipeline", "stage", "company", "company_domain", "contact_email", "owner",
                        "external_id", "created_at", "closed_at"})
    EXPECT_NE(std::find(deals.begin(), deals.end(), t), deals.end()) << t;
  for (const char* t : {"pipeline_id", "stage_id", "company_id", "full_name"})
    EXPECT_EQ(std::find(deals.begin(), deals.end(), t), deals.end()) << t;
  auto contacts = names(customers::contact_spec());
  EXPECT_NE(std::find(contacts.begin(), contacts.end(), "full_name"), contacts.end());
  EXPECT_EQ(std::find(contacts.begin(), contacts.end(), "closed_at"), contacts.end());
}

TEST(Mapping, ReadCheckedAndWrittenBack) {
  auto targets = import_targets(customers::contact_spec(), {});
  auto body = boost::json::parse(R"({"columns": {"E-Mail-Adresse": "email", "Fax": null, "Kunde seit": "created_at"},
                                     "date_order": "mdy", "currency": "EUR", "region": "DE", "on_duplicate": "update"})");
  auto m = read_mapping(body, "contacts", targets);
  ASSERT_TRUE(m.ok()) << m.problem().detail;
  EXPECT_EQ(m->options.match_on, "email") << "the object's default";
  EXPECT_EQ(m->options.date_order, DateOrder::MonthDayYear);
  auto again = read_mapping(mapping_json(*m), "contacts", targets);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(mapping_json(*again), mapping_json(*m));

  auto cols = resolve_columns(*m, "contacts", {"Fax", "E-Mail-Adresse", "Email", "First Name", "Kunde seit"}, targets);
  std::vector<std::string> got;
  for (const auto& c : cols) got.push_back(c.target);
  EXPECT_EQ(got, (std::vector<std::string>{"", "email", "emails", "first_name", "created_at"}))
      << "a second address goes to the list";

  auto bad = read_mapping(boost::json::parse(R"({"columns": {"A": "pipeline", "B": "email", "C": "email", "D": 5},
      "date_order": "ymd", "currency": "EURO", "region": "XX", "match_on": "domain", "on_duplicate": "merge",
      "create_companies": "yes", "extra": 1})"),
                          "contacts", targets);
  ASSERT_FALSE(bad.ok());
  std::vector<std::string> fields;
  for (const auto& e : bad.problem().errors) fields.push_back(e.field);
  std::sort(fields.begin(), fields.end());
  EXPECT_EQ(fields, (std::vector<std::string>{"columns.A", "columns.C", "columns.D", "create_companies", "currency",
                                              "date_order", "extra", "match_on", "on_duplicate", "region"}));
  EXPECT_EQ(bad.problem().status, 422);
}

}  // namespace
}  // namespace rapport::imports

#include "modules/imports/row_plan.hpp"

#include <gtest/gtest.h>

#include "modules/customers/specs.hpp"
#include "modules/sales/specs.hpp"
#include "platform/e164_memo.hpp"
#include "platform/records/validate.hpp"

namespace rapport::imports {
namespace {

struct Planned {
  std::vector<Target> targets;
  std::unique_ptr<RowPlanner> planner;
};

Planned planner(std::string object, const records::ObjectSpec& spec, std::vector<std::string> headers,
                ImportOptions options = {}, const std::vector<records::CustomFieldDef>* defs = nullptr) {
  static const std::vector<records::CustomFieldDef> none;
  Planned p;
  p.targets = import_targets(spec, defs ? *defs : none);
  auto matches = match_columns(object, headers, p.targets);
  p.planner = std::make_unique<RowPlanner>(object, p.targets, headers, matches, options, *jobs::time_zone("Europe/Paris"));
  return p;
}

RowPlan plan(const Planned& p, std::vector<std::string> cells) { return p.planner->plan({.line = 7, .fields = cells}); }

TEST(RowPlan, AHubSpotContact) {
  auto p = planner("contacts", customers::contact_spec(),
                   {"Record ID", "First Name", "Last Name", "Email", "Phone Number", "Mobile Phone Number", "Company Name",
                    "Company Domain Name", "Lifecycle Stage", "Contact owner", "Create Date", "Country/Region", "Website"});
  auto r = plan(p, {"901", "Ada", "Lovelace", "ada@example.com", "020 7946 0958", "07911 123456; 07911 123457",
                    "Analytical Engines Ltd", "https://www.Engines.co.uk/about", "Marketing Qualified Lead",
                    "owner@rapport.test", "2019-05-03 14:00", "United Kingdom", "ignored"});
  ASSERT_TRUE(r.errors.empty()) << r.errors[0].message;
  EXPECT_EQ(r.line, 7u);
  EXPECT_EQ(boost::json::serialize(r.body),
            R"({"first_name":"Ada","last_name":"Lovelace","email":"ada@example.com","phone":"+442079460958",)"
            R"("phones":["+447911123456","+447911123457"],"lifecycle_stage":"marketing_qualified","country":"GB"})");
  EXPECT_EQ(r.external_id, "901");
  EXPECT_EQ(r.company, "Analytical Engines Ltd");
  EXPECT_EQ(r.company_domain, "engines.co.uk");
  EXPECT_EQ(r.owner, "owner@rapport.test");
  EXPECT_EQ(r.created_at, std::optional<std::string>("2019-05-03T12:00:00.000Z")) << "Paris summer time";
}

// A phone is parsed once per value: the planner converts each cell to E.164, and the record engine's
// validation of the planned body (what the row writer hands it) does not parse those values again.
TEST(RowPlan, APhoneIsParsedOncePerValue) {
  auto p = planner("contacts", customers::contact_spec(), {"First Name", "Phone", "Mobile Phone", "Country"});
  const uint64_t before = formats::known_e164_numbers().parses();
  auto r = plan(p, {"Ada", "020 7946 0517", "07911 123517; 07911 123518", "GB"});
  ASSERT_TRUE(r.errors.empty()) << r.errors[0].message;
  EXPECT_EQ(formats::known_e164_numbers().parses(), before + 3);
  std::vector<FieldError> errors;
  auto input = records::validate_input(customers::contact_spec(), {}, r.body, nullptr, errors);
  ASSERT_TRUE(errors.empty()) << errors[0].message;
  EXPECT_EQ(boost::json::serialize(input.fields.at("phones")), R"(["+447911123517","+447911123518"])");
  EXPECT_EQ(formats::known_e164_numbers().parses(), before + 3) << "the engine's check of the planned values parses none again";
}

TEST(RowPlan, ADealWithMoneyAndHistory) {
  ImportOptions o;
  o.currency = "EUR";
  o.date_order = DateOrder::DayMonthYear;
  auto p = planner("deals", sales::deal_spec(),
                   {"Deal - Title", "Deal - Value", "Deal - Pipeline", "Deal - Stage", "Deal - Organization",
                    "Deal - Deal created", "Deal - Won time", "Deal - Expected close date"},
                   o);
  auto r = plan(p, {"Engines", "1.234,50 \xE2\x82\xAC", "Sales", "Won", "ACME", "01/02/2020", "2020-03-15 10:00:00", "15/03/2020"});
  ASSERT_TRUE(r.errors.empty()) << r.errors[0].message;
  EXPECT_EQ(boost::json::serialize(r.body),
            R"({"name":"Engines","amount":123450,"currency":"EUR","expected_close_date":"2020-03-15"})");
  EXPECT_EQ(r.pipeline, "Sales");
  EXPECT_EQ(r.stage, "Won");
  EXPECT_EQ(r.created_at, std::optional<std::string>("2020-01-31T23:00:00.000Z"));
  EXPECT_EQ(r.closed_at, std::optional<std::string>("2020-03-15T09:00:00.000Z"));
  // The row's currency column decides for its amount.
  auto q = planner("deals", sales::deal_spec(), {"Name", "Amount", "Currency"}, o);
  EXPECT_EQ(boost::json::serialize(plan(q, {"x", "$5", "usd"}).body), R"({"name":"x","amount":500,"currency":"USD"})");
  auto mismatch = plan(q, {"x", "5 GBP", "USD"});
  ASSERT_EQ(mismatch.errors.size(), 1u);
  EXPECT_EQ(mismatch.errors[0].column, "Amount");
  EXPECT_EQ(mismatch.errors[0].value, "5 GBP");
  EXPECT_EQ(mismatch.errors[0].message, "\"5 GBP\" is in GBP but the record's currency is USD");
}

TEST(RowPlan, EveryBadCellIsAnErrorOfTheRow) {
  auto p = planner("contacts", customers::contact_spec(), {"Email", "Birthday", "Phone", "Lifecycle Stage", "Create Date"});
  auto r = plan(p, {"a@example.com", "31/02/1990", "12", "Champion", "yesterday"});
  std::vector<std::string> columns;
  for (const auto& e : r.errors) columns.push_back(e.column);
  EXPECT_EQ(columns, (std::vector<std::string>{"Birthday", "Phone", "Lifecycle Stage", "Create Date"}));
  EXPECT_NE(r.errors[1].message.find("no country code"), std::string::npos) << "no country in the row or the import";
  // Repeated cells are remembered with their verdict, good or bad.
  auto again = plan(p, {"b@example.com", "", "", "Champion", ""});
  ASSERT_EQ(again.errors.size(), 1u);
  EXPECT_EQ(again.errors[0].message, r.errors[2].message);
  EXPECT_EQ(boost::json::serialize(plan(p, {"c@example.com", "", "", "customer", ""}).body),
            R"({"email":"c@example.com","lifecycle_stage":"customer"})");
  EXPECT_EQ(boost::json::serialize(plan(p, {"d@example.com", "", "", "customer", ""}).body),
            R"({"email":"d@example.com","lifecycle_stage":"customer"})");
}

TEST(RowPlan, NamesBlankRowsRaggedRowsAndCustomFields) {
  std::vector<records::CustomFieldDef> defs = {
      {.object = "contacts", .name = "tier", .label = "Tier", .type = "select", .options = {"gold", "silver"}},
      {.object = "contacts", .name = "tags", .label = "Tags", .type = "multi_select", .options = {"vip", "press"}},
      {.object = "contacts", .name = "score", .label = "Score", .type = "number"},
      {.object = "contacts", .name = "ltv", .label = "Lifetime value", .type = "money", .currency = "EUR"}};
  auto p = planner("contacts", customers::contact_spec(), {"Name", "Tier", "Tags", "Score", "Lifetime value"}, {}, &defs);
  EXPECT_EQ(boost::json::value(plan(p, {"Lovelace, Ada", "GOLD", "VIP; press", "4,5", "1.200,00"}).body),
            boost::json::parse(R"({"first_name":"Ada","last_name":"Lovelace",
                                   "custom":{"tier":"gold","tags":["vip","press"],"score":4.5,"ltv":120000}})"));
  EXPECT_EQ(boost::json::serialize(plan(p, {"Ada King Lovelace"}).body), R"({"first_name":"Ada King","last_name":"Lovelace"})")
      << "a short row: the rest is empty";
  EXPECT_TRUE(plan(p, {"", " ", "", "", ""}).blank);
  auto ragged = plan(p, {"Ada", "", "", "", "", "extra"});
  ASSERT_EQ(ragged.errors.size(), 1u);
  EXPECT_NE(ragged.errors[0].message.find("6 fields, the header 5"), std::string::npos);
  EXPECT_TRUE(plan(p, {"Ada", "", "", "", "", " "}).errors.empty()) << "empty trailing cells are no fields";
  // First and last name columns: the full name column is not split over them.
  auto q = planner("contacts", customers::contact_spec(), {"Name", "First Name"});
  EXPECT_EQ(boost::json::serialize(plan(q, {"Ada Lovelace", "Ada"}).body), R"({"first_name":"Ada"})");
}

TEST(FieldValue, DomainsFromWhatCellsHold) {
  EXPECT_EQ(domain_of("https://www.Example.COM/about?x=1"), "example.com");
  EXPECT_EQ(domain_of("jane@Sub.Example.org"), "sub.example.org");
  EXPECT_EQ(domain_of("example.com."), "example.com");
  EXPECT_EQ(domain_of("example.com:8080"), "example.com");
}

}  // namespace
}  // namespace rapport::imports

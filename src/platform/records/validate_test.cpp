#include "platform/records/validate.hpp"

#include <gtest/gtest.h>

#include "platform/money.hpp"
#include "platform/records/spec_test_support.hpp"

namespace rapport::records {
namespace {
namespace json = boost::json;

std::vector<std::string> fields_of(const std::vector<FieldError>& errors) {
  std::vector<std::string> out;
  for (const auto& e : errors) out.push_back(e.field + ":" + e.code);
  return out;
}

TEST(Validate, ReportsEveryFailingFieldAtOnce) {
  std::vector<FieldError> errors;
  json::object body{{"email", "nope"}, {"phone", 5}, {"lifecycle_stage", "boss"}, {"bogus", 1}, {"id", "x"},
                    {"country", "XX"}, {"birthday", "2026-02-30"}, {"linkedin_url", "ftp://x.org"}};
  validate_input(test::person_spec(), {}, body, nullptr, errors);
  auto f = fields_of(errors);
  for (const char* want : {"email:format", "phone:type", "lifecycle_stage:option", "bogus:unknown", "id:read_only",
                           "country:format", "birthday:format", "linkedin_url:format"})
    EXPECT_NE(std::find(f.begin(), f.end(), want), f.end()) << want;
  EXPECT_EQ(errors.size(), 8u);
}

TEST(Validate, NormalisesValues) {
  std::vector<FieldError> errors;
  json::object body{{"email", "  Ada@Example.com "}, {"phone", "030 1234567"}, {"country", "de"},
                    {"phones", json::array{"+1 650-253-0000", "+16502530000"}}};
  auto in = validate_input(test::person_spec(), {}, body, nullptr, errors);
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(in.fields["email"], "Ada@Example.com");
  EXPECT_EQ(in.fields["phone"], "+49301234567");  // national number read in the contact's country
  EXPECT_EQ(in.fields["country"], "DE");
  EXPECT_EQ(in.fields["phones"].as_array().size(), 1u);  // duplicates collapse
  json::object company{{"name", "Acme"}, {"domain", "ACME.Example"}};
  auto c = validate_input(test::organisation_spec(), {}, company, nullptr, errors);
  EXPECT_EQ(c.fields["domain"], "acme.example");
}

// Tags: trimmed, duplicates regardless of case dropped (the first spelling stays), 1 to 64
// characters each, at most 50; cleared to an empty list.
TEST(Validate, TagsAreTrimmedDeduplicatedAndBounded) {
  const FieldSpec& tags = *test::organisation_spec().field("tags");
  std::vector<FieldError> errors;
  auto v = validate_value(tags, json::array{" VIP ", "vip", "Renewal", "Straße", "STRASSE"}, "", errors);
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(v, (json::array{"VIP", "Renewal", "Straße"}));
  EXPECT_EQ(validate_value(tags, nullptr, "", errors), json::array{});
  json::array fifty, fifty_one;
  for (int i = 0; i < 51; ++i) {
    std::string t = "t";
    t += std::to_string(i);
    (i < 50 ? fifty : fifty_one).push_back(json::value(t));
    if (i < 50) fifty_one.push_back(json::value(t));
  }
  fifty.push_back(json::value("T0"));  // a duplicate does not count
  EXPECT_EQ(validate_value(tags, fifty, "", errors).as_array().size(), 50u);
  EXPECT_TRUE(errors.empty());
  for (const json::value& bad : {json::value(fifty_one), json::value(json::array{""}), json::value(json::array{"  "}),
                                 json::value(json::array{std::string(65, 'x')}), json::value(json::array{1}),
                                 json::value("vip"), json::value(json::array{"a\nb"})}) {
    errors.clear();
    EXPECT_TRUE(validate_value(tags, bad, "", errors).is_null()) << json::serialize(bad);
    ASSERT_EQ(errors.size(), 1u) << json::serialize(bad);
    EXPECT_EQ(errors[0].field, "tags");
  }
  errors.clear();
  EXPECT_EQ(validate_value(tags, json::array{std::string(64, 'x') /* 64 characters */, "äöü"}, "", errors).as_array().size(), 2u);
  EXPECT_TRUE(errors.empty());
}

TEST(Validate, DataTypesAreNeverCoerced) {
  std::vector<FieldError> errors;
  json::object body{{"name", "Acme"}, {"employee_count", "12"}, {"annual_revenue", 1.5}};
  validate_input(test::organisation_spec(), {}, body, nullptr, errors);
  auto f = fields_of(errors);
  EXPECT_EQ(f, (std::vector<std::string>{"employee_count:type", "annual_revenue:type"}));
}

TEST(Validate, LengthCountsCharacters) {
  std::vector<FieldError> errors;
  std::string e255;
  for (int i = 0; i < 255; ++i) e255 += "\xc3\xa9";  // é, two bytes each
  validate_input(test::organisation_spec(), {}, json::object{{"name", e255}}, nullptr, errors);
  EXPECT_TRUE(errors.empty());
  validate_input(test::organisation_spec(), {}, json::object{{"name", e255 + "x"}}, nullptr, errors);
  EXPECT_EQ(fields_of(errors), std::vector<std::string>{"name:length"});
}

TEST(Validate, RangesAndRequired) {
  std::vector<FieldError> errors;
  validate_input(test::organisation_spec(), {}, json::object{{"employee_count", -1}, {"name", nullptr}}, nullptr, errors);
  auto f = fields_of(errors);
  EXPECT_NE(std::find(f.begin(), f.end(), "employee_count:range"), f.end());
  EXPECT_NE(std::find(f.begin(), f.end(), "name:required"), f.end());
  errors.clear();
  json::object merged{{"name", nullptr}, {"custom", json::object{}}};
  CustomFieldDef req;
  req.name = "tier";
  req.type = "text";
  req.required = true;
  check_required(test::organisation_spec(), {req}, merged, errors);
  f = fields_of(errors);
  EXPECT_NE(std::find(f.begin(), f.end(), "name:required"), f.end());
  EXPECT_NE(std::find(f.begin(), f.end(), "custom.tier:required"), f.end());
}

// Every money field has the one maximum of platform/money, whatever its own range says.
TEST(Validate, MoneyFieldsStopAtTheMaximum) {
  FieldSpec amount;
  amount.name = "amount";
  amount.type = FieldType::Money;
  amount.min = 0;
  for (json::value v : {json::value(money::kMax + 1), json::value(int64_t{9223372036854775807}), json::value(uint64_t{18446744073709551615u})}) {
    std::vector<FieldError> errors;
    EXPECT_TRUE(validate_value(amount, v, "", errors).is_null());
    ASSERT_EQ(errors.size(), 1u) << json::serialize(v);
    EXPECT_EQ(errors[0].code, "range");
    EXPECT_NE(errors[0].message.find("1000000000000000"), std::string::npos) << errors[0].message;
  }
  std::vector<FieldError> errors;
  EXPECT_EQ(validate_value(amount, json::value(money::kMax), "", errors), json::value(money::kMax));
  EXPECT_EQ(validate_value(amount, json::value(-1), "", errors), json::value(nullptr));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].message, "must be at least 0") << "the field's own minimum comes first";
  FieldSpec signed_amount = amount;
  signed_amount.min.reset();
  errors.clear();
  EXPECT_EQ(validate_value(signed_amount, json::value(-money::kMax), "", errors), json::value(-money::kMax));
  EXPECT_TRUE(validate_value(signed_amount, json::value(-money::kMax - 1), "", errors).is_null());
  EXPECT_EQ(errors.size(), 1u);
}

TEST(Validate, DateTimesNormaliseToUtcMilliseconds) {
  std::vector<FieldError> errors;
  auto in = validate_input(test::event_spec(), {},
                           json::object{{"type", "meeting"}, {"starts_at", "2026-03-01T10:00:00+02:00"}}, nullptr, errors);
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(in.fields["starts_at"], "2026-03-01T08:00:00.000Z");
  validate_input(test::event_spec(), {}, json::object{{"type", "meeting"}, {"ends_at", "2026-13-01T00:00:00Z"}},
                 nullptr, errors);
  EXPECT_EQ(fields_of(errors), std::vector<std::string>{"ends_at:format"});
}

TEST(Validate, CustomValuesFollowTheirDefinition) {
  CustomFieldDef score;
  score.name = "score";
  score.type = "number";
  score.min = 0;
  score.max = 10;
  CustomFieldDef code;
  code.name = "code";
  code.type = "text";
  code.pattern = "[A-Z]{3}-[0-9]+";
  CustomFieldDef tags;
  tags.name = "tags";
  tags.type = "multi_select";
  tags.options = {"a", "b"};
  std::vector<FieldError> errors;
  json::object body{{"custom", json::object{{"score", 11}, {"code", "ab-1"}, {"tags", json::array{"a", "c"}}, {"nope", 1}}}};
  validate_input(test::person_spec(), {score, code, tags}, body, nullptr, errors);
  auto f = fields_of(errors);
  for (const char* want : {"custom.score:range", "custom.code:pattern", "custom.tags:option", "custom.nope:unknown"})
    EXPECT_NE(std::find(f.begin(), f.end(), want), f.end()) << want;
  errors.clear();
  json::object good{{"custom", json::object{{"score", 7.5}, {"code", "ABC-12"}, {"tags", json::array{"b", "a", "b"}}}}};
  auto in = validate_input(test::person_spec(), {score, code, tags}, good, nullptr, errors);
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(in.custom->at("tags").as_array().size(), 2u);
}

// A custom number holds at most kMaxCustomNumber either way, so that reports can sum any number of
// them as doubles (analytics/report_query.cpp); a value above int64 was a 500 on a unique field.
TEST(Validate, CustomNumbersStopAtTheirBound) {
  CustomFieldDef score;
  score.name = "score";
  score.type = "number";
  for (json::value v : {json::value(int64_t{1'000'000'000'000'001}), json::value(-1.5e15), json::value(1e308),
                        json::value(int64_t{9223372036854775807}), json::value(uint64_t{18446744073709551615u})}) {
    std::vector<FieldError> errors;
    EXPECT_TRUE(validate_custom_value(score, v, errors).is_null()) << json::serialize(v);
    ASSERT_EQ(errors.size(), 1u) << json::serialize(v);
    EXPECT_EQ(errors[0].field, "custom.score");
    EXPECT_EQ(errors[0].code, "range");
  }
  std::vector<FieldError> errors;
  for (json::value v : {json::value(int64_t{1'000'000'000'000'000}), json::value(-1e15), json::value(2.5), json::value(0)})
    EXPECT_EQ(validate_custom_value(score, v, errors), v) << json::serialize(v);
  EXPECT_TRUE(errors.empty());
}

TEST(CustomFieldDefinition, RejectsBadDefinitions) {
  EXPECT_FALSE(parse_custom_field(json::object{{"object_type", "contacts"}, {"name", "Bad Name"}, {"type", "text"}}, nullptr).ok());
  EXPECT_FALSE(parse_custom_field(json::object{{"object_type", "contacts"}, {"name", "x"}, {"type", "blob"}}, nullptr).ok());
  EXPECT_FALSE(parse_custom_field(json::object{{"object_type", "contacts"}, {"name", "x"}, {"type", "select"}}, nullptr).ok());
  EXPECT_FALSE(parse_custom_field(json::object{{"object_type", "contacts"}, {"name", "x"}, {"type", "money"}}, nullptr).ok());
  EXPECT_FALSE(parse_custom_field(json::object{{"object_type", "contacts"}, {"name", "x"}, {"type", "text"}, {"pattern", "("}}, nullptr).ok());
  EXPECT_FALSE(parse_custom_field(json::object{{"object_type", "invoices"}, {"name", "x"}, {"type", "text"}}, nullptr).ok());
  auto ok = parse_custom_field(json::object{{"object_type", "contacts"}, {"name", "tier"}, {"type", "select"}, {"options", json::array{"gold", "silver"}}}, nullptr);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->label, "tier");
  auto change_type = parse_custom_field(json::object{{"type", "number"}}, &*ok);
  EXPECT_FALSE(change_type.ok());
}

}  // namespace
}  // namespace rapport::records

#include "modules/marketing/form_input.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "modules/marketing/form_intake.hpp"

namespace rapport::marketing {
namespace {
namespace json = boost::json;

std::vector<std::string> fields_of(const Result<FormChange>& r) {
  std::vector<std::string> out;
  if (!r) for (const auto& e : r.problem().errors) out.push_back(e.field);
  std::sort(out.begin(), out.end());
  return out;
}

Result<FormChange> read(std::string_view text, bool creating = true) { return read_form_body(json::parse(text).as_object(), creating); }

TEST(FormInput, ReadsAFormAndItsDefaults) {
  auto f = read(R"({"name": "Demo", "fields": [{"field": "email", "required": true}, {"field": "custom.score", "label": "Score"}],
    "consents": [{"channel": "sms", "text": "Text me"}], "redirect_url": "https://example.com/thanks", "list_id": null})");
  ASSERT_TRUE(f.ok()) << f.problem().detail;
  EXPECT_EQ(*f->target, "contact") << "a form makes contacts unless told";
  ASSERT_EQ(f->fields->size(), 2u);
  EXPECT_TRUE((*f->fields)[0].required);
  EXPECT_EQ((*f->fields)[1].label, "Score");
  EXPECT_EQ((*f->consents)[0].channel, "sms");
  EXPECT_EQ(**f->redirect_url, "https://example.com/thanks");
  ASSERT_TRUE(f->list_id.has_value()) << "null is given: it clears";
  EXPECT_FALSE(f->list_id->has_value());
  EXPECT_FALSE(f->success_message.has_value()) << "absent: left as it is";
}

TEST(FormInput, NamesEachBadPart) {
  EXPECT_EQ(fields_of(read(R"({"target": "deal"})")), (std::vector<std::string>{"fields", "name", "target"}));
  EXPECT_EQ(fields_of(read(R"({"name": "x", "fields": [{"field": "email"}, {"field": "email", "required": "yes"}, {"label": "?"}]})")),
            (std::vector<std::string>{"fields.1.field", "fields.1.required", "fields.2.field"}));
  EXPECT_EQ(fields_of(read(R"({"name": "x", "fields": [{"field": "email"}], "consents": [{"channel": "fax", "text": "t"},
    {"channel": "sms"}, {"channel": "sms", "text": "again"}]})")),
            (std::vector<std::string>{"consents.0.channel", "consents.1.text", "consents.2.channel"}));
  for (const char* url : {"javascript:alert(1)", "ftp://example.com", "/relative", "https://exa mple.com", ""}) {
    json::object body{{"redirect_url", url}};
    EXPECT_EQ(fields_of(read_form_body(body, false)), (std::vector<std::string>{"redirect_url"})) << url;
  }
  EXPECT_EQ(fields_of(read(R"({"list_id": "nope", "enabled": 1, "colour": "red"})", false)),
            (std::vector<std::string>{"colour", "enabled", "list_id"}));
  EXPECT_TRUE(read(R"({"consents": []})", false).ok()) << "no consent boxes is a form too";
}

TEST(FormInput, BoundsTheFields) {
  json::array many;
  for (int i = 0; i < 31; ++i) {
    std::string name = "f";
    name += std::to_string(i);
    many.push_back(json::object{{"field", name}});
  }
  EXPECT_EQ(fields_of(read_form_body(json::object{{"name", "x"}, {"fields", many}}, true)), (std::vector<std::string>{"fields"}));
  json::object long_text{{"name", "x"}, {"fields", json::array{json::object{{"field", "email"}}}},
                         {"consents", json::array{json::object{{"channel", "sms"}, {"text", std::string(kMaxConsentChars + 1, 'a')}}}}};
  EXPECT_EQ(fields_of(read_form_body(long_text, true)), (std::vector<std::string>{"consents.0.text"}));
}

TEST(FormIntake, ATickedBoxIsOnTrueYesOrOne) {
  for (const char* yes : {"on", "true", "YES", " 1 "}) {
    const std::string v = yes;
    EXPECT_TRUE(ticked(&v)) << yes;
  }
  for (const char* no : {"", "off", "false", "0", "no"}) {
    const std::string v = no;
    EXPECT_FALSE(ticked(&v)) << no;
  }
  EXPECT_FALSE(ticked(nullptr));
}

}  // namespace
}  // namespace rapport::marketing

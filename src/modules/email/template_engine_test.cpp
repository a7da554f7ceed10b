#include "modules/email/template_engine.hpp"

#include <gtest/gtest.h>

namespace rapport::email {
namespace {

bool catalog(std::string_view object, std::string_view field) {
  if (object == "contact") return field == "first_name" || field == "last_name" || field == "custom.tier";
  if (object == "deal") return field == "name";
  return false;
}

CompiledTemplate compile(std::string_view text) {
  auto t = compile_template(text, catalog, "html");
  EXPECT_TRUE(t.ok()) << (t.ok() ? "" : t.problem().errors.at(0).message);
  return t.ok() ? *t : CompiledTemplate{};
}

std::string template_refusal(std::string_view text) {
  auto t = compile_template(text, catalog, "subject");
  if (t.ok()) return "compiled";
  EXPECT_EQ(t.problem().status, 422);
  EXPECT_EQ(t.problem().errors.at(0).field, "subject");
  return t.problem().errors.at(0).code + ": " + t.problem().errors.at(0).message;
}

TEST(TemplateEngine, MergesFieldsWithOrWithoutSpaces) {
  auto t = compile("Hi {{contact.first_name}} {{ contact.last_name }}, about {{deal.name}}.");
  EXPECT_EQ(render(t, {{"contact.first_name", "Ada"}, {"contact.last_name", "Lovelace"}, {"deal.name", "Engine"}}, false),
            "Hi Ada Lovelace, about Engine.");
  EXPECT_EQ(t.objects(), (std::vector<std::string>{"contact", "deal"}));
}

TEST(TemplateEngine, HtmlPartsEscapeValuesTextPartsDoNot) {
  auto t = compile("<p>{{contact.first_name}}</p>");
  std::map<std::string, std::string> v{{"contact.first_name", "<script>alert('x')</script> & \"co\""}};
  EXPECT_EQ(render(t, v, true), "<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;co&quot;</p>");
  EXPECT_EQ(render(t, v, false), "<p><script>alert('x')</script> & \"co\"</p>");
}

TEST(TemplateEngine, ANullValueRendersEmptyAndTextWithoutFieldsIsKept) {
  EXPECT_EQ(render(compile("Dear {{contact.first_name}}!"), {}, false), "Dear !");
  EXPECT_EQ(render(compile("plain { braces } and } }"), {}, false), "plain { braces } and } }");
  EXPECT_EQ(render(compile(""), {}, false), "");
  EXPECT_EQ(render(compile("Grüße {{contact.custom.tier}}"), {{"contact.custom.tier", "gold"}}, false), "Grüße gold");
}

TEST(TemplateEngine, UnknownAndMalformedFieldsAreRefusedWithWhere) {
  EXPECT_EQ(template_refusal("Hi {{contact.frist_name}}"), "unknown_field: has an unknown merge field {{contact.frist_name}} at line 1, column 4");
  EXPECT_EQ(template_refusal("a\nb {{user.name}}"), "unknown_field: has an unknown merge field {{user.name}} at line 2, column 3");
  EXPECT_EQ(template_refusal("Hi {{contact.first_name"), "template: has a {{ without its }} at line 1, column 4");
  EXPECT_EQ(template_refusal("{{ {{contact.first_name}}"), "template: has a {{ without its }} at line 1, column 1");
  EXPECT_EQ(template_refusal("{{   }}"), "template: has an empty merge field {{}} at line 1, column 1");
  EXPECT_EQ(template_refusal("{{first_name}}"), "template: has a merge field that is not object.field (e.g. {{contact.first_name}}) at line 1, column 1");
  EXPECT_EQ(template_refusal("{{contact.first-name}}"), "template: has a merge field that is not object.field (e.g. {{contact.first_name}}) at line 1, column 1");
  EXPECT_EQ(template_refusal("{{contact.a.b}}"), "template: has a merge field that is not object.field (e.g. {{contact.first_name}}) at line 1, column 1");
  EXPECT_EQ(template_refusal("é {{x.y}}"), "unknown_field: has an unknown merge field {{x.y}} at line 1, column 3");
}

TEST(TemplateEngine, SizeAndFieldCountAreBounded) {
  EXPECT_EQ(template_refusal(std::string(kMaxTemplateBytes + 1, 'a')).rfind("length:", 0), 0u);
  std::string many;
  for (std::size_t i = 0; i <= kMaxMergeFields; ++i) many += "{{deal.name}}";
  EXPECT_EQ(template_refusal(many), "template: has more than 200 merge fields");
  many.resize(many.size() - std::string("{{deal.name}}").size());
  EXPECT_EQ(template_refusal(many), "compiled");
}

}  // namespace
}  // namespace rapport::email

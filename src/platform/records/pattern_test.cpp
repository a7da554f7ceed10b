#include "platform/records/pattern.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "platform/records/custom_fields.hpp"

namespace rapport::records {
namespace json = boost::json;

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

CustomFieldDef text_field(std::string re) {
  CustomFieldDef d;
  d.name = "code";
  d.type = "text";
  d.max_length = static_cast<int64_t>(pattern::kMaxValueChars);
  d.pattern = std::move(re);
  return d;
}

}  // namespace

TEST(Pattern, MatchesTheWholeValue) {
  EXPECT_EQ(pattern::full_match("[A-Z]{3}-[0-9]+", "ABC-12"), pattern::Match::Yes);
  EXPECT_EQ(pattern::full_match("[A-Z]{3}-[0-9]+", "xABC-12"), pattern::Match::No);
  EXPECT_EQ(pattern::full_match("[A-Z]{3}-[0-9]+", "ABC-12x"), pattern::Match::No);
  EXPECT_EQ(pattern::full_match("^[A-Z][a-z]+$", "Anna"), pattern::Match::Yes);
  EXPECT_EQ(pattern::full_match("\\d+", "123"), pattern::Match::Yes);
  EXPECT_EQ(pattern::full_match("caf.", "caf\xc3\xa9"), pattern::Match::Yes) << "one character, two bytes";
}

TEST(Pattern, RefusesWhatRe2CannotRun) {
  std::string why;
  EXPECT_EQ(pattern::compile("([a-z", &why), nullptr);
  EXPECT_FALSE(why.empty());
  EXPECT_EQ(pattern::compile("(a)\\1"), nullptr) << "backreference";
  EXPECT_EQ(pattern::compile("a(?=b)"), nullptr) << "lookahead";
  EXPECT_EQ(pattern::compile(std::string(pattern::kMaxPatternBytes + 1, 'a')), nullptr);
  EXPECT_EQ(pattern::full_match("(a)\\1", "aa"), pattern::Match::Invalid);
  // A pattern that would need more than the memory bound is refused rather than allowed to grow.
  EXPECT_EQ(pattern::compile("[\\pL ]{1,200}"), nullptr);
  EXPECT_NE(pattern::compile("\\pL{1,100}"), nullptr);
}

TEST(Pattern, CompiledOncePerPattern) {
  auto a = pattern::compile("[0-9]{4}-once");
  auto b = pattern::compile("[0-9]{4}-once");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a.get(), b.get()) << "the second call must reuse the compiled pattern";
}

TEST(Pattern, CacheIsBounded) {
  for (std::size_t i = 0; i < 2 * pattern::kMaxCached; ++i) pattern::compile("bounded" + std::to_string(i));
  EXPECT_EQ(pattern::cached_count(), pattern::kMaxCached);
}

// std::regex overflowed its stack on (a|b)* with 100,000 characters and took exponential time on
// (a+)+$; RE2 answers both in linear time.
TEST(Pattern, PathologicalPatternsAnswerQuickly) {
  const std::string long_ab = [] {
    std::string s;
    for (std::size_t i = 0; i < pattern::kMaxValueChars; ++i) s.push_back(i % 2 ? 'a' : 'b');
    return s;
  }();
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_EQ(pattern::full_match("(a|b)*", long_ab), pattern::Match::Yes);
  EXPECT_EQ(pattern::full_match("(a|b)*", long_ab + "c"), pattern::Match::No);
  for (std::size_t n : {22u, 30u, 40u, 1000u, 100000u}) {
    std::string s(n, 'a');
    EXPECT_EQ(pattern::full_match("(a+)+$", s), pattern::Match::Yes);
    EXPECT_EQ(pattern::full_match("(a+)+$", s + "!"), pattern::Match::No);
    EXPECT_EQ(pattern::full_match("(a|aa)+", s + "b"), pattern::Match::No);
  }
  // Before: (a+)+$ on 40 characters plus one that fails alone took far beyond a minute.
  EXPECT_LT(seconds_since(t0), 5.0);
}

TEST(Pattern, CustomFieldValidationUsesRe2) {
  std::vector<FieldError> errors;
  validate_custom_value(text_field("(a|b)*"), json::value(std::string(pattern::kMaxValueChars, 'a')), errors);
  EXPECT_TRUE(errors.empty());
  std::string fails(50, 'a');
  fails.push_back('!');
  validate_custom_value(text_field("(a+)+$"), json::value(fails), errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code, "pattern");
  // A stored pattern RE2 refuses: the value is refused with a clear error, nothing throws.
  errors.clear();
  validate_custom_value(text_field("(?=x)x"), json::value("x"), errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].field, "custom.code");
  EXPECT_NE(errors[0].message.find("RE2"), std::string::npos) << errors[0].message;
}

TEST(Pattern, DefinitionsRefuseWhatRe2Refuses) {
  auto def = [](const char* re) {
    return parse_custom_field(json::object{{"object_type", "contacts"}, {"name", "x"}, {"type", "text"}, {"pattern", re}}, nullptr);
  };
  EXPECT_TRUE(def("[A-Z]+").ok());
  for (const char* bad : {"(a)\\1", "a(?!b)", "(?<=a)b", "(["}) {
    auto r = def(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.problem().status, 422);
    ASSERT_FALSE(r.problem().errors.empty());
    EXPECT_EQ(r.problem().errors[0].field, "pattern");
  }
}

}  // namespace rapport::records

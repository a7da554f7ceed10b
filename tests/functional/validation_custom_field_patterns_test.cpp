// Custom fields with hostile patterns: an admin's pattern runs on RE2 (no crash on long values, no
// exponential time), RE2's refusals are 422s, and a stored pattern RE2 refuses is a 422 on the value.
#include <chrono>
#include <functional>
#include <string>

#include "custom_field_db.hpp"
#include "validation_fixture.hpp"

namespace rapport::testing {
namespace json = boost::json;

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

std::string alternating(std::size_t n) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s.push_back(i % 2 ? 'a' : 'b');
  return s;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Patterns (RE2)

// (a|b)* with 100,000 characters overflowed std::regex's stack and killed the server; (a+)+$ took
// exponential time (0.1 s at 22 characters, x1.7 per character).
TEST_F(Validation, PathologicalPatternsNeitherCrashNorHang) {
  const auto u = uniq();
  const std::string ab = "ab_" + u, nested = "nested_" + u;
  auto ab_id = define({{"object_type", "contacts"}, {"name", ab}, {"type", "text"}, {"max_length", 100000}, {"pattern", "(a|b)*"}});
  auto nested_id = define({{"object_type", "contacts"}, {"name", nested}, {"type", "text"}, {"max_length", 100000}, {"pattern", "(a+)+$"}});
  Cleanup cleanup{[&] {
    drop(ab_id);
    drop(nested_id);
  }};
  auto t0 = std::chrono::steady_clock::now();
  for (int round = 0; round < 2; ++round) {  // the field stayed armed: every later write crashed again
    auto ok = post("/api/v1/contacts", json::object{{"first_name", "Long"}, {"custom", json::object{{ab, alternating(100000)}}}});
    ASSERT_EQ(ok.status, 201) << ok.body.substr(0, 300);
    auto bad = post("/api/v1/contacts", json::object{{"first_name", "Long"}, {"custom", json::object{{ab, alternating(99999) + "c"}}}});
    expect_invalid(bad, "custom." + ab, "pattern");
  }
  for (std::size_t n : {22u, 30u, 40u, 100000u}) {
    auto bad = post("/api/v1/contacts", json::object{{"first_name", "Nested"}, {"custom", json::object{{nested, std::string(n - 1, 'a') + "!"}}}});
    expect_invalid(bad, "custom." + nested, "pattern");
    auto ok = post("/api/v1/contacts", json::object{{"first_name", "Nested"}, {"custom", json::object{{nested, std::string(n, 'a')}}}});
    EXPECT_EQ(ok.status, 201) << n;
  }
  // Ten writes of up to 100,000 characters each; before, the 40-character one alone ran for hours.
  EXPECT_LT(seconds_since(t0), 20.0);
  EXPECT_TRUE(server().running());
  EXPECT_EQ(get("/api/v1/custom-fields/" + ab_id).status, 200);
}

TEST_F(Validation, PatternsRe2CannotRunAreRefused) {
  const auto u = uniq();
  int64_t before = definition_count();
  for (const char* re : {"(a)\\1", "a(?=b)", "(?<!a)b", "(?!x)y"}) {
    auto r = post("/api/v1/custom-fields", json::object{{"object_type", "contacts"}, {"name", "re_" + u}, {"type", "text"}, {"pattern", re}});
    expect_invalid(r, "pattern", "format");
    auto e = error_for(r, "pattern");
    if (e) {
      EXPECT_NE(std::string(e->at("message").as_string()).find("RE2"), std::string::npos) << r.body;
    }
  }
  auto long_pattern = post("/api/v1/custom-fields", json::object{{"object_type", "contacts"}, {"name", "re_" + u}, {"type", "text"}, {"pattern", std::string(201, 'a')}});
  expect_invalid(long_pattern, "pattern", "length");
  EXPECT_EQ(definition_count(), before);
}

// A definition stored before patterns ran on RE2 may hold one RE2 refuses: a value for it is a clear
// 422, the server stays up, and the admin can still change the pattern.
TEST_F(Validation, StoredPatternRe2RefusesIsA422) {
  const auto u = uniq();
  const std::string name = "legacy_" + u;
  auto id = define({{"object_type", "contacts"}, {"name", name}, {"type", "text"}, {"pattern", "[a-z]+"}});
  Cleanup cleanup{[&] { drop(id); }};
  exec_database(server().data_dir(), "UPDATE custom_fields SET pattern = ? WHERE id = ?", {"(?=a)a+", id});
  auto r = post("/api/v1/contacts", json::object{{"first_name", "Legacy"}, {"custom", json::object{{name, "aaa"}}}});
  expect_invalid(r, "custom." + name, "pattern");
  auto e = error_for(r, "custom." + name);
  if (e) {
    EXPECT_NE(std::string(e->at("message").as_string()).find("RE2"), std::string::npos) << r.body;
  }
  EXPECT_TRUE(server().running());
  auto fixed = patch("/api/v1/custom-fields/" + id, json::object{{"pattern", "a+"}});
  ASSERT_EQ(fixed.status, 200) << fixed.body;
  EXPECT_EQ(post("/api/v1/contacts", json::object{{"first_name", "Legacy"}, {"custom", json::object{{name, "aaa"}}}}).status, 201);
}

}  // namespace rapport::testing

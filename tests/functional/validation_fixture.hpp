// The Validation fixture and the helpers the validation_*_test.cpp files share. Every rejection is
// one RFC 9457 problem document that lists every failing field, and writes nothing.
#pragma once
#include <unistd.h>

#include <cctype>
#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>

#include "fixture.hpp"

namespace rapport::testing {
namespace json = boost::json;

// Runs a function when it goes out of scope (to remove custom field definitions a test made, so
// that the tests stay independent when they share one server).
struct Cleanup {
  std::function<void()> f;
  ~Cleanup() {
    if (f) f();
  }
};

// Lower-case letters and digits only, so it also fits custom field names and domain labels.
inline std::string uniq() {
  static int n = 0;
  std::string out(1, 'p');
  out.append(std::to_string(getpid())).push_back('n');
  out.append(std::to_string(++n));
  return out;
}

inline std::string repeat(const std::string& s, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += s;
  return out;
}

// A percent-encoded filter[field][op]=value query parameter.
inline std::string fq(const std::string& field, const std::string& op, const std::string& value) {
  std::string v;
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      v.push_back(static_cast<char>(c));
    } else {
      static const char* hex = "0123456789ABCDEF";
      v.push_back('%');
      v.push_back(hex[c >> 4]);
      v.push_back(hex[c & 15]);
    }
  }
  return "filter%5B" + field + "%5D%5B" + op + "%5D=" + v;
}

// A well-formed UUID that names no record.
inline const char* kNoSuchId = "01900000-0000-7000-8000-000000000000";

// The first entry of `errors` for a field, or nullopt.
inline std::optional<json::object> error_for(const HttpResponse& r, const std::string& field) {
  auto j = r.json();
  if (!j.is_object() || !j.as_object().contains("errors") || !j.at("errors").is_array()) return std::nullopt;
  for (const auto& e : j.at("errors").as_array())
    if (e.is_object() && e.as_object().contains("field") && e.at("field") == field.c_str()) return e.as_object();
  return std::nullopt;
}

inline std::string code_of(const HttpResponse& r, const std::string& field) {
  auto e = error_for(r, field);
  if (!e || !e->contains("code") || !e->at("code").is_string()) return "";
  return std::string(e->at("code").as_string());
}

inline std::set<std::string> field_set(const HttpResponse& r) {
  auto v = error_fields(r);
  return {v.begin(), v.end()};
}

class Validation : public ServerTest {
 protected:
  // Asserts the shape of an RFC 9457 problem document with the given status; for 409 and 422 also
  // that every entry of `errors` has field, code and message.
  void expect_problem(const HttpResponse& r, int status) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(r.header("content-type"), "application/problem+json") << r.body;
    auto j = r.json();
    ASSERT_TRUE(j.is_object()) << r.body;
    const auto& o = j.as_object();
    EXPECT_TRUE(o.contains("type") && o.at("type").is_string()) << r.body;
    EXPECT_TRUE(o.contains("title") && o.at("title").is_string()) << r.body;
    ASSERT_TRUE(o.contains("status")) << r.body;
    EXPECT_EQ(o.at("status"), status) << r.body;
    if (status == 422 || status == 409) {
      ASSERT_TRUE(o.contains("errors") && o.at("errors").is_array()) << r.body;
      EXPECT_FALSE(o.at("errors").as_array().empty()) << r.body;
      for (const auto& e : o.at("errors").as_array()) {
        ASSERT_TRUE(e.is_object()) << r.body;
        for (const char* k : {"field", "code", "message"}) {
          ASSERT_TRUE(e.as_object().contains(k)) << k << " missing in " << r.body;
          ASSERT_TRUE(e.at(k).is_string()) << r.body;
          EXPECT_FALSE(e.at(k).as_string().empty()) << k << " empty in " << r.body;
        }
      }
    }
  }

  // Expects a 422 with an error for `field` (and with `code` unless empty).
  void expect_invalid(const HttpResponse& r, const std::string& field, const std::string& code = "") {
    expect_problem(r, 422);
    auto e = error_for(r, field);
    EXPECT_TRUE(e.has_value()) << "no error for '" << field << "' in " << r.body;
    if (e && !code.empty()) {
      EXPECT_EQ(e->at("code"), code.c_str()) << r.body;
    }
  }

  int64_t count(const std::string& object, const std::string& filter = "") {
    auto r = get("/api/v1/" + object + "?count=true&limit=1" + (filter.empty() ? "" : "&" + filter));
    EXPECT_EQ(r.status, 200) << r.body;
    auto j = r.json();
    if (!j.is_object() || !j.as_object().contains("total")) return -1;
    return j.at("total").to_number<int64_t>();
  }

  json::object read(const std::string& object, const std::string& id) {
    auto r = get("/api/v1/" + object + "/" + id);
    EXPECT_EQ(r.status, 200) << r.body;
    auto j = r.json();
    return j.is_object() ? j.as_object() : json::object{};
  }

  // Posts a body that must be rejected with 422 for `field`, and checks that nothing was written.
  HttpResponse reject_create(const std::string& object, const json::value& body, const std::string& field,
                             const std::string& code = "") {
    int64_t before = count(object);
    auto r = post("/api/v1/" + object, body);
    expect_invalid(r, field, code);
    EXPECT_EQ(count(object), before) << "a rejected create wrote a record: " << json::serialize(body);
    return r;
  }

  // Patches with a body that must be rejected with `status`, and checks that the record did not change.
  HttpResponse reject_patch(const std::string& object, const std::string& id, const json::value& body, int status,
                            const std::string& field, const std::string& code = "") {
    auto before = read(object, id);
    auto r = patch("/api/v1/" + object + "/" + id, body);
    expect_problem(r, status);
    auto e = error_for(r, field);
    EXPECT_TRUE(e.has_value()) << "no error for '" << field << "' in " << r.body;
    if (e && !code.empty()) {
      EXPECT_EQ(e->at("code"), code.c_str()) << r.body;
    }
    EXPECT_EQ(read(object, id), before) << "a rejected PATCH changed the record: " << json::serialize(body);
    return r;
  }

  std::string contact(const std::string& last_name = "") {
    return create("contacts", json::object{{"first_name", "Val"}, {"last_name", last_name.empty() ? "Idation" + uniq() : last_name}});
  }

  // Defines a custom field and returns its id (fails the test otherwise).
  std::string define(const json::object& def) {
    auto r = post("/api/v1/custom-fields", def);
    EXPECT_EQ(r.status, 201) << json::serialize(def) << " -> " << r.body;
    auto j = r.json();
    return j.is_object() && j.as_object().contains("id") ? std::string(j.at("id").as_string()) : "";
  }
  void drop(const std::string& id) {
    if (!id.empty()) del("/api/v1/custom-fields/" + id);
  }
  int64_t definition_count() {
    auto r = get("/api/v1/custom-fields?object_type=contacts");
    EXPECT_EQ(r.status, 200) << r.body;
    auto j = r.json();
    return j.is_object() ? static_cast<int64_t>(j.at("data").as_array().size()) : -1;
  }
};

}  // namespace rapport::testing

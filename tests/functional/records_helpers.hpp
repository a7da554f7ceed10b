// Helpers shared by the records functional tests (records_*_test.cpp): values unique to a test,
// list query strings, the parts of a list page, problem documents and the order a sorted list must
// have.
//
// Every test makes its own records and marks them with a value unique to the test (a lead_source,
// a city, a subject prefix) so that it only sees its own data when several tests share one server.
#pragma once
#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "fixture.hpp"

namespace rapport::testing {
namespace json = boost::json;

using Query = std::vector<std::pair<std::string, std::string>>;
using Headers = std::vector<std::pair<std::string, std::string>>;

// A value unique to this process and call: markers, names, emails, request ids, idempotency keys.
// Only letters, digits and '-', so it is also a valid X-Request-Id and a domain label.
inline std::string unique(const std::string& prefix) {
  static const std::string run = [] {
    std::random_device rd;
    char buf[16];
    std::snprintf(buf, sizeof buf, "%06x", std::uniform_int_distribution<unsigned>(0, 0xffffff)(rd));
    return std::string(buf);
  }();
  static std::atomic<int> counter{0};
  return prefix + "-" + run + "-" + std::to_string(++counter);
}

inline std::string unique_email(const std::string& prefix) { return unique(prefix) + "@example.com"; }

// Percent-encodes everything but the unreserved characters, so brackets, '%', '+' and ',' reach the
// server as data.
inline std::string pct(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  return out;
}

inline std::string with_query(const std::string& path, const Query& q) {
  std::string out = path;
  char sep = '?';
  for (const auto& [k, v] : q) {
    out.push_back(sep);
    out += pct(k) + "=" + pct(v);
    sep = '&';
  }
  return out;
}

inline std::string filter(const std::string& field, const std::string& op) { return "filter[" + field + "][" + op + "]"; }

// The string member `key` of an object, or "" when absent or not a string.
inline std::string str(const json::value& v, std::string_view key) {
  if (!v.is_object()) return "";
  auto* f = v.as_object().if_contains(key);
  return f && f->is_string() ? std::string(f->as_string()) : "";
}

// The member `key` of an object, or null.
inline json::value member(const json::value& v, std::string_view key) {
  if (!v.is_object()) return nullptr;
  auto* f = v.as_object().if_contains(key);
  return f ? *f : json::value(nullptr);
}

// The `data` array of a page (empty when the response is not a page).
inline json::array page_data(const json::value& page) {
  auto d = member(page, "data");
  return d.is_array() ? d.as_array() : json::array{};
}

inline std::vector<std::string> ids_of(const json::array& records) {
  std::vector<std::string> out;
  for (const auto& r : records) out.push_back(str(r, "id"));
  return out;
}

inline std::vector<std::string> ids_of(const std::vector<json::object>& records) {
  std::vector<std::string> out;
  for (const auto& r : records) out.push_back(str(r, "id"));
  return out;
}

inline std::set<std::string> id_set(const std::vector<std::string>& ids) { return {ids.begin(), ids.end()}; }

// The `next_cursor` of a page, or "" when it is null.
inline std::string next_cursor(const json::value& page) { return str(page, "next_cursor"); }

inline bool names_field(const HttpResponse& r, const std::string& field) {
  auto f = error_fields(r);
  return std::find(f.begin(), f.end(), field) != f.end();
}

// Expects an RFC 9457 problem document with this status.
inline void expect_problem(const HttpResponse& r, int status, const std::string& what) {
  EXPECT_EQ(r.status, status) << what << ": " << r.body;
  EXPECT_EQ(r.header("content-type"), "application/problem+json") << what;
  EXPECT_EQ(member(r.json(), "status"), json::value(status)) << what << ": " << r.body;
}

// The ids of `records` in the order a list sorted on `field` must return them: by the field with
// NULL before every value (SQLite's order), ties broken by id; descending is the exact reverse.
// Names (first_name, last_name, a company's name) compare case-insensitively (COLLATE NOCASE, which
// folds ASCII letters only).
inline std::vector<std::string> expected_order(std::vector<json::object> records, const std::string& field, bool desc) {
  std::sort(records.begin(), records.end(), [&](const json::object& a, const json::object& b) {
    const json::value& va = a.at(field);
    const json::value& vb = b.at(field);
    if (va.is_null() != vb.is_null()) return va.is_null();
    if (!va.is_null()) {
      std::string sa(va.as_string()), sb(vb.as_string());
      if (field == "first_name" || field == "last_name" || field == "name") {
        for (auto* str : {&sa, &sb})
          for (auto& ch : *str)
            if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
      }
      if (sa != sb) return sa < sb;
    }
    return std::string(a.at("id").as_string()) < std::string(b.at("id").as_string());
  });
  auto ids = ids_of(records);
  if (desc) std::reverse(ids.begin(), ids.end());
  return ids;
}

// prefix followed by n, e.g. "N3".
inline std::string numbered(const std::string& prefix, int n) { return std::string(prefix).append(std::to_string(n)); }

inline void pause_ms(int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

}  // namespace rapport::testing

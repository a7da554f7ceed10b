// For the saved-views tests: a suite of its own on the Access organisation (admin, reps in teams
// East and West, a manager, a support agent, a read-only user), and helpers to save and list views.
#pragma once
#include <algorithm>
#include <string>
#include <vector>

#include "access_fixture.hpp"

namespace rapport::testing {

class Views : public Access {
 protected:
  // POST /api/v1/views as `who` ("admin" for the suite's admin).
  HttpResponse save(const std::string& who, const json::value& body) {
    return who == "admin" ? post("/api/v1/views", body) : as(who, "POST", "/api/v1/views", &body);
  }
  // Saves a view and returns it (fails the test otherwise).
  json::value saved(const std::string& who, json::object body) {
    if (!body.contains("object_type")) body["object_type"] = "contacts";
    auto r = save(who, body);
    EXPECT_EQ(r.status, 201) << who << ": " << r.body;
    return r.json();
  }
  HttpResponse call(const std::string& who, const std::string& method, const std::string& target, const json::value* body = nullptr,
                    std::vector<std::pair<std::string, std::string>> headers = {}) {
    return who == "admin" ? http().call(method, target, token(), body, std::move(headers))
                          : as(who, method, target, body, std::move(headers));
  }
  // The ids of the views `who` lists for an object type, in order.
  std::vector<std::string> listed(const std::string& who, const std::string& object_type = "contacts") {
    auto r = call(who, "GET", "/api/v1/views?object_type=" + object_type);
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<std::string> out;
    for (const auto& v : data_of(r)) out.push_back(text(v, "id"));
    return out;
  }
  static json::object filter(const std::string& field, const std::string& op, const std::string& value) {
    return json::object{{"field", field}, {"op", op}, {"value", value}};
  }
};

inline bool has(const std::vector<std::string>& ids, const std::string& id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

}  // namespace rapport::testing

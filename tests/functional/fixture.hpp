// A running server, an HTTP client and the admin's token, shared by the tests of one suite.
#pragma once
#include <gtest/gtest.h>

#include "harness.hpp"

namespace rapport::testing {

class ServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new ServerProcess(server_args_);
    client_ = new HttpClient(server_->port());
    token_ = login(*client_, ServerProcess::admin_email(), ServerProcess::admin_password());
  }
  static void TearDownTestSuite() {
    delete client_;
    delete server_;
    client_ = nullptr;
    server_ = nullptr;
  }
  HttpClient& http() { return *client_; }
  ServerProcess& server() { return *server_; }
  const std::string& token() { return token_; }

  // JSON helpers with the admin token.
  HttpResponse get(const std::string& target) { return client_->call("GET", target, token_); }
  HttpResponse post(const std::string& target, const boost::json::value& body,
                    std::vector<std::pair<std::string, std::string>> headers = {}) {
    return client_->call("POST", target, token_, &body, std::move(headers));
  }
  HttpResponse patch(const std::string& target, const boost::json::value& body,
                     std::vector<std::pair<std::string, std::string>> headers = {}) {
    return client_->call("PATCH", target, token_, &body, std::move(headers));
  }
  HttpResponse del(const std::string& target, std::vector<std::pair<std::string, std::string>> headers = {}) {
    return client_->call("DELETE", target, token_, nullptr, std::move(headers));
  }
  // Creates a record and returns its id (fails the test otherwise).
  std::string create(const std::string& object, const boost::json::value& body) {
    auto r = post("/api/v1/" + object, body);
    EXPECT_EQ(r.status, 201) << r.body;
    auto j = r.json();
    return j.is_object() && j.as_object().contains("id") ? std::string(j.at("id").as_string()) : "";
  }

  // Extra command-line arguments for the suite's server (set by a derived suite before setting up).
  static inline std::vector<std::string> server_args_;
  static inline ServerProcess* server_ = nullptr;
  static inline HttpClient* client_ = nullptr;
  static inline std::string token_;
};

// The `errors[].field` values of a problem document.
inline std::vector<std::string> error_fields(const HttpResponse& r) {
  std::vector<std::string> out;
  auto j = r.json();
  if (!j.is_object() || !j.as_object().contains("errors")) return out;
  for (const auto& e : j.at("errors").as_array()) out.emplace_back(e.at("field").as_string());
  return out;
}

}  // namespace rapport::testing

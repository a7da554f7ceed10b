// The fixture of the import tests (imports_test.cpp, imports_formats_test.cpp): a server with a small
// upload limit, uploads as any member, polling an import to its end, undo, and finding the records.
#pragma once
#include <chrono>
#include <thread>

#include "access_fixture.hpp"

namespace rapport::testing {

constexpr std::size_t kMaxBytes = 64 * 1024;

class Imports : public Access {
 protected:
  static void SetUpTestSuite() {
    server_args_ = {"--import-max-bytes", std::to_string(kMaxBytes)};
    Access::SetUpTestSuite();
  }

  HttpResponse upload(const std::string& who, const std::string& query, const std::string& body,
                      const std::string& type = "text/csv") {
    auto& member = who == "admin" ? token_ : m(who).token;
    HttpClient& c = who == "admin" ? *client_ : *m(who).client;
    return c.request("POST", "/api/v1/imports" + query, body, {{"Authorization", "Bearer " + member}, {"Content-Type", type}});
  }
  // A multipart body (boundary XB) with the file part (no Content-Type header when `type` is empty)
  // and, unless empty, the mapping part.
  static std::string multipart(const std::string& file, const std::string& mapping, const std::string& file_name = "crm.csv",
                               const std::string& type = "text/csv") {
    std::string body = "--XB\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + file_name + "\"\r\n";
    if (!type.empty()) body += "Content-Type: " + type + "\r\n";
    body += "\r\n" + file + "\r\n";
    if (!mapping.empty()) body += "--XB\r\nContent-Disposition: form-data; name=\"mapping\"\r\n\r\n" + mapping + "\r\n";
    return body + "--XB--\r\n";
  }
  // Polls the import until it has ended; answers its last state.
  json::value wait(const std::string& id, const std::string& who = "admin") {
    json::value last;
    for (int i = 0; i < 600; ++i) {
      auto r = who == "admin" ? get("/api/v1/imports/" + id) : as(who, "GET", "/api/v1/imports/" + id);
      EXPECT_EQ(r.status, 200) << r.body;
      last = r.json();
      std::string state = text(last, "state");
      if (state == "done" || state == "failed" || state == "undone") return last;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ADD_FAILURE() << "the import did not end: " << json::serialize(last);
    return last;
  }
  json::value undo(const std::string& id) {
    auto r = client_->call("POST", "/api/v1/imports/" + id + "/undo", token_);
    EXPECT_EQ(r.status, 202) << r.body;
    for (int i = 0; i < 600; ++i) {
      json::value now = get("/api/v1/imports/" + id).json();
      if (text(now, "state") == "undone") return now;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ADD_FAILURE() << "the undo did not end";
    return {};
  }
  static int64_t count(const json::value& import, const char* key) { return import.at("counts").at(key).as_int64(); }
  // The live records of a list filtered by one field.
  json::array find(const std::string& object, const std::string& field, const std::string& value, const std::string& who = "admin") {
    std::string encoded;
    for (char ch : value) encoded += ch == ' ' ? std::string("%20") : std::string(1, ch);
    std::string target = "/api/v1/" + object + "?filter[" + field + "][eq]=" + encoded;
    auto r = who == "admin" ? get(target) : as(who, "GET", target);
    EXPECT_EQ(r.status, 200) << r.body;
    return data_of(r);
  }
  int64_t imports_listed(const std::string& who) {
    auto r = who == "admin" ? get("/api/v1/imports") : as(who, "GET", "/api/v1/imports");
    EXPECT_EQ(r.status, 200) << r.body;
    return static_cast<int64_t>(data_of(r).size());
  }
};

}  // namespace rapport::testing

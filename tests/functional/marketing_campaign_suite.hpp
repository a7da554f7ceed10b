// The suite of the campaign tests (marketing_campaigns_test.cpp, marketing_campaign_results_test.cpp):
// a server with --public-url (tracked links, pixel and unsubscribe pages need it) that may reach the
// test's SMTP server, the `marketer` user (the built-in marketing role), and the helpers they share.
#pragma once
#include <chrono>
#include <functional>
#include <string>
#include <thread>

#include "email_smtp_server.hpp"
#include "loopback_suite.hpp"

namespace rapport::testing {

// Where the suite's server says recipients reach it (--public-url): tracked links, pixel, unsubscribe.
inline const std::string kCampaignPublicUrl = "https://mail.campaign.test";

// A header's value in a raw message, unfolded (empty when absent).
inline std::string header_of(const std::string& raw, const std::string& name) {
  const std::string head = raw.substr(0, raw.find("\r\n\r\n"));
  std::string unfolded;
  for (std::size_t i = 0; i < head.size(); ++i) {
    if (head[i] == '\r' && i + 2 < head.size() && head[i + 1] == '\n' && (head[i + 2] == ' ' || head[i + 2] == '\t')) {
      i += 2;
      continue;
    }
    unfolded += head[i];
  }
  const std::string key = "\r\n" + name + ":";
  auto at = ("\r\n" + unfolded).find(key);
  if (at == std::string::npos) return {};
  auto start = at + key.size() - 2;
  auto end = unfolded.find("\r\n", start);
  std::string v = unfolded.substr(start, end == std::string::npos ? std::string::npos : end - start);
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.erase(0, 1);
  return v;
}

// report.part.key as a number.
inline int64_t at(const boost::json::value& report, const char* part, const char* key) { return report.at(part).at(key).as_int64(); }

class CampaignSuite : public LoopbackSuite {
 protected:
  static void SetUpTestSuite() {
    LoopbackSuite::SetUpWith({"--public-url", kCampaignPublicUrl});
    add_member("marketer", "marketing", {});
  }

  std::string workspace() { return text(get("/api/v1/auth/me").json(), "workspace_id"); }

  // The workspace's email settings send through `smtp`.
  void use(const SmtpServer& smtp) {
    boost::json::value body = boost::json::object{
        {"host", "127.0.0.1"}, {"port", smtp.port()}, {"security", "none"}, {"sender", "news@rapport.example"}};
    auto r = http().call("PUT", "/api/v1/email/settings", token(), &body);
    ASSERT_EQ(r.status, 200) << r.body;
  }

  boost::json::value report(const std::string& id, const std::string& query = "") {
    auto r = get("/api/v1/campaigns/" + id + "/report" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }

  // The report once `done` holds (or the last one after `limit`).
  boost::json::value report_when(const std::string& id, const std::function<bool(const boost::json::value&)>& done,
                                 std::chrono::seconds limit = std::chrono::seconds(120)) {
    boost::json::value last;
    for (auto end = std::chrono::steady_clock::now() + limit; std::chrono::steady_clock::now() < end;) {
      last = report(id);
      if (done(last)) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return last;
  }
};

}  // namespace rapport::testing

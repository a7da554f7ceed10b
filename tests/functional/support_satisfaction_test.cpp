// Customer satisfaction (src/modules/support/satisfaction.*): a solved ticket's requester gets an
// email with rating links (through a real SMTP server), opens the page, rates and comments; the
// rating lands on the ticket; bad input and bad links change nothing; the survey needs the
// server's public URL and an admin to turn it on.
#include "access_fixture.hpp"
#include "email_smtp_server.hpp"

namespace rapport::testing {
namespace {

using Names = std::vector<std::string>;
const std::string kPublicUrl = "https://help.rapport.test";

// The survey page's path in a received message: its text part is quoted-printable, so soft line
// breaks and "=3D" are undone first.
std::string survey_path(std::string raw) {
  for (std::size_t at; (at = raw.find("=\r\n")) != std::string::npos;) raw.erase(at, 3);
  // Erase two of the three characters (not replace: GCC 12 warns falsely on replace's memcpy).
  for (std::size_t at; (at = raw.find("=3D")) != std::string::npos;) raw.erase(at + 1, 2);
  const std::string prefix = kPublicUrl + "/api/v1/public/satisfaction/";
  auto at = raw.find(prefix);
  if (at == std::string::npos) return "";
  auto end = raw.find_first_of("?\r\n \"<", at + prefix.size());
  return raw.substr(at + kPublicUrl.size(), end - at - kPublicUrl.size());
}

class SupportSatisfaction : public Access {
 protected:
  static void SetUpTestSuite() {
    server_args_ = {"--webhook-allow-host", "127.0.0.1", "--public-url", kPublicUrl + "/"};
    Access::SetUpTestSuite();
    server_args_.clear();
  }
  HttpResponse page(const std::string& method, const std::string& target, const std::string& body = "") {
    HttpClient anon(server().port());
    return anon.request(method, target, body,
                        method == "POST" ? std::vector<std::pair<std::string, std::string>>{{"Content-Type", "application/x-www-form-urlencoded"}}
                                         : std::vector<std::pair<std::string, std::string>>{});
  }
};

TEST_F(SupportSatisfaction, ASolvedTicketsRequesterRatesTheHelpThroughTheEmailedLink) {
  SmtpServer smtp;
  json::value smtp_settings = json::object{{"host", "127.0.0.1"}, {"port", smtp.port()}, {"security", "none"}, {"sender", "help@rapport.example"}};
  ASSERT_EQ(http().call("PUT", "/api/v1/email/settings", token(), &smtp_settings).status, 200);
  const json::value survey_on = json::object{{"satisfaction_survey", true}};
  auto on = http().call("PUT", "/api/v1/support/settings", token(), &survey_on);
  ASSERT_EQ(on.status, 200) << on.body;
  EXPECT_TRUE(on.json().at("satisfaction_survey").as_bool());

  const std::string email = unique_name("rater") + "@example.com";
  const std::string contact = create("contacts", json::object{{"first_name", "Rita"}, {"email", email}});
  const std::string ticket = create("tickets", json::object{{"subject", "Cannot log in"}, {"requester_id", contact}});
  auto solved = patch("/api/v1/tickets/" + ticket, json::object{{"status", "solved"}});
  ASSERT_EQ(solved.status, 200) << solved.body;

  auto mails = smtp.wait_for(1);
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_NE(mails[0].envelope.find(email), std::string::npos) << mails[0].envelope;
  EXPECT_NE(mails[0].raw.find("How did we do?"), std::string::npos);
  const std::string path = survey_path(mails[0].raw);
  ASSERT_FALSE(path.empty()) << mails[0].raw;

  // Opening the link shows the choice and records nothing.
  auto shown = page("GET", path + "?rating=bad");
  ASSERT_EQ(shown.status, 200) << shown.body;
  EXPECT_EQ(shown.header("content-type"), "text/html; charset=utf-8");
  EXPECT_NE(shown.body.find("value=\"bad\" checked"), std::string::npos) << shown.body;
  EXPECT_NE(shown.body.find("Cannot log in"), std::string::npos);
  EXPECT_TRUE(get("/api/v1/tickets/" + ticket).json().at("satisfaction").is_null());

  auto rated = page("POST", path, "rating=bad&comment=Took+three+days+%3C%2Fb%3E");
  ASSERT_EQ(rated.status, 200) << rated.body;
  EXPECT_NE(rated.body.find("Thank you"), std::string::npos);
  json::value t = get("/api/v1/tickets/" + ticket).json();
  EXPECT_EQ(text(t, "satisfaction"), "bad");
  EXPECT_EQ(text(t, "satisfaction_comment"), "Took three days </b>");
  EXPECT_FALSE(t.at("satisfaction_at").is_null());
  auto history = get("/api/v1/tickets/" + ticket + "/history");
  EXPECT_NE(history.body.find("satisfaction-survey"), std::string::npos) << history.body;
  // The page escapes what the requester wrote.
  auto again = page("GET", path);
  EXPECT_NE(again.body.find("Took three days &lt;/b&gt;"), std::string::npos) << again.body;
  EXPECT_NE(again.body.find("value=\"bad\" checked"), std::string::npos) << "the rating given is shown";

  // The requester changes their mind; bad input and bad links leave it as it is.
  ASSERT_EQ(page("POST", path, "rating=good&comment=").status, 200);
  EXPECT_EQ(page("POST", path, "rating=meh").status, 422);
  EXPECT_EQ(page("POST", path, "comment=" + std::string(2001, 'x') + "&rating=bad").status, 422);
  EXPECT_EQ(page("POST", path, "rating=%ZZ").status, 400);
  std::string tampered = path;
  tampered[tampered.size() - 2] = tampered[tampered.size() - 2] == 'A' ? 'B' : 'A';
  EXPECT_EQ(page("POST", tampered, "rating=bad").status, 404);
  EXPECT_EQ(page("GET", tampered).status, 404);
  t = get("/api/v1/tickets/" + ticket).json();
  EXPECT_EQ(text(t, "satisfaction"), "good");
  EXPECT_TRUE(t.at("satisfaction_comment").is_null());
  // Agents cannot write the rating themselves.
  auto forged = patch("/api/v1/tickets/" + ticket, json::object{{"satisfaction", "good"}});
  EXPECT_EQ(forged.status, 422) << forged.body;
  // A deleted ticket's link stops working.
  ASSERT_EQ(del("/api/v1/tickets/" + ticket).status, 204);
  EXPECT_EQ(page("GET", path).status, 404);
}

class SupportSurveyWithoutPublicUrl : public Access {};

TEST_F(SupportSurveyWithoutPublicUrl, TheSurveyIsOffByDefaultAndNeedsThePublicUrl) {
  auto now = get("/api/v1/support/settings");
  ASSERT_EQ(now.status, 200) << now.body;
  EXPECT_FALSE(now.json().at("satisfaction_survey").as_bool());
  EXPECT_TRUE(now.json().at("updated_at").is_null());
  const json::value survey_on = json::object{{"satisfaction_survey", true}};
  auto on = http().call("PUT", "/api/v1/support/settings", token(), &survey_on);
  EXPECT_EQ(on.status, 422) << on.body;
  EXPECT_EQ(error_fields(on), Names{"satisfaction_survey"});
  for (const json::value& bad : {json::value(json::object{}), json::value(json::object{{"satisfaction_survey", "yes"}}),
                                 json::value(json::object{{"satisfaction_survey", false}, {"colour", "red"}})}) {
    auto r = http().call("PUT", "/api/v1/support/settings", token(), &bad);
    EXPECT_EQ(r.status, 422) << json::serialize(bad) << ": " << r.body;
  }
  const json::value survey_off = json::object{{"satisfaction_survey", false}};
  auto off = http().call("PUT", "/api/v1/support/settings", token(), &survey_off);
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_FALSE(off.json().at("updated_at").is_null());
  EXPECT_EQ(as("support", "GET", "/api/v1/support/settings").status, 403);
  json::value body = json::object{{"satisfaction_survey", false}};
  EXPECT_EQ(as("support", "PUT", "/api/v1/support/settings", &body).status, 403);
}

}  // namespace
}  // namespace rapport::testing

// Public web forms (src/modules/support/web_forms.*): an admin makes a form for a queue; a person
// opens a ticket through it without signing in, from a plain HTML form or a script; the honeypot,
// the allowed origins, the rate limit and every bad input, each leaving the data as it was.
#include "access_fixture.hpp"

namespace rapport::testing {
namespace {

using Names = std::vector<std::string>;
using Headers = std::vector<std::pair<std::string, std::string>>;

const Headers kFormPost{{"Content-Type", "application/x-www-form-urlencoded"}};

class SupportWebForms : public Access {
 protected:
  // A new form (its own rate limits); its JSON.
  json::value make_form(json::object body) {
    if (!body.contains("name")) body["name"] = unique_name("Form ");
    auto r = post("/api/v1/web-forms", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json();
  }
  HttpResponse send(const json::value& form, const std::string& body, Headers headers = kFormPost) {
    HttpClient public_client(server().port());
    return public_client.request("POST", "/api/v1/public/web-forms/" + text(form, "key"), body, headers);
  }
  json::array tickets_of(const std::string& email) {
    auto contacts = get("/api/v1/contacts?filter[email][eq]=" + email);
    if (data_of(contacts).empty()) return {};
    auto r = get("/api/v1/tickets?filter[requester_id][eq]=" + text(data_of(contacts)[0], "id"));
    return data_of(r);
  }
  json::value form_now(const json::value& form) { return get("/api/v1/web-forms/" + text(form, "id")).json(); }
};

TEST_F(SupportWebForms, APersonOpensATicketThroughAPlainHtmlForm) {
  const json::value form = make_form({{"team_id", east_}, {"priority", "high"}});
  EXPECT_EQ(text(form, "key").rfind("rwf_", 0), 0u);
  EXPECT_NE(text(form, "submit_url").find("/api/v1/public/web-forms/" + text(form, "key")), std::string::npos);
  EXPECT_NE(text(form, "embed_html").find("name=\"website\""), std::string::npos) << "the honeypot is in the embed";
  const std::string email = unique_name("ana") + "@example.com";

  auto r = send(form, "name=Ana+Lima+Souza&email=" + email + "&subject=Printer+on+fire&message=It+smokes%2C+help%21&website=");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("content-type"), "text/html; charset=utf-8");
  EXPECT_NE(r.body.find("Thank you"), std::string::npos);
  EXPECT_EQ(r.header("content-security-policy").find("script"), std::string::npos) << "the page allows no script";

  auto tickets = tickets_of(email);
  ASSERT_EQ(tickets.size(), 1u);
  EXPECT_EQ(text(tickets[0], "subject"), "Printer on fire");
  EXPECT_EQ(text(tickets[0], "description"), "It smokes, help!");
  EXPECT_EQ(text(tickets[0], "channel"), "web");
  EXPECT_EQ(text(tickets[0], "priority"), "high");
  EXPECT_EQ(text(tickets[0], "team_id"), east_);
  auto contact = get("/api/v1/contacts/" + text(tickets[0], "requester_id")).json();
  EXPECT_EQ(text(contact, "first_name"), "Ana");
  EXPECT_EQ(text(contact, "last_name"), "Lima Souza");
  // The ticket's audit names the form as its author.
  auto history = get("/api/v1/tickets/" + text(tickets[0], "id") + "/history");
  ASSERT_EQ(history.status, 200) << history.body;
  EXPECT_NE(history.body.find("web-form:" + text(form, "id")), std::string::npos) << history.body;

  // A script posting JSON gets JSON; the same address finds the same contact.
  auto js = send(form, json::serialize(json::object{{"email", email}, {"subject", "Again"}, {"message", "Still smoking"}}),
                 {{"Content-Type", "application/json"}});
  ASSERT_EQ(js.status, 202) << js.body;
  EXPECT_EQ(js.json(), (json::value{{"received", true}}));
  EXPECT_EQ(tickets_of(email).size(), 2u);
  EXPECT_EQ(get("/api/v1/contacts?filter[email][eq]=" + email).json().at("data").as_array().size(), 1u);
  EXPECT_EQ(form_now(form).at("submissions").as_int64(), 2);
}

TEST_F(SupportWebForms, TheHoneypotDropsABotSubmissionAsIfItSucceeded) {
  const json::value form = make_form({});
  const std::string email = unique_name("bot") + "@example.com";
  auto r = send(form, "email=" + email + "&subject=Cheap+pills&message=Buy&website=http%3A%2F%2Fspam.example");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("Thank you"), std::string::npos);
  EXPECT_TRUE(tickets_of(email).empty());
  EXPECT_TRUE(data_of(get("/api/v1/contacts?filter[email][eq]=" + email)).empty()) << "no contact made for a bot";
  auto now = form_now(form);
  EXPECT_EQ(now.at("spam_caught").as_int64(), 1);
  EXPECT_EQ(now.at("submissions").as_int64(), 0);
}

TEST_F(SupportWebForms, BadSubmissionsAreRefusedAndStoreNothing) {
  const json::value form = make_form({});
  const std::string email = unique_name("bad") + "@example.com";
  // A browser's post: a page naming what to correct.
  auto page = send(form, "email=not-an-address&subject=&message=x");
  ASSERT_EQ(page.status, 422) << page.body;
  EXPECT_EQ(page.header("content-type"), "text/html; charset=utf-8");
  EXPECT_NE(page.body.find("email:"), std::string::npos);
  EXPECT_NE(page.body.find("subject:"), std::string::npos);
  // A script: the problem document naming each field.
  auto js = send(form, json::serialize(json::object{{"email", email}, {"message", std::string(10001, 'x')}}),
                 {{"Content-Type", "application/json"}});
  ASSERT_EQ(js.status, 422) << js.body;
  EXPECT_EQ(error_fields(js), (Names{"subject", "message"}));
  EXPECT_EQ(send(form, "email=a%ZZ", {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "application/json"}}).status,
            400);
  EXPECT_EQ(send(form, "email=a@example.com", {{"Content-Type", "text/plain"}, {"Accept", "application/json"}}).status, 415);
  EXPECT_EQ(send(json::object{{"key", "rwf_unknown"}}, "email=a@example.com&subject=s&message=m").status, 404);
  EXPECT_TRUE(tickets_of(email).empty());
  EXPECT_EQ(form_now(form).at("submissions").as_int64(), 0);

  // A disabled form answers like an unknown one.
  ASSERT_EQ(patch("/api/v1/web-forms/" + text(form, "id"), json::object{{"enabled", false}}).status, 200);
  auto off = send(form, "email=" + email + "&subject=s&message=m", {{"Content-Type", "application/x-www-form-urlencoded"},
                                                                    {"Accept", "application/json"}});
  EXPECT_EQ(off.status, 404) << off.body;
  EXPECT_TRUE(tickets_of(email).empty());
}

TEST_F(SupportWebForms, AllowedOriginsRedirectsAndTheRateLimit) {
  const json::value form = make_form({{"allowed_origins", json::array{"https://Help.Example.com", "http://localhost:3000"}},
                                      {"redirect_url", "https://help.example.com/thanks"}});
  EXPECT_EQ(form.at("allowed_origins"), (json::array{"https://help.example.com", "http://localhost:3000"}));
  const std::string body = "email=" + unique_name("o") + "@example.com&subject=Hi&message=Hello";
  auto other = send(form, body, {{"Content-Type", "application/x-www-form-urlencoded"}, {"Origin", "https://evil.example"}});
  EXPECT_EQ(other.status, 403) << other.body;
  auto listed = send(form, body, {{"Content-Type", "application/x-www-form-urlencoded"}, {"Origin", "https://help.example.com"},
                                  {"Accept", "application/json"}});
  ASSERT_EQ(listed.status, 202) << listed.body;
  EXPECT_EQ(listed.header("access-control-allow-origin"), "https://help.example.com");
  auto browser = send(form, body, {{"Content-Type", "application/x-www-form-urlencoded"}, {"Origin", "https://help.example.com"}});
  ASSERT_EQ(browser.status, 303) << browser.body;
  EXPECT_EQ(browser.header("location"), "https://help.example.com/thanks");

  // Five a client at once, then one every 12 s: the sixth in a row waits.
  const json::value limited = make_form({});
  for (int i = 0; i < 5; ++i) ASSERT_EQ(send(limited, body, {{"Content-Type", "application/x-www-form-urlencoded"}}).status, 200);
  auto sixth = send(limited, body, {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "application/json"}});
  EXPECT_EQ(sixth.status, 429) << sixth.body;
  EXPECT_FALSE(sixth.header("retry-after").empty());
  EXPECT_EQ(form_now(limited).at("submissions").as_int64(), 5);
}

TEST_F(SupportWebForms, AdminsManageFormsAndBadSettingsAreRefused) {
  auto bad = post("/api/v1/web-forms", json::object{{"name", ""}, {"priority", "asap"}, {"team_id", "00000000-0000-7000-8000-000000000000"},
                                                    {"allowed_origins", json::array{"https://ok.example", "ftp://x.example", "https://x.example/path"}},
                                                    {"redirect_url", "javascript:alert(1)"}, {"colour", "red"}});
  ASSERT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(error_fields(bad), (Names{"colour", "name", "team_id", "priority", "allowed_origins[1]", "allowed_origins[2]", "redirect_url"}));
  const json::value form = make_form({{"team_id", west_}});
  auto changed = patch("/api/v1/web-forms/" + text(form, "id"), json::object{{"name", "Billing"}, {"team_id", nullptr}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(text(changed.json(), "name"), "Billing");
  EXPECT_TRUE(changed.json().at("team_id").is_null());
  EXPECT_EQ(text(changed.json(), "key"), text(form, "key")) << "the key stays";
  EXPECT_EQ(patch("/api/v1/web-forms/" + text(form, "id"), json::object{{"priority", "asap"}}).status, 422);
  EXPECT_EQ(text(form_now(form), "priority"), "normal") << "a refused change leaves the form as it was";
  bool listed = false;
  for (const auto& f : data_of(get("/api/v1/web-forms"))) listed = listed || text(f, "id") == text(form, "id");
  EXPECT_TRUE(listed);
  // Only admins: an agent may not see the forms (their keys are the admins' to hand out).
  EXPECT_EQ(as("support", "GET", "/api/v1/web-forms").status, 403);
  EXPECT_EQ(del("/api/v1/web-forms/" + text(form, "id")).status, 204);
  EXPECT_EQ(get("/api/v1/web-forms/" + text(form, "id")).status, 404);
  EXPECT_EQ(send(form, "email=a@example.com&subject=s&message=m").status, 404) << "a deleted form stops answering";
}

}  // namespace
}  // namespace rapport::testing

// MFA end to end: enrolment with a code computed here from the returned secret, confirmation, logins
// with TOTP and recovery codes (each accepted once, also when two logins race with one code),
// disabling, regenerating recovery codes, the per-role policy that confines a user to enrolment,
// bad inputs, and the audit entries all of it leaves (never with a secret or code).
#include <algorithm>
#include <set>
#include <thread>

#include "auth_helpers.hpp"
#include "fixture.hpp"

namespace rapport::testing {
namespace {

class Mfa : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<ServerProcess>();
    http_ = std::make_unique<HttpClient>(server_->port());
    token_ = login(*http_, ServerProcess::admin_email(), ServerProcess::admin_password());
    ASSERT_FALSE(token_.empty());
    user_id_ = str_of(http_->call("GET", "/api/v1/auth/me", token_).json(), "user_id");
  }
  HttpResponse post(const std::string& path, const json::value& body, const std::string& token = "") {
    return http_->call("POST", path, token.empty() ? token_ : token, &body);
  }
  HttpResponse get(const std::string& path, const std::string& token = "") {
    return http_->call("GET", path, token.empty() ? token_ : token);
  }
  // Enrols and confirms; returns the secret and fills the recovery codes.
  std::string enable_mfa(std::vector<std::string>* recovery = nullptr) {
    auto e = http_->call("POST", "/api/v1/auth/mfa/enroll", token_);
    EXPECT_EQ(e.status, 200) << e.body;
    std::string secret = str_of(e.json(), "secret");
    auto c = post("/api/v1/auth/mfa/confirm", json::object{{"code", totp_code(secret)}});
    EXPECT_EQ(c.status, 200) << c.body;
    json::value j = c.json();
    if (recovery && j.is_object())
      for (const auto& v : j.at("recovery_codes").as_array()) recovery->emplace_back(v.as_string());
    return secret;
  }
  HttpResponse admin_login(const std::string& code = "") {
    return try_login(*http_, ServerProcess::admin_email(), ServerProcess::admin_password(), code);
  }

  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<HttpClient> http_;
  std::string token_, user_id_;
};

TEST_F(Mfa, EnrolConfirmAndLogInWithCodesEachAcceptedOnce) {
  auto status = get("/api/v1/auth/mfa");
  ASSERT_EQ(status.status, 200) << status.body;
  EXPECT_EQ(status.json(), json::parse(R"({"enabled":false,"pending":false,"confirmed_at":null,"recovery_codes_left":0,"required":false})"));

  auto e = http_->call("POST", "/api/v1/auth/mfa/enroll", token_);
  ASSERT_EQ(e.status, 200) << e.body;
  EXPECT_EQ(e.header("cache-control"), "no-store");
  std::string secret = str_of(e.json(), "secret");
  EXPECT_EQ(secret.size(), 32u) << "160 bits in base32";
  EXPECT_EQ(str_of(e.json(), "otpauth_uri"),
            "otpauth://totp/Rapport:admin%40functional.test?secret=" + secret + "&issuer=Rapport&algorithm=SHA1&digits=6&period=30");
  EXPECT_TRUE(get("/api/v1/auth/mfa").json().at("pending").as_bool());
  // The secret is stored sealed, never as given.
  auto stored = query_database(server_->data_dir(), "SELECT secret_sealed FROM user_mfa WHERE user_id = ?", {user_id_});
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0][0].rfind("v1.", 0), 0u);
  EXPECT_EQ(stored[0][0].find(secret), std::string::npos);

  // Pending: logins need no code yet; a wrong first code changes nothing.
  EXPECT_EQ(admin_login().status, 200);
  std::string wrong = totp_code(secret) == "000000" ? "111111" : "000000";
  auto bad = post("/api/v1/auth/mfa/confirm", json::object{{"code", wrong}});
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_FALSE(get("/api/v1/auth/mfa").json().at("enabled").as_bool());

  int64_t confirmed_step = access::totp::step_of(unix_now());
  std::string first = access::totp::code_at(*access::totp::base32_decode(secret), confirmed_step);
  auto c = post("/api/v1/auth/mfa/confirm", json::object{{"code", first}});
  ASSERT_EQ(c.status, 200) << c.body;
  EXPECT_EQ(c.header("cache-control"), "no-store");
  std::vector<std::string> recovery;
  json::value confirmation = c.json();
  for (const auto& v : confirmation.at("recovery_codes").as_array()) recovery.emplace_back(v.as_string());
  ASSERT_EQ(recovery.size(), 10u);
  EXPECT_EQ(std::set<std::string>(recovery.begin(), recovery.end()).size(), 10u);
  for (const auto& r : recovery) EXPECT_EQ(r.size(), 30u) << r << ": 26 base32 characters (128 bits) in five groups";
  status = get("/api/v1/auth/mfa");
  EXPECT_TRUE(status.json().at("enabled").as_bool()) << status.body;
  EXPECT_EQ(status.json().at("recovery_codes_left").as_int64(), 10);
  EXPECT_EQ(str_of(status.json(), "confirmed_at"), str_of(c.json(), "confirmed_at"));
  EXPECT_EQ(post("/api/v1/auth/mfa/confirm", json::object{{"code", first}}).status, 409) << "confirmed already";

  // Password alone: 401 mfa-required; a wrong password answers as ever (nothing about MFA).
  auto no_code = admin_login();
  EXPECT_EQ(no_code.status, 401) << no_code.body;
  EXPECT_EQ(slug(no_code), "mfa-required");
  EXPECT_EQ(no_code.body.find("token"), std::string::npos);
  // It counts against the account, not against the (maybe shared) client address.
  auto counted = query_database(server_->data_dir(), "SELECT key FROM login_failures ORDER BY key");
  ASSERT_EQ(counted.size(), 1u);
  EXPECT_EQ(counted[0][0], "acct:" + ServerProcess::admin_email());
  auto wrong_pw = try_login(*http_, ServerProcess::admin_email(), "not-the-password");
  auto unknown = try_login(*http_, "nobody@functional.test", "not-the-password");
  EXPECT_EQ(wrong_pw.status, 401);
  EXPECT_EQ(wrong_pw.body, unknown.body);
  EXPECT_EQ(slug(wrong_pw), "unauthorized");
  auto wrong_pw_good_code = try_login(*http_, ServerProcess::admin_email(), "not-the-password", totp_code(secret, 1));
  EXPECT_EQ(wrong_pw_good_code.body, unknown.body) << "a code does not change the answer to a wrong password";

  // The confirmation's code was consumed: replaying it fails; the next step's code (one step of
  // drift) works once.
  auto replay = admin_login(first);
  EXPECT_EQ(replay.status, 401) << replay.body;
  EXPECT_EQ(slug(replay), "mfa-required");
  std::string next = access::totp::code_at(*access::totp::base32_decode(secret), confirmed_step + 1);
  auto ok = admin_login(next);
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_FALSE(str_of(ok.json(), "token").empty());
  EXPECT_EQ(admin_login(next).status, 401) << "a code is accepted once";

  // A recovery code works once, in any case and with or without dashes.
  std::string rc = recovery[3];
  std::string shouted = rc;
  shouted.erase(std::remove(shouted.begin(), shouted.end(), '-'), shouted.end());
  for (auto& ch : shouted) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  EXPECT_EQ(admin_login(shouted).status, 200);
  EXPECT_EQ(admin_login(rc).status, 401) << "used already";
  EXPECT_EQ(get("/api/v1/auth/mfa").json().at("recovery_codes_left").as_int64(), 9);

  auto actions = audit_actions(server_->data_dir(), user_id_);
  EXPECT_EQ(count_of(actions, "mfa_enrolled"), 1);
  EXPECT_EQ(count_of(actions, "mfa_enabled"), 1);
  EXPECT_GE(count_of(actions, "login"), 4);  // the fixture's, the pending one, TOTP, recovery code
  // No code, wrong password twice, two replays, the used recovery code (the unknown email: nowhere).
  EXPECT_EQ(count_of(actions, "login_failed"), 6);
  // Secrets and codes never reach the audit log.
  auto changes = query_database(server_->data_dir(), "SELECT changes FROM audit_log WHERE object_id = ?", {user_id_});
  for (const auto& row : changes) {
    EXPECT_EQ(row[0].find(secret), std::string::npos);
    EXPECT_EQ(row[0].find(first), std::string::npos);
    EXPECT_EQ(row[0].find(rc.substr(0, 5)), std::string::npos);
    EXPECT_EQ(row[0].find("not-the-password"), std::string::npos);
  }
}

TEST_F(Mfa, TwoLoginsRacingWithOneCodeCannotBothSucceed) {
  std::string secret = enable_mfa();
  {
    // The next step's code is unused (the confirmation used the current one): four logins at once.
    std::string code = totp_code(secret, 1);
    std::vector<int> statuses(4);
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < statuses.size(); ++i)
      threads.emplace_back([&, i] {
        HttpClient c(server_->port());
        statuses[i] = try_login(c, ServerProcess::admin_email(), ServerProcess::admin_password(), code).status;
      });
    for (auto& t : threads) t.join();
    EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 200), 1);
    EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 401), 3);
  }
}

TEST_F(Mfa, DisableAndRegenerateNeedACurrentCode) {
  std::vector<std::string> recovery;
  std::string secret = enable_mfa(&recovery);
  // Wrong password or code: 422 and MFA stays on.
  auto wrong_pw = post("/api/v1/auth/mfa/disable", json::object{{"password", "nope"}, {"code", recovery[0]}});
  EXPECT_EQ(wrong_pw.status, 422) << wrong_pw.body;
  auto wrong_code = post("/api/v1/auth/mfa/disable", json::object{{"password", ServerProcess::admin_password()}, {"code", "abcde-fghij"}});
  EXPECT_EQ(wrong_code.status, 422) << wrong_code.body;
  EXPECT_TRUE(get("/api/v1/auth/mfa").json().at("enabled").as_bool());
  EXPECT_EQ(get("/api/v1/auth/mfa").json().at("recovery_codes_left").as_int64(), 10) << "a refused request uses no code";

  // New recovery codes (with the next step's code): the old ones stop working.
  const std::string next_code = totp_code(secret, 1);
  auto regen = post("/api/v1/auth/mfa/recovery-codes", json::object{{"code", next_code}});
  ASSERT_EQ(regen.status, 200) << regen.body;
  std::vector<std::string> fresh;
  json::value regenerated = regen.json();
  for (const auto& v : regenerated.at("recovery_codes").as_array()) fresh.emplace_back(v.as_string());
  ASSERT_EQ(fresh.size(), 10u);
  EXPECT_EQ(admin_login(recovery[1]).status, 401);
  EXPECT_EQ(post("/api/v1/auth/mfa/recovery-codes", json::object{{"code", next_code}}).status, 422) << "code used";

  auto off = post("/api/v1/auth/mfa/disable", json::object{{"password", ServerProcess::admin_password()}, {"code", fresh[0]}});
  EXPECT_EQ(off.status, 204) << off.body;
  EXPECT_FALSE(get("/api/v1/auth/mfa").json().at("enabled").as_bool());
  EXPECT_EQ(admin_login().status, 200) << "password alone again";
  EXPECT_EQ(post("/api/v1/auth/mfa/disable", json::object{{"password", ServerProcess::admin_password()}, {"code", "123456"}}).status, 409);
  EXPECT_EQ(post("/api/v1/auth/mfa/recovery-codes", json::object{{"code", "123456"}}).status, 409);
  EXPECT_TRUE(query_database(server_->data_dir(), "SELECT * FROM mfa_recovery_codes WHERE user_id = ?", {user_id_}).empty());

  auto actions = audit_actions(server_->data_dir(), user_id_);
  EXPECT_EQ(count_of(actions, "mfa_recovery_codes_regenerated"), 1);
  EXPECT_EQ(count_of(actions, "mfa_disabled"), 1);
}

TEST_F(Mfa, GuessesThroughDisableAreThrottledLikeLogins) {
  std::vector<std::string> recovery;
  enable_mfa(&recovery);
  // A stolen session cannot guess the password (or a code) at will.
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(post("/api/v1/auth/mfa/disable", json::object{{"password", "guess" + std::to_string(i)}, {"code", recovery[0]}}).status, 422);
  auto throttled = post("/api/v1/auth/mfa/disable", json::object{{"password", ServerProcess::admin_password()}, {"code", recovery[0]}});
  EXPECT_EQ(throttled.status, 429) << throttled.body;
  EXPECT_FALSE(throttled.header("retry-after").empty());
  EXPECT_TRUE(get("/api/v1/auth/mfa").json().at("enabled").as_bool());
  EXPECT_EQ(get("/api/v1/auth/mfa").json().at("recovery_codes_left").as_int64(), 10);
  EXPECT_EQ(admin_login(recovery[1]).status, 429) << "and they count against the account's logins";
}

TEST_F(Mfa, PolicyConfinesUnenrolledUsersToEnrolment) {
  auto empty = get("/api/v1/auth/mfa/policy");
  ASSERT_EQ(empty.status, 200) << empty.body;
  EXPECT_EQ(empty.json(), json::parse(R"({"required_roles":[]})"));
  // Workspace B, whose admin the policy of Default does not touch.
  auto ws = run_rapport({"workspace", "create", "--name", "B", "--admin-email", "b@x.test", "--data", server_->data_dir()},
                        {{"RAPPORT_ADMIN_PASSWORD", "workspace-b-password"}});
  ASSERT_EQ(ws.exit_code, 0) << ws.output;

  json::value admins = json::parse(R"({"required_roles":["admin","admin"]})");
  auto put = http_->call("PUT", "/api/v1/auth/mfa/policy", token_, &admins);
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.json(), json::parse(R"({"required_roles":["admin"]})"));

  // The admin's session is now confined until MFA is confirmed.
  auto contacts = get("/api/v1/contacts");
  EXPECT_EQ(contacts.status, 403) << contacts.body;
  EXPECT_EQ(slug(contacts), "mfa-enrollment-required");
  EXPECT_EQ(get("/api/v1/auth/mfa/policy").status, 403);
  EXPECT_EQ(get("/api/v1/auth/me").status, 200);
  auto st = get("/api/v1/auth/mfa");
  EXPECT_EQ(st.status, 200);
  EXPECT_TRUE(st.json().at("required").as_bool()) << st.body;
  auto again = admin_login();
  ASSERT_EQ(again.status, 200) << "a confined user can still sign in: " << again.body;
  EXPECT_TRUE(again.json().at("mfa_enrollment_required").as_bool());
  std::string b_token = login(*http_, "b@x.test", "workspace-b-password");
  EXPECT_EQ(get("/api/v1/contacts", b_token).status, 200) << "another workspace's policy";

  enable_mfa();
  EXPECT_EQ(get("/api/v1/contacts").status, 200);
  auto policy = get("/api/v1/auth/mfa/policy");
  EXPECT_EQ(policy.json(), json::parse(R"({"required_roles":["admin"]})"));
  auto logout = http_->call("POST", "/api/v1/auth/logout", str_of(again.json(), "token"));
  EXPECT_EQ(logout.status, 204) << "the session from before enrolment is a full one now";

  auto rows = query_database(server_->data_dir(), "SELECT count(*) FROM audit_log WHERE object_type = 'workspaces' AND action = 'mfa_policy_changed'");
  EXPECT_EQ(rows[0][0], "1");
}

// Whether MFA is required is the policy on the user's own role, as sign-in and authentication judge
// it: an API key with another role's name answers for its user, not for that name.
TEST_F(Mfa, StatusRequiredFollowsTheUsersRoleNotTheKeysRole) {
  json::value key_body = json::object{{"name", "rep key"}, {"role", "sales_rep"}};
  auto key = http_->call("POST", "/api/v1/api-keys", token_, &key_body);
  ASSERT_EQ(key.status, 201) << key.body;
  const std::string api_key = str_of(key.json(), "key");
  auto set_policy = [&](const char* role) {
    json::value policy = json::object{{"required_roles", json::array{role}}};
    auto r = http_->call("PUT", "/api/v1/auth/mfa/policy", token_, &policy);
    ASSERT_EQ(r.status, 200) << r.body;
  };

  set_policy("sales_rep");  // the key's role, not its user's (admin)
  auto status = get("/api/v1/auth/mfa", api_key);
  ASSERT_EQ(status.status, 200) << status.body;
  EXPECT_FALSE(status.json().at("required").as_bool()) << status.body;
  EXPECT_EQ(get("/api/v1/contacts", api_key).status, 200) << "and the key is not confined";

  set_policy("admin");  // the user's role: the key's user must enrol
  status = get("/api/v1/auth/mfa", api_key);
  ASSERT_EQ(status.status, 200) << status.body;
  EXPECT_TRUE(status.json().at("required").as_bool()) << status.body;
  auto confined = get("/api/v1/contacts", api_key);
  EXPECT_EQ(confined.status, 403);
  EXPECT_EQ(slug(confined), "mfa-enrollment-required");
  EXPECT_TRUE(get("/api/v1/auth/mfa").json().at("required").as_bool()) << "the session says the same";
}

TEST_F(Mfa, BadInputsAreRefusedAndChangeNothing) {
  auto body = [](const char* text) { return json::parse(text); };
  EXPECT_EQ(post("/api/v1/auth/mfa/confirm", body(R"({"code":"123456"})")).status, 409) << "nothing to confirm";
  auto e = http_->request("POST", "/api/v1/auth/mfa/enroll", R"({"device":"phone"})",
                          {{"Authorization", "Bearer " + token_}, {"Content-Type", "application/json"}});
  EXPECT_EQ(e.status, 422) << e.body;
  EXPECT_EQ(get("/api/v1/auth/mfa").json().at("pending").as_bool(), false);
  auto enrolled = http_->request("POST", "/api/v1/auth/mfa/enroll", "{}",
                                 {{"Authorization", "Bearer " + token_}, {"Content-Type", "application/json"}});
  ASSERT_EQ(enrolled.status, 200) << enrolled.body;
  for (const char* bad : {R"({})", R"({"code":123456})", R"({"code":""})", R"({"code":"123456","extra":1})", R"([1])"}) {
    auto r = post("/api/v1/auth/mfa/confirm", body(bad));
    EXPECT_TRUE(r.status == 422 || (bad[0] == '[' && r.status == 400)) << bad << ": " << r.status << " " << r.body;
    EXPECT_EQ(r.header("content-type"), "application/problem+json");
  }
  auto not_json = http_->request("POST", "/api/v1/auth/mfa/confirm", "code=1",
                                 {{"Authorization", "Bearer " + token_}, {"Content-Type", "text/plain"}});
  EXPECT_EQ(not_json.status, 415) << not_json.body;
  EXPECT_FALSE(get("/api/v1/auth/mfa").json().at("enabled").as_bool());

  for (const char* bad : {R"({"required_roles":"admin"})", R"({"required_roles":[""]})", R"({"required_roles":["Admin!"]})",
                          R"({"required_roles":[1]})", R"({})", R"({"required_roles":[],"x":1})"}) {
    json::value v = body(bad);
    auto r = http_->call("PUT", "/api/v1/auth/mfa/policy", token_, &v);
    EXPECT_EQ(r.status, 422) << bad << ": " << r.body;
  }
  EXPECT_EQ(get("/api/v1/auth/mfa/policy").json(), body(R"({"required_roles":[]})"));

  json::value login_bad = body(R"({"email":"admin@functional.test","password":"x","code":5})");
  EXPECT_EQ(http_->call("POST", "/api/v1/auth/login", "", &login_bad).status, 422);

  // An API key may read the status but not change MFA.
  json::value key_body = body(R"({"name":"ci"})");
  auto key = http_->call("POST", "/api/v1/api-keys", token_, &key_body);
  ASSERT_EQ(key.status, 201) << key.body;
  std::string api_key = str_of(key.json(), "key");
  EXPECT_EQ(get("/api/v1/auth/mfa", api_key).status, 200);
  EXPECT_EQ(http_->call("POST", "/api/v1/auth/mfa/enroll", api_key).status, 403);
  EXPECT_EQ(post("/api/v1/auth/mfa/recovery-codes", body(R"({"code":"123456"})"), api_key).status, 403);
}

}  // namespace
}  // namespace rapport::testing

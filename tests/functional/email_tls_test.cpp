// Sending over STARTTLS and implicit TLS against a real SMTP server (python3-aiosmtpd with TLS,
// scripts/smtp-server.sh) whose certificate is signed by a throw-away CA (scripts/test-ca.sh, made
// with openssl for this suite). The server under test trusts that CA through RAPPORT_TEST_CA_FILE
// (instead of the system's; verification is never off), so a certificate the CA did not sign fails
// the send, with the reason on the email.
#include <cstdio>
#include <filesystem>
#include <thread>

#include "access_fixture.hpp"
#include "build_paths.hpp"
#include "email_smtp_server.hpp"

namespace rapport::testing {
namespace {

class EmailTls : public Access {
 protected:
  static void SetUpTestSuite() {
    ca_dir_ = (std::filesystem::temp_directory_path() / ("rapport-ca-" + random_suffix())).string();
    std::string cmd = "bash " + std::string(source_dir()) + "/scripts/test-ca.sh " + ca_dir_ + " 2>&1";
    FILE* p = ::popen(cmd.c_str(), "r");
    ASSERT_NE(p, nullptr);
    char buf[256];
    std::string out;
    while (std::fgets(buf, sizeof buf, p)) out += buf;
    ASSERT_EQ(::pclose(p), 0) << out;
    server_args_ = {"--webhook-allow-host", "127.0.0.1"};
    ::setenv("RAPPORT_WEBHOOK_TIME_SCALE", "0.0001", 1);
    ::setenv("RAPPORT_TEST_CA_FILE", (ca_dir_ + "/ca.pem").c_str(), 1);
    Access::SetUpTestSuite();
    ::unsetenv("RAPPORT_TEST_CA_FILE");
    ::unsetenv("RAPPORT_WEBHOOK_TIME_SCALE");
    server_args_.clear();
  }
  static void TearDownTestSuite() {
    Access::TearDownTestSuite();
    std::filesystem::remove_all(ca_dir_);
  }

  static SmtpServer::Tls tls(const std::string& mode, const std::string& cert = "server") {
    return {.mode = mode, .cert = ca_dir_ + "/" + cert + ".pem", .key = ca_dir_ + "/" + cert + ".key"};
  }

  // Points the settings at the server and sends one email; answers it once settled.
  json::value send_through(const SmtpServer& smtp, const std::string& security, const std::string& subject) {
    const json::value settings = json::object{{"host", "127.0.0.1"}, {"port", smtp.port()}, {"security", security},
                                              {"username", "mailer"}, {"password", "tls-pa55"}, {"sender", "sales@rapport.example"}};
    auto put = http().call("PUT", "/api/v1/email/settings", token(), &settings);
    EXPECT_EQ(put.status, 200) << put.body;
    auto sent = post("/api/v1/emails", json::object{{"to", json::array{"ada@example.org"}}, {"subject", subject}, {"body", "Over TLS."}});
    EXPECT_EQ(sent.status, 202) << sent.body;
    json::value e;
    for (int i = 0; i < 200; ++i) {
      e = get("/api/v1/emails/" + text(sent.json(), "id")).json();
      if (text(e, "status") != "queued") break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return e;
  }

  static inline std::string ca_dir_;
};

TEST_F(EmailTls, StartTlsSendsToAServerWhoseCertificateTheCaSigned) {
  SmtpServer smtp("accept", "mailer", "tls-pa55", tls("starttls"));
  json::value e = send_through(smtp, "starttls", "Over STARTTLS");
  EXPECT_EQ(text(e, "status"), "sent") << e;
  auto mails = smtp.wait_for(1);
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_NE(mails[0].raw.find("Over TLS."), std::string::npos);
  EXPECT_EQ(text(json::parse(mails[0].envelope), "auth_user"), "mailer") << "authenticated inside TLS";
}

TEST_F(EmailTls, ImplicitTlsSendsToAServerWhoseCertificateTheCaSigned) {
  SmtpServer smtp("accept", "mailer", "tls-pa55", tls("implicit"));
  json::value e = send_through(smtp, "tls", "Over SMTPS");
  EXPECT_EQ(text(e, "status"), "sent") << e;
  EXPECT_EQ(smtp.wait_for(1).size(), 1u);
}

TEST_F(EmailTls, ACertificateTheCaDidNotSignFailsTheSendWithTheReason) {
  for (const auto& [mode, security] : std::vector<std::pair<std::string, std::string>>{{"starttls", "starttls"}, {"implicit", "tls"}}) {
    SmtpServer smtp("accept", "mailer", "tls-pa55", tls(mode, "rogue"));
    json::value e = send_through(smtp, security, "Not to a rogue " + mode);
    EXPECT_EQ(text(e, "status"), "failed") << e;
    const std::string error = e.at("error").is_string() ? std::string(e.at("error").as_string()) : "";
    EXPECT_NE(error.find("certificate"), std::string::npos) << "the reason names the certificate: " << error;
  }
}

}  // namespace
}  // namespace rapport::testing

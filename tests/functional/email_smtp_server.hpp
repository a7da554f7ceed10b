// A real SMTP server for the email tests: scripts/smtp-server.sh (Debian's python3-aiosmtpd) on a
// free loopback port, started for one test and stopped with it; what it accepts is read back from
// its directory.
#pragma once
#include <string>
#include <vector>

namespace rapport::testing {

struct ReceivedMail {
  std::string raw;        // the message bytes as received
  std::string envelope;   // JSON: mail_from, rcpt_tos, auth_user
};

struct SmtpTls {
  std::string mode = "none", cert, key;
};

class SmtpServer {
 public:
  // mode: accept or refuse (451 to every recipient); user/password: AUTH required; tls: none, or
  // starttls / implicit with the certificate and key (PEM files, scripts/test-ca.sh); drop_after:
  // the server closes a connection once that many messages came on it (0: never).
  using Tls = SmtpTls;
  explicit SmtpServer(const std::string& mode = "accept", const std::string& user = "", const std::string& password = "",
                      const Tls& tls = {}, int drop_after = 0);
  ~SmtpServer();
  SmtpServer(const SmtpServer&) = delete;
  SmtpServer& operator=(const SmtpServer&) = delete;

  int port() const { return port_; }
  // The messages received once there are at least n (waits up to 10 s), in order of arrival.
  std::vector<ReceivedMail> wait_for(std::size_t n) const;
  // The connections the messages received so far came on (their envelopes' distinct "peer").
  std::size_t connections() const;

 private:
  std::string dir_;
  int port_ = 0;
};

}  // namespace rapport::testing

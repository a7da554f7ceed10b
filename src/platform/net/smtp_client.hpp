// Sends one email through an SMTP server with libcurl, under the outbound guard of http_client.hpp:
// the server's host is vetted against the address policy (public addresses only unless the operator
// allow-listed it) at every send, curl is pinned to the vetted addresses (CURLOPT_RESOLVE) and may
// open sockets only to them, no proxy. Security: none (plain), starttls (STARTTLS required: a
// server that does not offer it fails the send) or tls (implicit TLS, smtps); certificates are
// verified. Authentication when a user name is given (curl picks the mechanism the server offers).
// Timeouts: connect 10 s, the whole transaction 60 s. send() never throws for what the network or
// the server does, and may be called from several threads at once.
// Connections are reused (smtp_connections.hpp): a message sent leaves its connection open for the
// next message of the same owner (the workspace) to the same server with the same settings and
// vetted addresses, for up to 30 s; a send that failed closes its connection. A reused connection
// the server had dropped meanwhile is noticed before any of the message went out, and the message
// is then sent once more on a new connection (never after part of it was sent: no duplicate).
#pragma once
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "platform/net/address_policy.hpp"
#include "platform/net/resolver.hpp"
#include "platform/net/smtp_connections.hpp"
#include "platform/net/url_check.hpp"

namespace rapport::net {

struct SmtpRequest {
  std::string connection_owner;  // whose connections these are (the workspace): reused only for the same
  Target server;          // host and port (as check_url answers them)
  std::string security;   // none, starttls, tls
  std::string username;   // empty: no authentication
  std::string password;
  std::string from;       // the envelope sender (MAIL FROM)
  std::vector<std::string> recipients;  // the envelope recipients (RCPT TO)
  std::string message;    // the RFC 5322 bytes, CRLF line ends (curl dot-stuffs them)
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds total_timeout{60'000};
};

struct SmtpResult {
  bool sent = false;
  int reply_code = 0;  // the server's last reply code, 0 when none came
  std::string error;   // what went wrong, for a person, when not sent
};

class SmtpClient {
 public:
  struct Options {
    AllowList allow;
    Resolver resolver = resolve_system;
    // A PEM file of the certificate authorities to trust instead of the system's (the TLS tests'
    // own CA, RAPPORT_TEST_CA_FILE); empty: the system's. Verification is never turned off.
    std::string ca_file;
  };
  explicit SmtpClient(Options options, SmtpConnections::Limits limits = {})
      : options_(std::move(options)), connections_(std::make_shared<SmtpConnections>(limits)) {}
  SmtpResult send(const SmtpRequest& request) const;

  // Connections opened so far (what reuse saves shows here), and idle ones held now.
  int64_t connections_opened() const { return connections_->opened(); }
  std::size_t connections_idle() const { return connections_->idle(); }

 private:
  Options options_;
  std::shared_ptr<SmtpConnections> connections_;
};

}  // namespace rapport::net

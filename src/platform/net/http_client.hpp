// One outbound HTTP request (a webhook delivery) through libcurl, guarded against server-side request
// forgery: the URL is checked (url_check.hpp), its host resolved here and refused when any address is
// not public (unless allow-listed); curl is then told those addresses (CURLOPT_RESOLVE, so it does
// not ask DNS again) and may open a socket only to one of them (CURLOPT_OPENSOCKETFUNCTION), so a
// DNS answer that changes between the check and the connection (rebinding) reaches nothing.
// No redirects (a 3xx is an answer like any other), no proxies, http and https only, the response
// body read up to a limit. send() never throws for what the network or the peer does, and may be
// called from several threads at once.
#pragma once
#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "platform/net/address_policy.hpp"
#include "platform/net/resolver.hpp"

namespace rapport::net {

struct HttpRequest {
  std::string method = "POST";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::milliseconds connect_timeout{5'000};  // to establish the connection (TLS included)
  std::chrono::milliseconds total_timeout{15'000};   // everything, name resolution included
  std::size_t max_response_bytes = 64 * 1024;        // of the body; reading stops there
};

enum class HttpFailure {
  none,             // an HTTP response came (whatever its status)
  invalid_request,  // the URL, method or a header is malformed
  refused,          // the policy refused the destination
  dns,              // the host name does not resolve, or DNS did not answer
  connect,          // no connection could be made
  timeout,          // a timeout struck
  tls,              // TLS handshake or certificate failure
  other,            // anything else (the peer closed the connection, a malformed response, ...)
};

// "refused", "dns", ...: for logs and the delivery log.
std::string_view to_string(HttpFailure failure);

struct HttpResult {
  HttpFailure failure = HttpFailure::other;
  int status = 0;              // the response's status code; 0 when none came
  std::string error;           // what went wrong, for a person, when failure is not none
  std::chrono::milliseconds duration{0};
  std::string body;            // the first max_response_bytes of the response body at most
  bool body_truncated = false; // the body was longer and reading stopped
  std::string remote_address;  // the IP address connected to; empty when none was

  bool responded() const { return failure == HttpFailure::none; }
};

class HttpClient {
 public:
  struct Options {
    AllowList allow;
    Resolver resolver = resolve_system;
    std::string user_agent = "Rapport-Webhooks";
    // Tell curl the checked addresses. Only a test turns this off, to show the connect-time check
    // alone refuses an address that curl's own resolution found (what rebinding would do).
    bool pin_addresses = true;
  };

  explicit HttpClient(Options options);
  HttpResult send(const HttpRequest& request) const;

 private:
  Options options_;
};

}  // namespace rapport::net

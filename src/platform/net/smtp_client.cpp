#include "platform/net/smtp_client.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <memory>

#include "platform/net/curl_guard.hpp"

namespace rapport::net {
namespace {

using Clock = std::chrono::steady_clock;

struct Upload {
  std::string_view data;
  std::size_t sent = 0;
};

std::size_t on_read(char* buffer, std::size_t size, std::size_t count, void* userp) {
  auto* up = static_cast<Upload*>(userp);
  std::size_t n = std::min(size * count, up->data.size() - up->sent);
  std::memcpy(buffer, up->data.data() + up->sent, n);
  up->sent += n;
  return n;
}

SmtpResult failed(std::string error, int reply_code = 0) { return SmtpResult{false, reply_code, std::move(error)}; }

// An address as an SMTP path: no line breaks or angle brackets may reach the command line.
bool is_path(std::string_view s) {
  return !s.empty() && std::none_of(s.begin(), s.end(), [](char c) { return c == '\r' || c == '\n' || c == '<' || c == '>' || c == '\0'; });
}

// Everything a connection was opened with: a handle is reused only for a request equal in all of it.
std::string connection_key(const SmtpClient::Options& options, const SmtpRequest& request, const std::vector<IpAddress>& vetted) {
  std::string key;
  for (const std::string* part : {&request.connection_owner, &request.security, &request.server.host, &request.username,
                                  &request.password, &options.ca_file}) {
    key += std::to_string(part->size());  // length-prefixed: no two requests make the same key
    key += ':';
    key += *part;
  }
  key += std::to_string(request.server.port);
  for (const auto& a : vetted) {
    key += ' ';
    key += a.to_string();
  }
  return key;
}

// A handle given back to the pool keeps its connection but none of this send's options: its
// pointers (recipients, pins, error buffer, socket gate) would outlive what they point to. A few
// settings are kept for the QUIT that closing it sends.
void forget_send(CURL* h) {
  curl_easy_reset(h);  // keeps live connections
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_SERVER_RESPONSE_TIMEOUT, 5L);
}

SmtpResult perform(const SmtpClient::Options& options, SmtpConnections& pool, const SmtpRequest& request, Clock::time_point start,
                   bool may_reuse) {
  if (request.security != "none" && request.security != "starttls" && request.security != "tls")
    return failed("security must be none, starttls or tls");
  if (!is_path(request.from)) return failed("the sender is not an address");
  if (request.recipients.empty()) return failed("no recipient");
  for (const auto& r : request.recipients)
    if (!is_path(r)) return failed("a recipient is not an address");

  auto vetting = vet_target(request.server, options.allow, options.resolver, request.total_timeout);
  if (vetting.outcome != Vetting::Outcome::ok) return failed(std::move(vetting.message));
  auto left = request.total_timeout - std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
  if (left <= std::chrono::milliseconds(0)) return failed("name resolution took the whole time allowed");

  curl_init_once();
  const std::string key = connection_key(options, request, vetting.addresses);
  SmtpConnections::Handle curl = may_reuse ? pool.take(key) : nullptr;
  const bool reused = curl != nullptr;
  if (!curl) curl.reset(curl_easy_init());
  if (!curl) return failed("curl_easy_init failed");
  CURL* h = curl.get();

  SocketGate gate{.vetted = vetting.addresses};
  Upload upload{.data = request.message};
  char errors[CURL_ERROR_SIZE] = {};
  curl_slist* raw_rcpt = nullptr;
  for (const auto& r : request.recipients) raw_rcpt = curl_slist_append(raw_rcpt, ("<" + r + ">").c_str());
  std::unique_ptr<curl_slist, CurlDeleter> rcpt(raw_rcpt);
  std::unique_ptr<curl_slist, CurlDeleter> pins;
  if (!request.server.literal) pins.reset(curl_slist_append(nullptr, resolve_entry(request.server, vetting.addresses).c_str()));

  const bool v6 = request.server.literal && request.server.literal->is_v6();
  std::string url = request.security == "tls" ? "smtps://" : "smtp://";
  // Appended piece by piece: GCC 12 warns falsely on `"[" + host` (-Wstringop-overflow).
  if (v6) url += '[';
  url += request.server.host;
  if (v6) url += ']';
  url += ':';
  url += std::to_string(request.server.port);
  const std::string from = "<" + request.from + ">";

  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errors);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(h, CURLOPT_PROXY, "");
  curl_easy_setopt(h, CURLOPT_NOPROXY, "*");
  curl_easy_setopt(h, CURLOPT_USE_SSL, request.security == "none" ? static_cast<long>(CURLUSESSL_NONE) : static_cast<long>(CURLUSESSL_ALL));
  if (!options.ca_file.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, options.ca_file.c_str());
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(std::max<std::int64_t>(1, request.connect_timeout.count())));
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(left.count()));
  curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, gated_open_socket);
  curl_easy_setopt(h, CURLOPT_OPENSOCKETDATA, &gate);
  if (pins) curl_easy_setopt(h, CURLOPT_RESOLVE, pins.get());
  if (!request.username.empty()) {
    curl_easy_setopt(h, CURLOPT_USERNAME, request.username.c_str());
    curl_easy_setopt(h, CURLOPT_PASSWORD, request.password.c_str());
  }
  curl_easy_setopt(h, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt.get());
  curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(request.message.size()));
  curl_easy_setopt(h, CURLOPT_READFUNCTION, on_read);
  curl_easy_setopt(h, CURLOPT_READDATA, &upload);

  CURLcode code = curl_easy_perform(h);
  long reply = 0, connects = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &reply);
  curl_easy_getinfo(h, CURLINFO_NUM_CONNECTS, &connects);
  pool.note_opened(connects);
  if (code == CURLE_OK) {
    forget_send(h);
    pool.give_back(key, std::move(curl));
    return SmtpResult{true, static_cast<int>(reply), {}};
  }
  // An idle connection the server closed meanwhile (or closes with 421): nothing of the message went
  // out and no refusal of it came, so it goes once more on a new one. (`curl` is closed, not kept.)
  if (reused && connects == 0 && upload.sent == 0 && (reply < 400 || reply == 421)) {
    curl.reset();
    return perform(options, pool, request, start, false);
  }
  if (!gate.refused.empty()) return failed("refused " + gate.refused);
  std::string error = errors[0] ? std::string(errors) : std::string(curl_easy_strerror(code));
  if (reply) error += " (the server's last reply: " + std::to_string(reply) + ")";
  return failed(std::move(error), static_cast<int>(reply));
}

}  // namespace

SmtpResult SmtpClient::send(const SmtpRequest& request) const {
  try {
    return perform(options_, *connections_, request, Clock::now(), true);
  } catch (const std::exception& e) {  // e.g. no thread for the resolver: a failed send, not a crash
    return failed(e.what());
  }
}

}  // namespace rapport::net

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

SmtpResult perform(const SmtpClient::Options& options, const SmtpRequest& request, Clock::time_point start) {
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
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
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
  long reply = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &reply);
  if (code == CURLE_OK) return SmtpResult{true, static_cast<int>(reply), {}};
  if (!gate.refused.empty()) return failed("refused " + gate.refused);
  std::string error = errors[0] ? std::string(errors) : std::string(curl_easy_strerror(code));
  if (reply) error += " (the server's last reply: " + std::to_string(reply) + ")";
  return failed(std::move(error), static_cast<int>(reply));
}

}  // namespace

SmtpResult SmtpClient::send(const SmtpRequest& request) const {
  try {
    return perform(options_, request, Clock::now());
  } catch (const std::exception& e) {  // e.g. no thread for the resolver: a failed send, not a crash
    return failed(e.what());
  }
}

}  // namespace rapport::net

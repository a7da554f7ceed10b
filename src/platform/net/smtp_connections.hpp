// The SMTP connections an SmtpClient keeps open between messages (a campaign sends thousands to one
// server; a connection each cost a TCP, EHLO, STARTTLS and AUTH exchange per message): idle libcurl
// handles, each holding its open connection, kept under a key naming everything the connection was
// opened with (its owner, the workspace; server, vetted addresses, security, credentials), so that
// a handle is only ever reused for the same workspace's same settings; a changed setting opens a new
// connection and lets the old one age out.
// Bounded: at most `per_key` idle handles a key and `total` in all (a handle given back beyond
// them is closed at once), none kept idle longer than `idle` (closed when next looked at; servers
// drop idle clients after some minutes, RFC 5321 4.5.3.2). Thread-safe. A handle taken is the
// caller's until given back; one whose transfer failed is not given back (closing it ends its
// connection), so the next send connects afresh.
#pragma once
#include <curl/curl.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "platform/net/curl_guard.hpp"

namespace rapport::net {

class SmtpConnections {
 public:
  using Handle = std::unique_ptr<CURL, CurlDeleter>;
  struct Limits {
    std::size_t per_key = 16;  // a campaign sends 8 at once per job, two jobs at once (campaign_jobs.hpp)
    std::size_t total = 64;
    std::chrono::milliseconds idle{30'000};
  };
  SmtpConnections() = default;
  explicit SmtpConnections(Limits limits) : limits_(limits) {}

  // The most recently given back idle handle of the key, or null when there is none.
  Handle take(const std::string& key);
  // Keeps the handle (and its connection) for the key's next take, or closes it when over a bound.
  void give_back(const std::string& key, Handle handle);
  // Idle handles held now.
  std::size_t idle();
  // Connections the handles opened (the caller adds each transfer's CURLINFO_NUM_CONNECTS).
  void note_opened(int64_t n) { opened_ += n; }
  int64_t opened() const { return opened_.load(); }

 private:
  struct Idle {
    Handle handle;
    std::chrono::steady_clock::time_point since;
  };
  // Moves the handles idle too long into `closing` (closed by the caller after the lock: closing
  // one says QUIT to its server). With mu_ held.
  void expire(std::vector<Handle>& closing);

  Limits limits_;
  std::mutex mu_;
  std::map<std::string, std::deque<Idle>> idle_;  // per key, oldest first
  std::size_t count_ = 0;
  std::atomic<int64_t> opened_{0};
};

}  // namespace rapport::net

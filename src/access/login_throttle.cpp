#include "access/login_throttle.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstring>

#include "platform/clock.hpp"
#include "platform/ids.hpp"

namespace rapport::access {

int64_t throttle_wait_seconds(const ThrottleLimits& limits, int64_t window_s, int64_t failures, int64_t newest_ms,
                              int64_t oldest_ms, int64_t now_ms) {
  auto ceil_seconds = [](int64_t ms) { return ms <= 0 ? int64_t{0} : (ms + 999) / 1000; };
  if (failures >= limits.hourly_cap) {
    // Blocked until the oldest counted failure leaves the window (at least a second).
    return std::max<int64_t>(1, ceil_seconds(oldest_ms + window_s * 1000 - now_ms));
  }
  if (failures < limits.free_failures || limits.backoff_cap_s <= 0) return 0;
  // The first failure beyond the free ones waits 2 s, then 4, 8, ... up to the cap.
  int64_t n = failures - limits.free_failures + 1;
  int64_t backoff = n >= 30 ? limits.backoff_cap_s : std::min<int64_t>(limits.backoff_cap_s, int64_t{1} << n);
  return ceil_seconds(newest_ms + backoff * 1000 - now_ms);
}

std::string account_key(std::string_view email) {
  std::string k = "acct:";
  for (char ch : email) k.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(ch))));
  return k;
}

std::string address_key(std::string_view address) { return "ip:" + std::string(address); }

namespace {

// A 63-bit number naming a key for pg_advisory_xact_lock.
int64_t lock_number(const std::string& key) {
  std::array<unsigned char, 8> h{};
  crypto_generichash(h.data(), h.size(), reinterpret_cast<const unsigned char*>(key.data()), key.size(), nullptr, 0);
  uint64_t v = 0;
  std::memcpy(&v, h.data(), sizeof v);
  return static_cast<int64_t>(v >> 1);
}

}  // namespace

int64_t LoginThrottle::begin(db::Connection& c, const std::string& account, const std::string& address,
                             const std::string& attempt_id) const {
  const int64_t now = clock::now_ms();
  const std::string since = clock::format_ms(now - o_.window_s * 1000);
  if (c.dialect() == db::Dialect::Postgres) {
    // Always in the same order, so two attempts never wait for each other's second lock.
    int64_t a = lock_number(account), b = lock_number(address);
    for (int64_t n : {std::min(a, b), std::max(a, b)}) c.prepare("SELECT pg_advisory_xact_lock(?)").bind_all({n}).run();
  }
  int64_t wait = 0;
  for (const auto& [key, limits] : {std::pair{&account, &o_.account}, std::pair{&address, &o_.address}}) {
    auto& st = c.prepare("SELECT count(*), max(at), min(at) FROM login_failures WHERE key = ? AND at > ?");
    st.bind_all({*key, since});
    int64_t count = 0, newest = 0, oldest = 0;
    if (st.step()) {
      count = st.int64(0);
      if (count > 0) {
        newest = clock::parse_datetime(st.text(1)).value_or(now);
        oldest = clock::parse_datetime(st.text(2)).value_or(now);
      }
    }
    st.reset();
    wait = std::max(wait, throttle_wait_seconds(*limits, o_.window_s, count, newest, oldest, now));
  }
  if (wait > 0) return wait;
  const std::string at = clock::format_ms(now);
  for (const auto* key : {&account, &address})
    c.prepare("INSERT INTO login_failures(key, id, at) VALUES (?, ?, ?)").bind_all({*key, attempt_id, at}).run();
  // Prune now and then (about one attempt in 64) what no window counts any more.
  if ((randombytes_random() & 63u) == 0)
    c.prepare("DELETE FROM login_failures WHERE at < ?").bind_all({since}).run();
  return 0;
}

void LoginThrottle::failed(db::Connection& c, const std::string& account, const std::string& address,
                           const std::string& attempt_id, bool count_address) const {
  const std::string now = clock::now_text();
  c.prepare("UPDATE login_failures SET at = ? WHERE key = ? AND id = ?").bind_all({now, account, attempt_id}).run();
  if (count_address)
    c.prepare("UPDATE login_failures SET at = ? WHERE key = ? AND id = ?").bind_all({now, address, attempt_id}).run();
  else
    c.prepare("DELETE FROM login_failures WHERE key = ? AND id = ?").bind_all({address, attempt_id}).run();
}

void LoginThrottle::succeeded(db::Connection& c, const std::string& account, const std::string& address,
                              const std::string& attempt_id) const {
  c.prepare("DELETE FROM login_failures WHERE key = ?").bind_all({account}).run();
  c.prepare("DELETE FROM login_failures WHERE key = ? AND id = ?").bind_all({address, attempt_id}).run();
}

void LoginThrottle::forget(db::Connection& c, const std::string& account, const std::string& address,
                           const std::string& attempt_id) const {
  for (const auto* key : {&account, &address})
    c.prepare("DELETE FROM login_failures WHERE key = ? AND id = ?").bind_all({*key, attempt_id}).run();
}

ThrottledCheck::ThrottledCheck(const LoginThrottle& throttle, std::string_view email, std::string_view client_address)
    : throttle_(throttle), account_(account_key(email)), address_(address_key(client_address)), attempt_(ids::uuid_v7()) {}

Problem throttled_problem(int64_t wait_s) {
  return Problem{429, "Too Many Requests",
                 "Too many failed attempts for this account or address; retry in " + std::to_string(wait_s) + " seconds",
                 {}, "login-throttled"};
}

}  // namespace rapport::access

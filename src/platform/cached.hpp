// A value that is costly to read (a query, a directory listing) and may be a few seconds old: the
// first get() after max_age loads it again, under a lock, so that concurrent callers (scrapes from
// several Prometheus servers) wait for one load instead of each making their own.
#pragma once
#include <chrono>
#include <functional>
#include <mutex>
#include <optional>

namespace rapport {

template <class T>
class Cached {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;
  Cached(std::chrono::milliseconds max_age, std::function<T()> load, Clock now = std::chrono::steady_clock::now)
      : max_age_(max_age), load_(std::move(load)), now_(std::move(now)) {}

  T get() {
    std::lock_guard lock(mu_);
    auto now = now_();
    if (!value_ || now - loaded_at_ >= max_age_) {
      value_ = load_();
      loaded_at_ = now;
    }
    return *value_;
  }

 private:
  std::chrono::milliseconds max_age_;
  std::function<T()> load_;
  Clock now_;
  std::mutex mu_;
  std::optional<T> value_;
  std::chrono::steady_clock::time_point loaded_at_;
};

}  // namespace rapport

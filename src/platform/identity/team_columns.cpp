#include "platform/identity/team_columns.hpp"

#include <atomic>
#include <map>
#include <mutex>
#include <stdexcept>

namespace rapport::identity {

namespace {

struct TeamColumnRegistry {
  std::mutex mu;  // serialises additions; reads start only once additions are over
  std::map<std::string, std::string, std::less<>> columns;
  std::atomic<bool> read{false};
};

TeamColumnRegistry& team_column_registry() {
  static TeamColumnRegistry r;
  return r;
}

}  // namespace

void add_team_column(std::string object, std::string column) {
  TeamColumnRegistry& r = team_column_registry();
  std::lock_guard lock(r.mu);
  if (r.read.load()) throw std::logic_error("team column of '" + object + "' added after the columns were read");
  if (!r.columns.emplace(object, std::move(column)).second) throw std::logic_error("team column of '" + object + "' added twice");
}

std::string_view team_column(std::string_view object) {
  TeamColumnRegistry& r = team_column_registry();
  if (!r.read.load(std::memory_order_acquire)) {
    std::lock_guard lock(r.mu);  // the additions made on another thread happen before this read
    r.read.store(true, std::memory_order_release);
  }
  auto it = r.columns.find(object);
  return it == r.columns.end() ? std::string_view() : std::string_view(it->second);
}

}  // namespace rapport::identity

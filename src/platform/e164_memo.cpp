#include "platform/e164_memo.hpp"

namespace rapport::formats {

bool E164Memo::knows(std::string_view number) const {
  if (number.size() < 2 || number.front() != '+') return false;  // only an E.164 text can be one
  std::lock_guard lock(mu_);
  return known_.contains(std::string(number));
}

void E164Memo::remember(const std::string& e164) {
  std::lock_guard lock(mu_);
  if (known_.size() >= capacity_) known_.clear();  // bounded; the numbers still in use come back
  known_.insert(e164);
}

std::size_t E164Memo::size() const {
  std::lock_guard lock(mu_);
  return known_.size();
}

E164Memo& known_e164_numbers() {
  static E164Memo memo(16384);
  return memo;
}

}  // namespace rapport::formats

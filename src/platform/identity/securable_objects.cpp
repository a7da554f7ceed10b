#include "platform/identity/securable_objects.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <stdexcept>

namespace rapport::identity {

namespace {

struct Registry {
  std::mutex mu;  // serialises additions; reads start only once additions are over
  std::vector<std::string> objects;
  std::atomic<bool> read{false};
};

Registry& registry() {
  static Registry r;
  return r;
}

}  // namespace

void add_securable_object(std::string object) {
  Registry& r = registry();
  std::lock_guard lock(r.mu);
  if (r.read.load()) throw std::logic_error("securable object '" + object + "' added after the list was read");
  if (std::find(r.objects.begin(), r.objects.end(), object) != r.objects.end())
    throw std::logic_error("securable object '" + object + "' added twice");
  r.objects.push_back(std::move(object));
}

const std::vector<std::string>& securable_objects() {
  Registry& r = registry();
  if (!r.read.load(std::memory_order_acquire)) {
    std::lock_guard lock(r.mu);  // the additions made on another thread happen before this read
    r.read.store(true, std::memory_order_release);
  }
  return r.objects;
}

bool is_securable(std::string_view object) {
  const auto& objects = securable_objects();
  return std::find(objects.begin(), objects.end(), object) != objects.end();
}

std::string securable_objects_text() {
  std::string out;
  for (const auto& o : securable_objects()) out += (out.empty() ? "" : ", ") + o;
  return out;
}

}  // namespace rapport::identity

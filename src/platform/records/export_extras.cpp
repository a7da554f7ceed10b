#include "platform/records/export_extras.hpp"

#include <map>
#include <memory>
#include <mutex>

namespace rapport::records {

namespace {

struct Registry {
  std::mutex mu;
  std::map<std::string, std::unique_ptr<ExportExtras>> by_object;
};

Registry& registry() {
  static Registry r;
  return r;
}

}  // namespace

void register_export_extras(const std::string& object, ExportExtras extras) {
  auto& r = registry();
  std::lock_guard lock(r.mu);
  auto& slot = r.by_object[object];
  if (slot) *slot = std::move(extras);
  else slot = std::make_unique<ExportExtras>(std::move(extras));
}

const ExportExtras* export_extras(const std::string& object) {
  auto& r = registry();
  std::lock_guard lock(r.mu);
  auto it = r.by_object.find(object);
  return it == r.by_object.end() ? nullptr : it->second.get();
}

}  // namespace rapport::records

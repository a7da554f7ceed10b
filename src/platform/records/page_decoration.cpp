#include "platform/records/page_decoration.hpp"

#include <map>
#include <mutex>

namespace rapport::records {

namespace {

struct Registry {
  std::mutex mutex;
  std::map<std::string, std::shared_ptr<const PageDecorator>> by_object;
};
Registry& registry() {
  static Registry r;
  return r;
}

}  // namespace

void set_page_decorator(const std::string& object, PageDecorator decorate) {
  auto& r = registry();
  std::lock_guard lock(r.mutex);
  r.by_object[object] = std::make_shared<const PageDecorator>(std::move(decorate));
}

std::shared_ptr<const PageDecorator> page_decorator(const std::string& object) {
  auto& r = registry();
  std::lock_guard lock(r.mutex);
  auto it = r.by_object.find(object);
  return it == r.by_object.end() ? nullptr : it->second;
}

}  // namespace rapport::records

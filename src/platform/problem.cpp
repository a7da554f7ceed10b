#include "platform/problem.hpp"

namespace rapport {

boost::json::object Problem::to_json(const std::string& instance) const {
  boost::json::object o;
  o["type"] = type_slug.empty() ? std::string("about:blank") : "https://rapport.dev/problems/" + type_slug;
  o["title"] = title;
  o["status"] = status;
  if (!detail.empty()) o["detail"] = detail;
  if (!instance.empty()) o["instance"] = instance;
  if (!errors.empty()) {
    boost::json::array arr;
    for (const auto& e : errors) {
      boost::json::object fe{{"field", e.field}, {"code", e.code}, {"message", e.message}};
      for (const auto& kv : e.extra) fe[kv.key()] = kv.value();
      arr.push_back(std::move(fe));
    }
    o["errors"] = std::move(arr);
  }
  return o;
}

}  // namespace rapport

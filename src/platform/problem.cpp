#include "platform/problem.hpp"

#include "platform/utf8.hpp"

namespace rapport {

std::string problem_type_uri(std::string_view slug) { return "https://rapport.dev/problems/" + std::string(slug); }

// Texts of a problem may repeat what the request sent (its target, a query parameter's name), which
// need not be UTF-8: scrubbed, so that the answer is valid JSON.
boost::json::object Problem::to_json(const std::string& instance) const {
  using utf8::scrub;
  boost::json::object o;
  o["type"] = type_slug.empty() ? std::string("about:blank") : problem_type_uri(type_slug.slug());
  o["title"] = scrub(title);
  o["status"] = status;
  if (!detail.empty()) o["detail"] = scrub(detail);
  if (!instance.empty()) o["instance"] = scrub(instance);
  if (!errors.empty()) {
    boost::json::array arr;
    for (const auto& e : errors) {
      boost::json::object fe{{"field", scrub(e.field)}, {"code", e.code}, {"message", scrub(e.message)}};
      for (const auto& kv : e.extra) fe[kv.key()] = kv.value();
      arr.push_back(std::move(fe));
    }
    o["errors"] = std::move(arr);
  }
  return o;
}

}  // namespace rapport

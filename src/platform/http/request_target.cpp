#include "platform/http/request_target.hpp"

#include <boost/url/parse.hpp>

namespace rapport::http {

bool parse_target(std::string_view target, Request& req) {
  // Encode the brackets before the strict parser sees the target.
  std::string fixed;
  fixed.reserve(target.size() + 16);
  for (char c : target) {
    if (c == '[') fixed += "%5B";
    else if (c == ']') fixed += "%5D";
    else fixed += c;
  }
  auto u = boost::urls::parse_origin_form(fixed);
  if (!u) return false;
  req.path = std::string(u->path());
  req.query.clear();
  for (auto p : u->params()) req.query.emplace_back(std::string(p.key), std::string(p.value));
  return true;
}

}  // namespace rapport::http

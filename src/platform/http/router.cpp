#include "platform/http/router.hpp"

namespace rapport::http {

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/') ++i;
    std::size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    if (j > i) out.emplace_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

Route& Router::add(std::string method, std::string pattern, Handler h, RouteDoc doc) {
  Route r;
  r.method = std::move(method);
  r.segments = split_path(pattern);
  r.pattern = std::move(pattern);
  r.handler = std::move(h);
  r.doc = std::move(doc);
  r.index = routes_.size();
  routes_.push_back(std::move(r));
  return routes_.back();
}

Router::Match Router::match(std::string_view method, std::string_view path, Request* req) const {
  Match m;
  auto segs = split_path(path);
  for (const auto& r : routes_) {
    if (r.segments.size() != segs.size()) continue;
    bool ok = true;
    for (std::size_t i = 0; i < segs.size() && ok; ++i) {
      const auto& p = r.segments[i];
      bool is_param = p.size() > 2 && p.front() == '{' && p.back() == '}';
      if (!is_param && p != segs[i]) ok = false;
    }
    if (!ok) continue;
    if (r.method != method) {
      m.path_exists = true;
      m.allowed.push_back(r.method);
      continue;
    }
    m.route = &r;
    if (req) {
      req->route = r.pattern;
      for (std::size_t i = 0; i < segs.size(); ++i) {
        const auto& p = r.segments[i];
        if (p.size() > 2 && p.front() == '{') req->params[p.substr(1, p.size() - 2)] = segs[i];
      }
    }
    return m;
  }
  return m;
}

}  // namespace rapport::http

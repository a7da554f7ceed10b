// What a handler sees and returns. Handlers are plain functions of a Request; they run on the worker
// pool, never on an I/O thread, so they may block on the database.
#pragma once
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "platform/problem.hpp"

namespace rapport::http {

namespace bhttp = boost::beast::http;

struct Request {
  bhttp::request<bhttp::string_body> raw;
  std::string path;                                        // decoded path without the query
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
  std::unordered_map<std::string, std::string> params;     // path parameters, e.g. {"id": "..."}
  std::string request_id;
  std::string remote;
  std::string route;  // the matched pattern, e.g. "/api/v1/contacts/{id}"
  std::size_t route_index = static_cast<std::size_t>(-1);  // position in the router, for metrics
  // Who called, once the API wrapper authenticated the request (for the access log): ids only.
  std::string workspace_id, user_id, api_key_id;

  std::string_view method() const {
    auto m = raw.method_string();
    return {m.data(), m.size()};
  }
  std::string_view header(std::string_view name) const {
    auto it = raw.find(boost::beast::string_view(name.data(), name.size()));
    if (it == raw.end()) return {};
    return {it->value().data(), it->value().size()};
  }
  const std::string& body() const { return raw.body(); }
  // The first value of a query parameter, or nullptr.
  const std::string* query_param(std::string_view name) const {
    for (const auto& [k, v] : query)
      if (k == name) return &v;
    return nullptr;
  }
  const std::string& param(const std::string& name) const { return params.at(name); }
};

class WebSocket;

// A body produced while it is sent (an export of a million rows): the server writes the header with
// chunked transfer coding, then calls next() on a worker, never on an I/O thread, and writes what it
// appended as one chunk before asking for more, so one export holds neither a thread nor memory for
// its whole length. next() may append nothing (work without output yet) and returns false after
// the last piece. abandoned() runs (on a worker) instead of further next() calls when the client
// went away or a write failed.
class BodyStream {
 public:
  virtual ~BodyStream() = default;
  virtual bool next(std::string& out) = 0;
  virtual void abandoned() {}
};

struct Response {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string problem_type;  // a problem document's type URI (for the access log), else empty
  // Set (with status 101) by a handler that accepts a WebSocket upgrade: the server completes the
  // handshake and then calls it with the open connection.
  std::function<void(std::shared_ptr<WebSocket>)> upgrade;
  // Set instead of `body` for a streamed body (see BodyStream).
  std::shared_ptr<BodyStream> stream;

  Response& header(std::string_view name, std::string_view value);
};

Response json(int status, const boost::json::value& body);
Response problem(const Problem& p, const std::string& instance = {});
Response no_content();

// Parses a JSON request body (415 unless the content type is JSON, 400 when malformed or nested too
// deep). The body must be an object.
Result<boost::json::object> parse_json_object(const Request& req);

}  // namespace rapport::http

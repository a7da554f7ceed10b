#include "platform/http/message.hpp"

namespace rapport::http {

Response& Response::header(std::string_view name, std::string_view value) {
  headers.emplace_back(std::string(name), std::string(value));
  return *this;
}

Response json(int status, const boost::json::value& body) {
  Response r;
  r.status = status;
  r.body = boost::json::serialize(body);
  return r;
}

Response problem(const Problem& p, const std::string& instance) {
  Response r;
  r.status = p.status;
  r.content_type = "application/problem+json";
  auto doc = p.to_json(instance);
  r.problem_type = doc["type"].as_string();
  r.body = boost::json::serialize(doc);
  // Every 503 is temporary (database unreachable, shutting down): the client is told when to retry.
  if (p.status == 503) r.header("Retry-After", "1");
  return r;
}

Response no_content() {
  Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

Result<boost::json::object> parse_json_object(const Request& req) {
  auto ct = req.header("Content-Type");
  std::string media(ct.substr(0, ct.find(';')));
  while (!media.empty() && media.back() == ' ') media.pop_back();
  for (auto& c : media) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));  // RFC 9110 8.3.1
  if (media != "application/json" && media != "application/merge-patch+json") {
    return Problem{415, "Unsupported Media Type", "The request body must be JSON (Content-Type: application/json)", {},
                   "unsupported-media-type"};
  }
  boost::json::parse_options opts;
  opts.max_depth = 32;
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(req.body(), ec, {}, opts);
  if (ec) return Problem::bad_request("The request body is not valid JSON: " + ec.message());
  if (!v.is_object()) return Problem::bad_request("The request body must be a JSON object");
  return std::move(v.as_object());
}

}  // namespace rapport::http

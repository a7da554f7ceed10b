#include "platform/http/websocket_protocol.hpp"

#include <boost/json.hpp>

namespace rapport::http {

std::optional<std::string> answer_client_message(std::string_view text) {
  boost::system::error_code ec;
  auto v = boost::json::parse(text, ec);
  const auto* op = (!ec && v.is_object()) ? v.as_object().if_contains("op") : nullptr;
  if (op && op->is_string() && op->as_string() == "ping") return std::string(R"({"op":"pong"})");
  return std::nullopt;
}

}  // namespace rapport::http

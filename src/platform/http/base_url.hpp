// This server's address as the caller reached it ("https://crm.example.com"), for URLs it hands out
// (a calendar feed, a web form's submit URL): the Host the client sent, https when a proxy in front
// says so (X-Forwarded-Proto). Empty when the request named no host.
#pragma once
#include <string>

#include "platform/http/message.hpp"

namespace rapport::http {

inline std::string base_url(const Request& req) {
  std::string host(req.header("Host"));
  if (host.empty()) return {};
  return (req.header("X-Forwarded-Proto") == "https" ? "https://" : "http://") + host;
}

}  // namespace rapport::http

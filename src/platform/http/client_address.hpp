// The address of the client behind a request: the peer of the connection, unless that peer is a
// trusted proxy (--trusted-proxy, env RAPPORT_TRUSTED_PROXIES), in which case the rightmost address
// of X-Forwarded-For that is not itself a trusted proxy. A header from any other peer is ignored, so
// a client cannot choose the address it is throttled and audited under.
#pragma once
#include <string>
#include <vector>

#include "platform/http/message.hpp"

namespace rapport::http {

class ClientAddress {
 public:
  // Throws std::invalid_argument naming an entry that is not an IP address.
  explicit ClientAddress(const std::vector<std::string>& trusted_proxies = {});
  std::string of(const Request& req) const;
  // "a, b,c" -> {"a", "b", "c"}
  static std::vector<std::string> split_list(std::string_view list);

 private:
  bool trusted(const std::string& address) const;
  std::vector<std::string> trusted_;  // canonical text of each address
};

}  // namespace rapport::http

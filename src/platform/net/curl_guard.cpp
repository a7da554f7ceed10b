#include "platform/net/curl_guard.hpp"

#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstring>
#include <mutex>
#include <optional>

namespace rapport::net {

namespace {

std::optional<IpAddress> ip_of(const sockaddr* sa) {
  if (sa->sa_family == AF_INET) {
    boost::asio::ip::address_v4::bytes_type b;
    std::memcpy(b.data(), &reinterpret_cast<const sockaddr_in*>(sa)->sin_addr, 4);
    return boost::asio::ip::address_v4(b);
  }
  if (sa->sa_family == AF_INET6) {
    boost::asio::ip::address_v6::bytes_type b;
    std::memcpy(b.data(), &reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr, 16);
    return boost::asio::ip::address_v6(b);
  }
  return std::nullopt;
}

}  // namespace

void curl_init_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

curl_socket_t gated_open_socket(void* clientp, curlsocktype purpose, curl_sockaddr* address) {
  auto* gate = static_cast<SocketGate*>(clientp);
  auto ip = ip_of(&address->addr);
  if (purpose != CURLSOCKTYPE_IPCXN || !ip) {
    gate->refused = "curl asked for a socket that is not an IP connection";
    return CURL_SOCKET_BAD;
  }
  if (std::find(gate->vetted.begin(), gate->vetted.end(), *ip) == gate->vetted.end()) {
    if (gate->refused.empty())  // the first one: curl may try several addresses
      gate->refused = "a connection to " + describe(*ip, classify(*ip)) + ", which was not among the checked addresses";
    return CURL_SOCKET_BAD;
  }
  return socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
}

std::string resolve_entry(const Target& target, const std::vector<IpAddress>& addresses) {
  std::string entry = target.host + ":" + std::to_string(target.port) + ":";
  for (std::size_t i = 0; i < addresses.size(); ++i) {
    if (i) entry += ',';
    const bool v6 = addresses[i].is_v6();
    if (v6) entry += '[';
    entry += addresses[i].to_string();
    if (v6) entry += ']';
  }
  return entry;
}

}  // namespace rapport::net

// What every outbound libcurl transfer of the server shares (HTTP for webhooks, SMTP for email):
// curl's global initialisation, the connect-time gate that lets curl open sockets only to the
// addresses vetted for the transfer, the CURLOPT_RESOLVE entry that pins the host name to them, and
// owners for curl's handles.
#pragma once
#include <curl/curl.h>

#include <string>
#include <vector>

#include "platform/net/address_policy.hpp"
#include "platform/net/url_check.hpp"

namespace rapport::net {

// curl_global_init, once per process, before the first handle (it is not thread-safe itself).
void curl_init_once();

// The connect-time check: curl may open a socket only to an address vetted for this transfer.
struct SocketGate {
  std::vector<IpAddress> vetted;
  std::string refused;  // why a socket was refused, when one was
};
// CURLOPT_OPENSOCKETFUNCTION, with a SocketGate as CURLOPT_OPENSOCKETDATA.
curl_socket_t gated_open_socket(void* gate, curlsocktype purpose, curl_sockaddr* address);

// The host:port:addresses entry of CURLOPT_RESOLVE (IPv6 addresses in brackets).
std::string resolve_entry(const Target& target, const std::vector<IpAddress>& addresses);

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

}  // namespace rapport::net

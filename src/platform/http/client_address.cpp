#include "platform/http/client_address.hpp"

#include <boost/asio/ip/address.hpp>

#include <algorithm>
#include <stdexcept>

namespace rapport::http {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The canonical text of an address, or "" when it is none.
std::string canonical(std::string_view text) {
  boost::system::error_code ec;
  auto a = boost::asio::ip::make_address(std::string(text), ec);
  if (ec) return {};
  if (a.is_v6() && a.to_v6().is_v4_mapped())
    return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, a.to_v6()).to_string();
  return a.to_string();
}

}  // namespace

std::vector<std::string> ClientAddress::split_list(std::string_view list) {
  std::vector<std::string> out;
  while (!list.empty()) {
    auto comma = list.find(',');
    auto item = trim(list.substr(0, comma));
    if (!item.empty()) out.emplace_back(item);
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return out;
}

ClientAddress::ClientAddress(const std::vector<std::string>& trusted_proxies) {
  for (const auto& p : trusted_proxies) {
    std::string c = canonical(trim(p));
    if (c.empty()) throw std::invalid_argument("--trusted-proxy '" + p + "' is not an IP address");
    trusted_.push_back(c);
  }
}

bool ClientAddress::trusted(const std::string& address) const {
  return std::find(trusted_.begin(), trusted_.end(), address) != trusted_.end();
}

std::string ClientAddress::of(const Request& req) const {
  std::string peer = canonical(req.remote);
  if (peer.empty()) peer = req.remote;
  if (trusted_.empty() || !trusted(peer)) return peer;
  // Proxies append the address they received the request from, so the entries to the right were
  // written by trusted proxies and the first untrusted one from the right is the client.
  std::string client = peer;
  auto entries = split_list(req.header("X-Forwarded-For"));
  for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
    std::string c = canonical(*it);
    if (c.empty()) break;  // garbage: stay with the last address a trusted party vouched for
    client = c;
    if (!trusted(c)) break;
  }
  return client;
}

}  // namespace rapport::http

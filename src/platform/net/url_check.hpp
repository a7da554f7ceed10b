// Whether a URL may be the destination of an outbound request (a webhook's `url`): http or https, a
// host, no user name or password, at most 2048 characters, a port from 1 to 65535; and its host must
// be, or resolve only to, public addresses (address_policy.hpp) unless the operator allow-listed it.
// check_url answers at creation; HttpClient vets again at each request and pins the connection to
// the addresses it checked.
#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/net/address_policy.hpp"
#include "platform/net/resolver.hpp"
#include "platform/problem.hpp"

namespace rapport::net {

inline constexpr std::size_t kMaxUrlLength = 2048;

struct Target {
  // The URL with its host as checked (below) and no fragment: what a request sends (its Host header
  // too), so that the connection looks up exactly the name that was checked.
  std::string url;
  bool https = false;
  std::string host;    // lower case, no final dot; an IP address in canonical text, IPv6 without brackets
  std::uint16_t port = 0;            // the URL's, else the scheme's default
  std::optional<IpAddress> literal;  // when the host is an IP address
};

// The URL's form only, no DNS. A host that inet_aton reads as an IPv4 address in one of its legacy
// forms ("2130706433", "0x7f.1", "0177.0.0.1", "127.1": what getaddrinfo and curl would connect to)
// is that address. Problems are 422 naming `field`.
Result<Target> parse_target(std::string_view text, std::string_view field);

struct Vetting {
  enum class Outcome { ok, refused, unresolvable, dns_unavailable };
  Outcome outcome = Outcome::refused;
  std::string message;               // why not, for a person: "hooks.example.com resolves to 10.0.0.5, ..."
  std::vector<IpAddress> addresses;  // ok: the addresses a connection may use, every one checked
};

// The target's addresses (its literal, or every address its name resolves to) when each is public
// or allow-listed (an allow-listed name admits whatever it resolves to).
Vetting vet_target(const Target& target, const AllowList& allow, const Resolver& resolver,
                   std::chrono::milliseconds timeout);

// parse_target, then vet_target. 422 naming `field` for a malformed URL, a refused address or a name
// that does not exist; 503 when DNS does not answer in time (nothing is wrong with the URL yet).
Result<Target> check_url(std::string_view text, std::string_view field, const AllowList& allow,
                         const Resolver& resolver = resolve_system,
                         std::chrono::milliseconds timeout = std::chrono::seconds(5));

}  // namespace rapport::net

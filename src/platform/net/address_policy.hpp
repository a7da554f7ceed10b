// Which IP addresses outbound requests (webhook deliveries) may reach: public ones only, unless the
// operator trusts a host (AllowList). classify() sorts an address into public or refused with a
// reason, following IANA's special-purpose address registries (see address_policy.cpp); an IPv6 form
// that carries an IPv4 address (IPv4-mapped, NAT64, 6to4, Teredo, IPv4-compatible) is judged by the
// IPv4 address it carries.
#pragma once
#include <boost/asio/ip/address.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rapport::net {

using IpAddress = boost::asio::ip::address;

// Why an address is refused; none for a public (globally reachable) one.
enum class Refusal {
  none,
  unspecified,           // 0.0.0.0, ::
  this_network,          // 0.0.0.0/8
  loopback,              // 127.0.0.0/8, ::1
  private_use,           // 10/8, 172.16/12, 192.168/16
  carrier_grade_nat,     // 100.64.0.0/10 (shared address space)
  link_local,            // 169.254/16, fe80::/10
  protocol_assignments,  // 192.0.0.0/24, 2001::/23 (but its globally reachable parts)
  documentation,         // 192.0.2/24, 198.51.100/24, 203.0.113/24, 2001:db8::/32, 3fff::/20
  benchmarking,          // 198.18.0.0/15, 2001:2::/48
  relay_anycast,         // 192.88.99.0/24, the deprecated 6to4 relay anycast
  reserved,              // 240.0.0.0/4; IPv6 outside the global unicast space; ORCHID, SRv6 SIDs, ...
  multicast,             // 224.0.0.0/4, ff00::/8
  broadcast,             // 255.255.255.255
  unique_local,          // fc00::/7
  site_local,            // fec0::/10 (deprecated)
  discard_only,          // 100::/64
  local_translation,     // 64:ff9b:1::/48, local-use IPv4/IPv6 translation
  ipv4_compatible,       // ::a.b.c.d (deprecated) carrying a public IPv4 address
};

struct AddressVerdict {
  Refusal refusal = Refusal::none;
  // For an IPv6 form carrying an IPv4 address: which form ("IPv4-mapped", "NAT64", "6to4", "Teredo",
  // "IPv4-compatible") and the carried address the verdict is about; empty otherwise.
  std::string_view form;
  std::optional<boost::asio::ip::address_v4> embedded;

  bool is_public() const { return refusal == Refusal::none; }
};

AddressVerdict classify(const IpAddress& address);

// The reason in a word or two: "loopback", "private", "carrier-grade NAT", ... ("public" for none).
std::string_view reason(Refusal refusal);

// The address and its verdict for a message: "10.0.0.5, a private address", "::ffff:10.0.0.5 (IPv4-mapped
// 10.0.0.5), a private address", "8.8.8.8, a public address".
std::string describe(const IpAddress& address, const AddressVerdict& verdict);

// The hosts an operator trusts although they are or resolve to refused addresses
// (`rapport serve --webhook-allow-host HOST`, env RAPPORT_WEBHOOK_ALLOW_HOSTS). An entry is a host
// name, matched exactly (case-insensitively, a final dot ignored; no wildcards, so "example.com"
// does not cover "api.example.com"), or an IP address (IPv6 with or without brackets), which
// admits URLs written with that address and any name resolving to it.
class AllowList {
 public:
  AllowList() = default;
  // Throws std::invalid_argument naming an entry that is neither a host name nor an IP address.
  explicit AllowList(const std::vector<std::string>& entries);
  // The --webhook-allow-host values when there are any, else the comma-separated items of the
  // environment variable's value (spaces around items ignored, empty items skipped). Throws like
  // the constructor.
  static AllowList from_options(const std::vector<std::string>& flag_values, std::string_view env_value);

  // host: a URL's host as Target::host holds it (lower case, no final dot, IPv6 without brackets).
  bool allows_host(std::string_view host) const;
  bool allows_address(const IpAddress& address) const;
  bool empty() const { return names_.empty() && addresses_.empty(); }
  // Every entry in canonical form, for the startup log.
  std::vector<std::string> entries() const;

 private:
  std::vector<std::string> names_;
  std::vector<IpAddress> addresses_;
};

// A DNS host name: dot-separated labels of letters, digits and hyphens (underscores tolerated: some
// internal names have them), none empty or starting or ending with a hyphen, at most 63 characters
// each and 253 in all.
bool is_host_name(std::string_view name);

// A host name in the form the allow-list and Target compare: lower case, one final dot removed.
std::string normalize_host_name(std::string_view name);

}  // namespace rapport::net

#include "platform/net/address_policy.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <stdexcept>

namespace rapport::net {
namespace {

using boost::asio::ip::address_v4;
using boost::asio::ip::address_v6;

// The tables follow IANA's registries, read 2025:
//   IPv4 Special-Purpose Address Registry
//     https://www.iana.org/assignments/iana-ipv4-special-registry/
//   IPv6 Special-Purpose Address Registry
//     https://www.iana.org/assignments/iana-ipv6-special-registry/
//   IPv4 Multicast Address Space Registry (224.0.0.0/4, RFC 5771) and IPv6 Address Space (only
//     2000::/3 is allocated as global unicast; ff00::/8 is multicast; fec0::/10 site-local, RFC 3879)
// A block the registry marks "globally reachable" stays public (AS112, AMT, ORCHIDv2, ...); every
// other special-purpose block is refused. 192.0.0.0/24 is refused whole although two of its /32s
// (PCP and TURN anycast) are globally reachable: nothing there is a webhook receiver.
struct V4Block {
  std::uint32_t prefix;
  int length;
  Refusal refusal;
};

constexpr std::uint32_t v4(int a, int b, int c, int d) {
  return (std::uint32_t(a) << 24) | (std::uint32_t(b) << 16) | (std::uint32_t(c) << 8) | std::uint32_t(d);
}

// Most specific first where blocks nest (0.0.0.0/32 inside 0.0.0.0/8, the broadcast inside 240/4).
constexpr V4Block kV4Blocks[] = {
    {v4(0, 0, 0, 0), 32, Refusal::unspecified},
    {v4(0, 0, 0, 0), 8, Refusal::this_network},
    {v4(10, 0, 0, 0), 8, Refusal::private_use},
    {v4(100, 64, 0, 0), 10, Refusal::carrier_grade_nat},
    {v4(127, 0, 0, 0), 8, Refusal::loopback},
    {v4(169, 254, 0, 0), 16, Refusal::link_local},
    {v4(172, 16, 0, 0), 12, Refusal::private_use},
    {v4(192, 0, 0, 0), 24, Refusal::protocol_assignments},
    {v4(192, 0, 2, 0), 24, Refusal::documentation},
    {v4(192, 88, 99, 0), 24, Refusal::relay_anycast},
    {v4(192, 168, 0, 0), 16, Refusal::private_use},
    {v4(198, 18, 0, 0), 15, Refusal::benchmarking},
    {v4(198, 51, 100, 0), 24, Refusal::documentation},
    {v4(203, 0, 113, 0), 24, Refusal::documentation},
    {v4(224, 0, 0, 0), 4, Refusal::multicast},
    {v4(255, 255, 255, 255), 32, Refusal::broadcast},
    {v4(240, 0, 0, 0), 4, Refusal::reserved},
};

bool in_v4(std::uint32_t a, std::uint32_t prefix, int length) {
  std::uint32_t mask = length == 0 ? 0 : ~std::uint32_t{0} << (32 - length);
  return (a & mask) == prefix;
}

Refusal classify_v4(const address_v4& address) {
  std::uint32_t a = address.to_uint();
  for (const auto& b : kV4Blocks)
    if (in_v4(a, b.prefix, b.length)) return b.refusal;
  return Refusal::none;
}

using V6Bytes = address_v6::bytes_type;

// Whether the first `length` bits of a equal those of the prefix given by its leading bytes (the
// bytes not given are zero).
bool in_v6(const V6Bytes& a, std::initializer_list<std::uint8_t> prefix, int length) {
  for (int bit = 0; bit < length; bit += 8) {
    std::size_t i = std::size_t(bit / 8);
    std::uint8_t want = i < prefix.size() ? prefix.begin()[i] : 0;
    int bits = std::min(8, length - bit);
    std::uint8_t mask = std::uint8_t(0xff << (8 - bits));
    if ((a[i] & mask) != (want & mask)) return false;
  }
  return true;
}

address_v4 v4_at(const V6Bytes& a, int offset, bool inverted = false) {
  address_v4::bytes_type b{a[offset], a[offset + 1], a[offset + 2], a[offset + 3]};
  if (inverted)
    for (auto& x : b) x = std::uint8_t(~x);
  return address_v4(b);
}

AddressVerdict carried(std::string_view form, const address_v4& inner) {
  return {classify_v4(inner), form, inner};
}

AddressVerdict classify_v6(const address_v6& address) {
  const V6Bytes a = address.to_bytes();
  const bool upper_zero = std::all_of(a.begin(), a.begin() + 12, [](std::uint8_t x) { return x == 0; });
  if (upper_zero) {
    if (address.is_unspecified()) return {Refusal::unspecified};
    if (address.is_loopback()) return {Refusal::loopback};
    // ::a.b.c.d, deprecated (RFC 4291 2.5.5.1) and never routed: refused, for the carried address's
    // reason when it has one.
    auto inner = v4_at(a, 12);
    auto r = classify_v4(inner);
    return {r == Refusal::none ? Refusal::ipv4_compatible : r, "IPv4-compatible", inner};
  }
  if (address.is_v4_mapped()) return carried("IPv4-mapped", v4_at(a, 12));
  // 64:ff9b::/96: the well-known NAT64 prefix (RFC 6052), globally reachable for public IPv4 addresses.
  if (in_v6(a, {0x00, 0x64, 0xff, 0x9b}, 96)) return carried("NAT64", v4_at(a, 12));
  if (in_v6(a, {0x00, 0x64, 0xff, 0x9b, 0x00, 0x01}, 48)) return {Refusal::local_translation};
  if (in_v6(a, {0x01, 0x00}, 64)) return {Refusal::discard_only};
  if (in_v6(a, {0x20, 0x01, 0x0d, 0xb8}, 32)) return {Refusal::documentation};
  if (in_v6(a, {0x3f, 0xff}, 20)) return {Refusal::documentation};
  if (in_v6(a, {0x20, 0x02}, 16)) return carried("6to4", v4_at(a, 2));
  if (in_v6(a, {0x20, 0x01, 0x00, 0x00}, 32)) {
    // Teredo (RFC 4380): the server's IPv4 address in bits 32-63, the client's, inverted, in 96-127.
    auto server = carried("Teredo", v4_at(a, 4));
    if (!server.is_public()) return server;
    return carried("Teredo", v4_at(a, 12, true));
  }
  if (in_v6(a, {0x20, 0x01, 0x00, 0x00}, 23)) {
    // 2001::/23, IETF protocol assignments, refused but for the blocks marked globally reachable.
    const bool global = (in_v6(a, {0x20, 0x01, 0x00, 0x01}, 32) &&
                         std::all_of(a.begin() + 4, a.begin() + 15, [](std::uint8_t x) { return x == 0; }) &&
                         a[15] >= 1 && a[15] <= 3)  // 2001:1::1, ::2, ::3 (PCP, TURN, DNS-SD anycast)
                        || in_v6(a, {0x20, 0x01, 0x00, 0x03}, 32)              // AMT
                        || in_v6(a, {0x20, 0x01, 0x00, 0x04, 0x01, 0x12}, 48)  // AS112-v6
                        || in_v6(a, {0x20, 0x01, 0x00, 0x20}, 28)              // ORCHIDv2
                        || in_v6(a, {0x20, 0x01, 0x00, 0x30}, 28);             // Drone Remote ID
    if (global) return {};
    if (in_v6(a, {0x20, 0x01, 0x00, 0x02, 0x00, 0x00}, 48)) return {Refusal::benchmarking};
    return {Refusal::protocol_assignments};
  }
  if (in_v6(a, {0xfc}, 7)) return {Refusal::unique_local};
  if (in_v6(a, {0xfe, 0x80}, 10)) return {Refusal::link_local};
  if (in_v6(a, {0xfe, 0xc0}, 10)) return {Refusal::site_local};
  if (in_v6(a, {0xff}, 8)) return {Refusal::multicast};
  // Outside 2000::/3 nothing is allocated as global unicast (5f00::/16, SRv6 SIDs, included).
  if (!in_v6(a, {0x20}, 3)) return {Refusal::reserved};
  return {};
}

struct RefusalText {
  Refusal refusal;
  std::string_view reason;
  std::string_view phrase;  // after the address: "10.0.0.5, <phrase>"
};

constexpr RefusalText kTexts[] = {
    {Refusal::none, "public", "a public address"},
    {Refusal::unspecified, "unspecified", "the unspecified address"},
    {Refusal::this_network, "this network", "an address of \"this network\" (0.0.0.0/8)"},
    {Refusal::loopback, "loopback", "a loopback address"},
    {Refusal::private_use, "private", "a private address"},
    {Refusal::carrier_grade_nat, "carrier-grade NAT", "a carrier-grade NAT (shared) address"},
    {Refusal::link_local, "link-local", "a link-local address"},
    {Refusal::protocol_assignments, "IETF protocol assignment", "an address reserved for IETF protocol assignments"},
    {Refusal::documentation, "documentation", "an address reserved for documentation"},
    {Refusal::benchmarking, "benchmarking", "an address reserved for benchmarking"},
    {Refusal::relay_anycast, "6to4 relay anycast", "a deprecated 6to4 relay anycast address"},
    {Refusal::reserved, "reserved", "a reserved address"},
    {Refusal::multicast, "multicast", "a multicast address"},
    {Refusal::broadcast, "broadcast", "the broadcast address"},
    {Refusal::unique_local, "unique local", "a unique local address"},
    {Refusal::site_local, "site-local", "a site-local address"},
    {Refusal::discard_only, "discard-only", "a discard-only address"},
    {Refusal::local_translation, "local-use translation", "a local-use IPv4/IPv6 translation address"},
    {Refusal::ipv4_compatible, "IPv4-compatible", "a deprecated IPv4-compatible address"},
};

const RefusalText& text_of(Refusal r) {
  for (const auto& t : kTexts)
    if (t.refusal == r) return t;
  return kTexts[0];
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::optional<IpAddress> parse_address(std::string_view text) {
  if (text.size() > 2 && text.front() == '[' && text.back() == ']') text = text.substr(1, text.size() - 2);
  boost::system::error_code ec;
  auto a = boost::asio::ip::make_address(std::string(text), ec);
  if (ec) return std::nullopt;
  return a;
}

IpAddress unmapped(const IpAddress& a) {
  if (a.is_v6() && a.to_v6().is_v4_mapped())
    return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, a.to_v6());
  return a;
}

}  // namespace

AddressVerdict classify(const IpAddress& address) {
  if (address.is_v4()) return {classify_v4(address.to_v4())};
  return classify_v6(address.to_v6());
}

std::string_view reason(Refusal refusal) { return text_of(refusal).reason; }

std::string describe(const IpAddress& address, const AddressVerdict& verdict) {
  std::string out = address.to_string();
  if (verdict.embedded) out += " (" + std::string(verdict.form) + " " + verdict.embedded->to_string() + ")";
  out += ", ";
  out += text_of(verdict.refusal).phrase;
  return out;
}

bool is_host_name(std::string_view name) {
  if (name.empty() || name.size() > 253) return false;
  std::size_t start = 0;
  while (start <= name.size()) {
    auto dot = name.find('.', start);
    auto label = name.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    for (char c : label)
      if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) return false;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return true;
}

std::string normalize_host_name(std::string_view name) {
  if (!name.empty() && name.back() == '.') name.remove_suffix(1);
  std::string out(name);
  for (auto& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

AllowList::AllowList(const std::vector<std::string>& entries) {
  for (const auto& raw : entries) {
    auto entry = trim(raw);
    if (auto a = parse_address(entry)) {
      addresses_.push_back(unmapped(*a));
      continue;
    }
    auto name = normalize_host_name(entry);
    if (!is_host_name(name))
      throw std::invalid_argument("webhook allow-list entry '" + raw +
                                  "' is neither a host name nor an IP address (give a bare host such as "
                                  "hooks.internal or 10.0.0.5: no scheme, port, path or wildcard)");
    names_.push_back(std::move(name));
  }
}

AllowList AllowList::from_options(const std::vector<std::string>& flag_values, std::string_view env_value) {
  if (!flag_values.empty()) return AllowList(flag_values);
  std::vector<std::string> items;
  while (!env_value.empty()) {
    auto comma = env_value.find(',');
    auto item = trim(env_value.substr(0, comma));
    if (!item.empty()) items.emplace_back(item);
    if (comma == std::string_view::npos) break;
    env_value.remove_prefix(comma + 1);
  }
  return AllowList(items);
}

bool AllowList::allows_host(std::string_view host) const {
  if (auto a = parse_address(host)) return allows_address(*a);
  auto name = normalize_host_name(host);
  return std::find(names_.begin(), names_.end(), name) != names_.end();
}

bool AllowList::allows_address(const IpAddress& address) const {
  return std::find(addresses_.begin(), addresses_.end(), unmapped(address)) != addresses_.end();
}

std::vector<std::string> AllowList::entries() const {
  std::vector<std::string> out = names_;
  for (const auto& a : addresses_) out.push_back(a.to_string());
  return out;
}

}  // namespace rapport::net

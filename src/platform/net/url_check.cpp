#include "platform/net/url_check.hpp"

#include <arpa/inet.h>

#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>
#include <boost/url/url_view.hpp>

#include <cstring>

namespace rapport::net {
namespace {

Problem invalid(std::string_view field, std::string code, std::string message) {
  return Problem::invalid({{std::string(field), std::move(code), std::move(message)}});
}

constexpr std::string_view kPublicOnly =
    ": webhooks may only reach public addresses (an operator can trust a host with --webhook-allow-host)";

// The first refused address of a list, or nullopt when all may be used.
std::optional<std::string> first_refused(const std::vector<IpAddress>& addresses, const AllowList& allow) {
  for (const auto& a : addresses) {
    if (allow.allows_address(a)) continue;
    auto verdict = classify(a);
    if (!verdict.is_public()) return describe(a, verdict);
  }
  return std::nullopt;
}

}  // namespace

Result<Target> parse_target(std::string_view text, std::string_view field) {
  if (text.size() > kMaxUrlLength)
    return invalid(field, "length", "must be at most " + std::to_string(kMaxUrlLength) + " characters");
  auto parsed = boost::urls::parse_uri(text);
  if (!parsed) return invalid(field, "format", "must be an absolute http or https URL");
  const auto& u = *parsed;
  Target t;
  if (u.scheme_id() == boost::urls::scheme::https) {
    t.https = true;
  } else if (u.scheme_id() != boost::urls::scheme::http) {
    return invalid(field, "format", "must use http or https, not " + std::string(u.scheme()));
  }
  if (!u.has_authority() || u.encoded_host().empty()) return invalid(field, "format", "must name a host");
  if (u.has_userinfo()) return invalid(field, "format", "must not hold a user name or password (user:pass@)");

  t.port = t.https ? 443 : 80;
  if (u.has_port()) {
    auto p = u.port();
    unsigned long n = 0;
    bool digits = !p.empty() && p.size() <= 5;
    for (char c : p) {
      digits = digits && c >= '0' && c <= '9';
      n = n * 10 + unsigned(c - '0');
    }
    if (!digits || n < 1 || n > 65535) return invalid(field, "range", "must have a port from 1 to 65535");
    t.port = static_cast<std::uint16_t>(n);
  }

  switch (u.host_type()) {
    case boost::urls::host_type::ipv4:
      t.literal = boost::asio::ip::address_v4(u.host_ipv4_address().to_bytes());
      break;
    case boost::urls::host_type::ipv6:
      t.literal = boost::asio::ip::address_v6(u.host_ipv6_address().to_bytes());
      break;
    case boost::urls::host_type::name: {
      auto encoded = u.encoded_host();
      std::string name = normalize_host_name(std::string_view(encoded.data(), encoded.size()));
      if (name.find('%') != std::string::npos || !is_host_name(name))
        return invalid(field, "format", "has a host that is not a valid host name (use the ASCII form of a name)");
      // What the C library reads as an address, curl and getaddrinfo connect to as one.
      in_addr legacy{};
      if (inet_aton(name.c_str(), &legacy) == 1) {
        boost::asio::ip::address_v4::bytes_type b;
        std::memcpy(b.data(), &legacy.s_addr, 4);
        t.literal = boost::asio::ip::address_v4(b);
      } else {
        t.host = std::move(name);
      }
      break;
    }
    default:
      return invalid(field, "format", "has a host in a form that is not supported");
  }
  if (t.literal) t.host = t.literal->to_string();

  // The URL a request uses names the host as checked, so that curl looks up the very name the
  // checked addresses are pinned to (a final dot or capitals would miss the pin).
  boost::urls::url normalized(u);
  if (!t.literal) {
    normalized.set_encoded_host(t.host);
  } else if (t.literal->is_v4()) {
    normalized.set_host_ipv4(boost::urls::ipv4_address(t.literal->to_v4().to_bytes()));
  } else {
    normalized.set_host_ipv6(boost::urls::ipv6_address(t.literal->to_v6().to_bytes()));
  }
  normalized.remove_fragment();
  t.url = std::string(normalized.buffer());
  return t;
}

Vetting vet_target(const Target& target, const AllowList& allow, const Resolver& resolver,
                   std::chrono::milliseconds timeout) {
  if (target.literal) {
    if (auto refused = first_refused({*target.literal}, allow))
      return {Vetting::Outcome::refused, "names " + *refused + std::string(kPublicOnly)};
    return {Vetting::Outcome::ok, {}, {*target.literal}};
  }
  auto r = resolver(target.host, timeout);
  switch (r.status) {
    case Resolution::Status::ok:
      break;
    case Resolution::Status::not_found:
      return {Vetting::Outcome::unresolvable, target.host + " does not resolve (" + r.error + ")"};
    case Resolution::Status::failed:
    case Resolution::Status::timed_out:
      return {Vetting::Outcome::dns_unavailable, target.host + " could not be resolved now (" + r.error + ")"};
  }
  if (!allow.allows_host(target.host))
    if (auto refused = first_refused(r.addresses, allow))
      return {Vetting::Outcome::refused, target.host + " resolves to " + *refused + std::string(kPublicOnly)};
  return {Vetting::Outcome::ok, {}, std::move(r.addresses)};
}

Result<Target> check_url(std::string_view text, std::string_view field, const AllowList& allow,
                         const Resolver& resolver, std::chrono::milliseconds timeout) {
  auto target = parse_target(text, field);
  if (!target) return target;
  auto vetting = vet_target(*target, allow, resolver, timeout);
  switch (vetting.outcome) {
    case Vetting::Outcome::ok:
      return target;
    case Vetting::Outcome::refused:
      return invalid(field, "forbidden_address", std::move(vetting.message));
    case Vetting::Outcome::unresolvable:
      return invalid(field, "unresolvable", std::move(vetting.message));
    case Vetting::Outcome::dns_unavailable:
      break;
  }
  std::string detail = "`";
  detail.append(field).append("`: ").append(vetting.message).append("; try again");
  return Problem::unavailable(std::move(detail));
}

}  // namespace rapport::net

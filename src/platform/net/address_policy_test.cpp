#include "platform/net/address_policy.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace rapport::net {
namespace {

IpAddress ip(const char* text) { return boost::asio::ip::make_address(text); }

struct Case {
  const char* address;
  const char* reason;  // reason(classify(address).refusal): "public" for an address that may be reached
};

// Every block of IANA's IPv4 and IPv6 special-purpose registries, an edge on each side where a
// neighbour is public, and the IPv6 forms that carry an IPv4 address.
const Case kCases[] = {
    // IPv4
    {"0.0.0.0", "unspecified"},
    {"0.1.2.3", "this network"},
    {"10.0.0.5", "private"},
    {"10.255.255.255", "private"},
    {"11.0.0.1", "public"},
    {"100.63.255.255", "public"},
    {"100.64.0.1", "carrier-grade NAT"},
    {"100.127.255.254", "carrier-grade NAT"},
    {"100.128.0.1", "public"},
    {"127.0.0.1", "loopback"},
    {"127.255.255.254", "loopback"},
    {"169.254.169.254", "link-local"},  // cloud metadata services
    {"172.15.255.255", "public"},
    {"172.16.0.1", "private"},
    {"172.31.255.255", "private"},
    {"172.32.0.1", "public"},
    {"192.0.0.8", "IETF protocol assignment"},
    {"192.0.2.1", "documentation"},
    {"192.31.196.1", "public"},  // AS112-v4: globally reachable
    {"192.88.99.1", "6to4 relay anycast"},
    {"192.168.1.1", "private"},
    {"192.169.0.1", "public"},
    {"198.18.0.1", "benchmarking"},
    {"198.19.255.255", "benchmarking"},
    {"198.20.0.1", "public"},
    {"198.51.100.7", "documentation"},
    {"203.0.113.9", "documentation"},
    {"224.0.0.1", "multicast"},
    {"239.255.255.250", "multicast"},
    {"240.0.0.1", "reserved"},
    {"255.255.255.254", "reserved"},
    {"255.255.255.255", "broadcast"},
    {"8.8.8.8", "public"},
    {"1.1.1.1", "public"},
    {"223.255.255.255", "public"},
    // IPv6
    {"::", "unspecified"},
    {"::1", "loopback"},
    {"::ffff:127.0.0.1", "loopback"},  // IPv4-mapped
    {"::ffff:10.0.0.5", "private"},
    {"::ffff:169.254.169.254", "link-local"},
    {"::ffff:8.8.8.8", "public"},
    {"::127.0.0.1", "loopback"},  // IPv4-compatible, deprecated
    {"::8.8.8.8", "IPv4-compatible"},
    {"::ffff:0:8.8.8.8", "reserved"},  // IPv4-translated (RFC 2765), not global unicast
    {"64:ff9b::10.0.0.5", "private"},  // NAT64 well-known prefix
    {"64:ff9b::7f00:1", "loopback"},
    {"64:ff9b::8.8.8.8", "public"},
    {"64:ff9b:1::1", "local-use translation"},
    {"100::1", "discard-only"},
    {"2001:0:808:808::f7ff:fffe", "public"},  // Teredo: server 8.8.8.8, client 8.0.0.1 (inverted)
    {"2001:0:808:808::f5ff:fffe", "private"},  // Teredo: client 10.0.0.1
    {"2001:1::1", "public"},                            // PCP anycast
    {"2001:1::4", "IETF protocol assignment"},
    {"2001:2::1", "benchmarking"},
    {"2001:3::1", "public"},   // AMT
    {"2001:10::1", "IETF protocol assignment"},  // ORCHID (deprecated)
    {"2001:20::1", "public"},  // ORCHIDv2
    {"2001:db8::1", "documentation"},
    {"2002:a00:5::1", "private"},        // 6to4 carrying 10.0.0.5
    {"2002:7f00:1::1", "loopback"},      // 6to4 carrying 127.0.0.1
    {"2002:808:808::1", "public"},       // 6to4 carrying 8.8.8.8
    {"2606:4700:4700::1111", "public"},
    {"2a00:1450:4001:80b::200e", "public"},
    {"3fff::1", "documentation"},
    {"5f00::1", "reserved"},
    {"fc00::1", "unique local"},
    {"fd12:3456:789a::1", "unique local"},
    {"fe80::1", "link-local"},
    {"febf::1", "link-local"},
    {"fec0::1", "site-local"},
    {"ff02::1", "multicast"},
    {"4000::1", "reserved"},
};

TEST(AddressPolicy, ClassifiesEveryRegistryBlock) {
  static_assert(std::size(kCases) >= 40);
  for (const auto& c : kCases)
    EXPECT_EQ(reason(classify(ip(c.address)).refusal), c.reason) << c.address;
}

TEST(AddressPolicy, TeredoIsJudgedByTheServerAndTheClientItCarries) {
  // 2001:0:SSSS:SSSS:flags:port:CCCC:CCCC with the client's address inverted (RFC 4380).
  // Server 8.8.8.8, client ~f5ff:fffe = 10.0.0.1: private.
  auto v = classify(ip("2001:0:808:808::f5ff:fffe"));
  EXPECT_EQ(v.refusal, Refusal::private_use);
  EXPECT_EQ(v.form, "Teredo");
  EXPECT_EQ(v.embedded->to_string(), "10.0.0.1");
  // Server 127.0.0.1.
  EXPECT_EQ(classify(ip("2001:0:7f00:1::f7f7:f7f7")).refusal, Refusal::loopback);
  // Server 8.8.8.8, client ~f7ff:fffe = 8.0.0.1: public.
  EXPECT_TRUE(classify(ip("2001:0:808:808::f7ff:fffe")).is_public());
}

TEST(AddressPolicy, DescribesTheAddressAndWhatItCarries) {
  EXPECT_EQ(describe(ip("10.0.0.5"), classify(ip("10.0.0.5"))), "10.0.0.5, a private address");
  EXPECT_EQ(describe(ip("::ffff:10.0.0.5"), classify(ip("::ffff:10.0.0.5"))),
            "::ffff:10.0.0.5 (IPv4-mapped 10.0.0.5), a private address");
  EXPECT_EQ(describe(ip("2002:7f00:1::1"), classify(ip("2002:7f00:1::1"))),
            "2002:7f00:1::1 (6to4 127.0.0.1), a loopback address");
  EXPECT_EQ(describe(ip("8.8.8.8"), classify(ip("8.8.8.8"))), "8.8.8.8, a public address");
}

TEST(AllowList, MatchesNamesExactlyAndAddressesInAnyForm) {
  AllowList allow({"Hooks.Internal.", "10.0.0.5", "[fd00::1]", " 192.168.1.2 "});
  EXPECT_TRUE(allow.allows_host("hooks.internal"));
  EXPECT_FALSE(allow.allows_host("api.hooks.internal")) << "no wildcards";
  EXPECT_FALSE(allow.allows_host("internal"));
  EXPECT_TRUE(allow.allows_host("10.0.0.5"));
  EXPECT_TRUE(allow.allows_host("fd00::1"));
  EXPECT_TRUE(allow.allows_host("fd00:0:0::1"));
  EXPECT_TRUE(allow.allows_address(ip("::ffff:10.0.0.5"))) << "the mapped form is the same address";
  EXPECT_TRUE(allow.allows_address(ip("192.168.1.2")));
  EXPECT_FALSE(allow.allows_address(ip("10.0.0.6")));
  EXPECT_EQ(allow.entries(), (std::vector<std::string>{"hooks.internal", "10.0.0.5", "fd00::1", "192.168.1.2"}));
  EXPECT_TRUE(AllowList().empty());
}

TEST(AllowList, RefusesEntriesThatAreNotHosts) {
  for (const std::string& bad : std::vector<std::string>{"http://hooks.internal", "hooks.internal:8080",
                                                         "*.example.com", "hooks.internal/x", "", "a..b", "-a.example",
                                                         "user@host", std::string(64, 'a')}) {
    try {
      AllowList({bad});
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("'" + bad + "'"), std::string::npos) << e.what();
    }
  }
}

TEST(AllowList, FlagsWinOverTheEnvironmentsCommaSeparatedList) {
  auto from_env = AllowList::from_options({}, " localhost, 127.0.0.1,,hooks.internal ");
  EXPECT_EQ(from_env.entries(), (std::vector<std::string>{"localhost", "hooks.internal", "127.0.0.1"}));
  auto from_flags = AllowList::from_options({"receiver.test"}, "localhost");
  EXPECT_TRUE(from_flags.allows_host("receiver.test"));
  EXPECT_FALSE(from_flags.allows_host("localhost"));
  EXPECT_TRUE(AllowList::from_options({}, "").empty());
  EXPECT_THROW(AllowList::from_options({}, "ok.example, bad host"), std::invalid_argument);
}

}  // namespace
}  // namespace rapport::net

// SMTP connections reused across messages (platform/net/smtp_connections.hpp), against the local
// SMTP server (email_smtp_server.hpp), which names in each envelope the connection it came on:
// messages of one owner share a connection, another owner's never do, a dropped connection is
// replaced without losing or doubling a message, a failed send closes its connection. The pool's
// bounds: src/platform/net/smtp_connections_test.cpp; a campaign's 9,400 messages on at most 16
// connections: Campaigns.TenThousandRecipientsAreMailedExceptExactlyThoseWithoutConsentOrSuppressed.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>
#include <thread>

#include "email_smtp_server.hpp"
#include "platform/net/smtp_client.hpp"

namespace rapport::testing {
namespace {

net::SmtpClient client() { return net::SmtpClient(net::SmtpClient::Options{.allow = net::AllowList({"127.0.0.1"})}); }

net::SmtpRequest message(const SmtpServer& smtp, const std::string& owner, int n) {
  net::SmtpRequest r;
  r.connection_owner = owner;
  r.server.host = "127.0.0.1";
  r.server.port = static_cast<std::uint16_t>(smtp.port());
  r.server.literal = boost::asio::ip::make_address("127.0.0.1");
  r.security = "none";
  r.from = "news@rapport.example";
  r.recipients = {"r" + std::to_string(n) + "@example.org"};
  r.message = "From: news@rapport.example\r\nTo: r" + std::to_string(n) + "@example.org\r\nSubject: " + std::to_string(n) +
              "\r\n\r\nHello\r\n";
  return r;
}

std::multiset<std::string> recipients(const std::vector<ReceivedMail>& mail) {
  std::multiset<std::string> out;
  for (const auto& m : mail) out.insert(std::string(boost::json::parse(m.envelope).at("rcpt_tos").as_array()[0].as_string()));
  return out;
}

TEST(SmtpConnections, OneOwnersMessagesShareAConnectionAnotherOwnerGetsItsOwn) {
  SmtpServer smtp;
  auto c = client();
  for (int i = 0; i < 5; ++i) {
    auto r = c.send(message(smtp, "workspace-a", i));
    ASSERT_TRUE(r.sent) << r.error;
    EXPECT_EQ(r.reply_code, 250);
  }
  EXPECT_EQ(smtp.wait_for(5).size(), 5u);
  EXPECT_EQ(smtp.connections(), 1u);
  EXPECT_EQ(c.connections_opened(), 1);
  EXPECT_EQ(c.connections_idle(), 1u);
  // Another workspace with the very same server and settings: its own connection, kept beside.
  ASSERT_TRUE(c.send(message(smtp, "workspace-b", 5)).sent);
  EXPECT_EQ(smtp.wait_for(6).size(), 6u);
  EXPECT_EQ(smtp.connections(), 2u);
  EXPECT_EQ(c.connections_idle(), 2u);
}

TEST(SmtpConnections, ADroppedConnectionIsReplacedWithNoMessageLostOrSentTwice) {
  SmtpServer smtp("accept", "", "", {}, 2);  // closes each connection after its second message
  auto c = client();
  for (int i = 0; i < 7; ++i) {
    auto r = c.send(message(smtp, "workspace-a", i));
    ASSERT_TRUE(r.sent) << i << ": " << r.error;
    // The server drops it meanwhile (0.1 s after its reply; the rest is room for a loaded machine).
    std::this_thread::sleep_for(std::chrono::milliseconds(700));
  }
  smtp.wait_for(7);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // time for a message sent twice to arrive
  const auto to = recipients(smtp.wait_for(7));
  EXPECT_EQ(to.size(), 7u) << "a message went twice";
  EXPECT_EQ(std::set<std::string>(to.begin(), to.end()).size(), 7u);
  EXPECT_EQ(smtp.connections(), 4u);  // 2 + 2 + 2 + 1
  EXPECT_EQ(c.connections_opened(), 4);
}

TEST(SmtpConnections, AFailedSendClosesItsConnection) {
  SmtpServer smtp("refuse");  // 451 to every recipient
  auto c = client();
  for (int i = 0; i < 3; ++i) {
    auto r = c.send(message(smtp, "workspace-a", i));
    EXPECT_FALSE(r.sent);
    EXPECT_EQ(r.reply_code, 451) << r.error;
  }
  EXPECT_EQ(c.connections_opened(), 3);
  EXPECT_EQ(c.connections_idle(), 0u);
}

}  // namespace
}  // namespace rapport::testing

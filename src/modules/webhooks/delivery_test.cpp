// The pure parts of a delivery: the retry schedule (Standard Webhooks' suggestion, scalable for
// tests), the rule that disables a webhook failing for 5 days, the request body, the job payload and
// the bounded response excerpt.
#include <gtest/gtest.h>

#include "modules/webhooks/payload.hpp"
#include "modules/webhooks/schedule.hpp"
#include "modules/webhooks/webhook.hpp"

namespace rapport::webhooks {
namespace {
namespace json = boost::json;
using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

TEST(RetrySchedule, FollowsTheSpecificationsSuggestion) {
  const std::vector<milliseconds> expected = {seconds(5), minutes(5), minutes(30), hours(2), hours(5), hours(10), hours(10)};
  milliseconds total{0};
  for (int attempt = 1; attempt < kMaxAttempts; ++attempt) {
    auto d = retry_delay(attempt);
    ASSERT_TRUE(d) << attempt;
    EXPECT_EQ(*d, expected[static_cast<std::size_t>(attempt - 1)]) << attempt;
    total += *d;
  }
  EXPECT_FALSE(retry_delay(kMaxAttempts)) << "the 8th attempt is the last";
  EXPECT_FALSE(retry_delay(0));
  EXPECT_EQ(kMaxAttempts, 8);
  EXPECT_EQ(total, hours(27) + minutes(35) + seconds(5)) << "about 1.2 days from first to last attempt";
}

TEST(RetrySchedule, ScalesForTests) {
  EXPECT_EQ(*retry_delay(1, {.scale = 0.001}), milliseconds(5));
  EXPECT_EQ(*retry_delay(7, {.scale = 0.00001}), milliseconds(360));
}

TEST(DisableRule, FiveDaysOfFailuresDisable) {
  const int64_t now = 1'800'000'000'000;
  const int64_t day = 24 * 3600 * 1000LL;
  EXPECT_FALSE(should_disable(std::nullopt, now)) << "not failing";
  EXPECT_FALSE(should_disable(now - 4 * day, now));
  EXPECT_FALSE(should_disable(now - 5 * day + 1, now));
  EXPECT_TRUE(should_disable(now - 5 * day, now));
  EXPECT_TRUE(should_disable(now - 30 * day, now));
  EXPECT_TRUE(should_disable(now - 5 * day / 1000, now, {.scale = 0.001}));
  EXPECT_FALSE(should_disable(now - 4 * day / 1000, now, {.scale = 0.001}));
}

DeliveryJob job() {
  return {.webhook_id = "w1", .message_id = "msg_1", .event_id = 42, .event_type = "contact.created",
          .object_type = "contacts", .object_id = "c1", .occurred_at = "2026-01-02T03:04:05.006Z"};
}

TEST(Payload, TheBodyCarriesTypeTimestampAndTheRecord) {
  auto body = json::parse(request_body(job(), std::string(R"({"id":"c1","last_name":"Doe"})")));
  EXPECT_EQ(body, (json::object{{"type", "contact.created"},
                                {"timestamp", "2026-01-02T03:04:05.006Z"},
                                {"data", json::object{{"id", "c1"}, {"last_name", "Doe"}}}}));
}

TEST(Payload, WithoutARecordOnlyItsIdAndObjectType) {
  DeliveryJob j = job();
  j.event_type = "contact.deleted";
  auto body = json::parse(request_body(j, std::nullopt));
  EXPECT_EQ(body.at("data"), (json::object{{"id", "c1"}, {"object_type", "contacts"}}));
  EXPECT_EQ(body.at("type"), "contact.deleted");
}

TEST(Payload, TheJobPayloadRoundTripsAndRefusesMalformedOnes) {
  auto back = DeliveryJob::from_json(job().to_json());
  ASSERT_TRUE(back);
  EXPECT_EQ(back->to_json(), job().to_json());
  json::object missing = job().to_json();
  missing.erase("webhook_id");
  EXPECT_FALSE(DeliveryJob::from_json(missing));
  json::object dotted = job().to_json();
  dotted["message_id"] = "msg.1";
  EXPECT_FALSE(DeliveryJob::from_json(dotted)) << "a '.' would break the signed content";
  EXPECT_FALSE(DeliveryJob::from_json(json::array{}));
}

TEST(Payload, MessageIdsAreUniqueWithoutDots) {
  auto a = new_message_id(), b = new_message_id();
  EXPECT_NE(a, b);
  EXPECT_EQ(a.rfind("msg_", 0), 0u);
  EXPECT_EQ(a.find('.'), std::string::npos);
  EXPECT_EQ(a.find('-'), std::string::npos);
}

TEST(Excerpt, IsBoundedAndValidUtf8) {
  EXPECT_EQ(excerpt("ok"), "ok");
  EXPECT_EQ(excerpt(std::string(5000, 'x')).size(), kMaxExcerptBytes);
  // A two-byte character across the limit is left out whole.
  std::string s(kMaxExcerptBytes - 1, 'x');
  s += "\xC3\xA9tail";
  EXPECT_EQ(excerpt(s), std::string(kMaxExcerptBytes - 1, 'x'));
  EXPECT_EQ(excerpt("a\xff" "b"), "a\xEF\xBF\xBD" "b");
}

}  // namespace
}  // namespace rapport::webhooks

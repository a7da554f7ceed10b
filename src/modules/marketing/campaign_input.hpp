// The bodies and queries of the campaign routes, their shape only (types, lengths, bounds, unknown
// keys), each failure a field error of one 422. What needs the workspace (the segments and lists
// named, the sender, the merge fields) is the service's (campaign_service.hpp).
#pragma once
#include <boost/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "modules/marketing/campaign.hpp"
#include "modules/marketing/campaign_attribution.hpp"
#include "platform/problem.hpp"

namespace rapport::marketing {

// POST (creating: name required) and PATCH of a campaign; absent members leave it as it is.
// subject, html and text may be "" (a draft); they are required when it is sent. utm: null, or
// {"source"?, "medium"?, "campaign"?} (each at most kMaxUtmChars printable characters; absent or
// empty: its default).
struct CampaignChange {
  std::optional<std::string> name, subject, from, html, text;
  std::optional<Audience> audience;
  std::optional<int64_t> rate_per_minute;
  std::optional<std::optional<Utm>> utm;  // null: no UTM parameters
};
Result<CampaignChange> read_campaign_body(const boost::json::object& body, bool creating);

// POST /api/v1/campaigns/{id}/send: {"scheduled_at"?}: absent or past: now; at most a year ahead.
// now_ms: the time it is read at.
Result<std::optional<int64_t>> read_send_body(const boost::json::object& body, int64_t now_ms);

// POST /api/v1/campaigns/{id}/test-send: {"to": [1..kMaxTestAddresses addresses], "contact_id"?}:
// the message rendered with that contact's values (none: merge fields render empty).
constexpr std::size_t kMaxTestAddresses = 5;
struct TestSend {
  std::vector<std::string> to;
  std::string contact_id;
};
Result<TestSend> read_test_send_body(const boost::json::object& body);

// GET /api/v1/campaigns/{id}/recipients: state (one of the recipient states), limit (1..500,
// default 100), cursor (the previous page's next_cursor). 400 naming the parameter otherwise.
struct RecipientQuery {
  std::optional<std::string> state;
  int limit = 100;
  std::string after;  // the last contact id of the previous page
};
Result<RecipientQuery> read_recipient_query(const std::vector<std::pair<std::string, std::string>>& query);

// GET /api/v1/campaigns/{id}/report?model=&window_days=: the attribution's model (last_touch,
// first_touch) and window (1..kMaxAttributionDays); 400 otherwise.
Result<AttributionQuery> read_report_query(const std::vector<std::pair<std::string, std::string>>& query);

}  // namespace rapport::marketing

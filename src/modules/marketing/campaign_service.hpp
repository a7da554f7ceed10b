// The rules of campaigns, each use case one transaction:
// - who: reading a campaign (its definition) is for roles that read contacts, as segments are; every
//   write, the test send, the recipients and the report are for those who manage audiences (an admin
//   or a role exporting every contact: marketing), 403 for anyone else before a body is read;
// - a draft is saved with what it has (name unique case-insensitively: 409 naming the other; at most
//   kMaxCampaigns a workspace: 409); what it names is checked at every save: the segments and lists
//   of the audience exist (422 naming audience.<key>.<i>), its merge fields are contact fields (422
//   naming subject, text or html), `from` is the workspace's sender (email settings; 422 `from`);
//   only a draft changes (409 after it was sent);
// - send (draft only, 409 otherwise) needs a subject, a body, an audience (422 naming each) and the
//   workspace's email settings (409); it becomes `scheduled` and a campaign.freeze job is enqueued for
//   scheduled_at (or now) in the same transaction; pause (scheduled or sending) and resume (paused)
//   change the status, resume enqueueing the job that carries on (campaign_jobs.hpp);
// - delete: not while scheduled or sending (409: pause first); its recipients go with it;
// - every write is audited (object "campaigns"); send, pause and resume take If-Match when given.
#pragma once
#include <boost/json.hpp>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "modules/marketing/campaign.hpp"
#include "modules/marketing/campaign_input.hpp"
#include "modules/marketing/segment_service.hpp"
#include "modules/marketing/tracking_link_cache.hpp"
#include "platform/db/database.hpp"
#include "platform/net/address_policy.hpp"
#include "platform/net/resolver.hpp"
#include "platform/net/smtp_client.hpp"
#include "platform/records/store.hpp"
#include "platform/vault.hpp"

namespace rapport::marketing {

// What sending needs: the outbound policy of the SMTP host (the webhooks' allow-list), the vault
// that holds the SMTP password, and the certificate authorities of the tests (empty: the system's).
struct SmtpAccess {
  const Vault& vault;
  net::AllowList allow;
  net::Resolver resolver = net::resolve_system;
  std::string ca_file;
  // Where recipients reach this server (--public-url, no trailing slash): a campaign's tracked links,
  // open pixel and unsubscribe page are under it. Empty: campaigns cannot be sent (422 at send).
  std::string public_url;
};

class CampaignService {
 public:
  // `links`: the tracked links this node followed (tracking_routes.hpp), forgotten for a campaign
  // deleted here; null: none kept.
  CampaignService(db::Database& db, const records::Store& contacts, const records::ObjectSpec& companies, SmtpAccess smtp,
                  std::shared_ptr<LinkCache> links = nullptr);

  Result<std::vector<Campaign>> list(const identity::Context& ctx);
  Result<Campaign> get(const identity::Context& ctx, const std::string& id);
  Result<Campaign> create(const identity::Context& ctx, const CampaignChange& in);
  Result<Campaign> update(const identity::Context& ctx, const std::string& id, const CampaignChange& in, std::string_view if_match);
  Status remove(const identity::Context& ctx, const std::string& id, std::string_view if_match);

  Result<Campaign> send(const identity::Context& ctx, const std::string& id, std::optional<int64_t> at_ms, std::string_view if_match);
  Result<Campaign> pause(const identity::Context& ctx, const std::string& id, std::string_view if_match);
  Result<Campaign> resume(const identity::Context& ctx, const std::string& id, std::string_view if_match);
  // {"sent": bool, "to": [...], "error"?}: the message rendered for in.contact_id (none: empty
  // merge fields) sent now to in.to, subject marked [Test]; the campaign is unchanged. 422 naming
  // contact_id when it names no live contact; 409 without email settings.
  Result<boost::json::object> test_send(const identity::Context& ctx, const std::string& id, const TestSend& in);
  // {"data": [recipients], "next_cursor"}.
  Result<boost::json::object> recipients(const identity::Context& ctx, const std::string& id, const RecipientQuery& q);
  // Counts by state and skip reason, rates, and attribution (null: not computed yet).
  // Counts, results and rates, and the deals it influenced under `q` (campaign_attribution.hpp).
  Result<boost::json::object> report(const identity::Context& ctx, const std::string& id, const AttributionQuery& q);
  // {"campaign_id", "contacts", "will_receive", "excluded": {no_email, no_consent, suppressed}}: who
  // of the audience as it is now the send would mail (audience_reach.hpp), read as the freeze reads
  // it. 409 when a segment or list of it is gone or no longer compiles.
  Result<boost::json::object> audience_reach(const identity::Context& ctx, const std::string& id);

 private:
  Status check_stored(db::Connection& c, const identity::Context& ctx, const Campaign& v) const;

  db::Database& db_;
  const records::Store& contacts_;
  SegmentService segments_;
  SmtpAccess smtp_;
  std::shared_ptr<net::SmtpClient> client_;
  std::shared_ptr<LinkCache> links_;
};

bool manages_campaigns(const identity::Context& ctx);
Problem cannot_manage_campaigns();

}  // namespace rapport::marketing

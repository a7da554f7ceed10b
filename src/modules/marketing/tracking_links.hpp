// A campaign message made trackable, in the transaction that prepares it (the campaigns' seam
// prepare_campaign_message calls this): its http(s) links registered in tracking_links (a URL the
// campaign already has keeps its index), each replaced by this server's /t/c/{token}, and an open
// pixel /t/o/{token} added; and the address of the recipient's unsubscribe page with the
// List-Unsubscribe headers (RFC 2369, RFC 8058) that point to it. Tokens: tracking_token.hpp.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "modules/marketing/tracking_html.hpp"
#include "platform/db/connection.hpp"
#include "platform/problem.hpp"
#include "platform/vault.hpp"

namespace rapport::marketing {

// What the server brings: the vault that seals tokens and the address recipients reach it at
// (--public-url: scheme://host[/prefix], no trailing slash; empty on a server without one).
struct TrackingSetup {
  const Vault& vault;
  std::string public_url;
};

// One recipient's message of a campaign.
struct TrackedMessage {
  std::string workspace_id, campaign_id, contact_id;  // UUIDs
  Utm utm;                  // added to each link when not empty
  bool open_pixel = true;   // add the open pixel
  int64_t now_ms = 0;       // when it is prepared (the tokens carry it: a bot's instant open or click is flagged)
};

// The HTML with its links tracked and the pixel added. 422 naming `html` for more than
// kMaxTrackedLinks http(s) links or a URL (with its UTM parameters) longer than kMaxTrackedUrl;
// `public_url` when the server has none. Nothing is registered then (the caller's transaction
// rolls back what it wrote).
Result<std::string> register_links(db::Connection& tx, const TrackingSetup& setup, const TrackedMessage& m, std::string_view html);

// The URL a campaign's link idx leads to, or nullopt.
std::optional<std::string> stored_link(db::Connection& c, const std::string& workspace_id, const std::string& campaign_id,
                                       int64_t idx);

// The recipient's unsubscribe page: <public_url>/u/<token>.
std::string unsubscribe_url(const TrackingSetup& setup, const TrackedMessage& m);

// The values of the List-Unsubscribe and List-Unsubscribe-Post headers of the recipient's message:
// "<https://…/u/<token>>" and "List-Unsubscribe=One-Click" (RFC 8058: the mail client POSTs that
// body to the URL, which withdraws the email_marketing consent at once).
struct ListUnsubscribeHeaders {
  std::string list_unsubscribe, list_unsubscribe_post;
};
ListUnsubscribeHeaders list_unsubscribe_headers(const TrackingSetup& setup, const TrackedMessage& m);

}  // namespace rapport::marketing

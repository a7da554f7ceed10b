#include "modules/marketing/tracking_links.hpp"

#include "modules/marketing/tracking_token.hpp"
#include "platform/clock.hpp"

namespace rapport::marketing {

namespace {

constexpr int kRegisterTries = 5;

TokenClaims claims_of(const TrackedMessage& m, TokenKind kind, uint32_t link = 0) {
  return {kind, m.workspace_id, m.campaign_id, m.contact_id, m.now_ms / 1000, link};
}

std::string url_of(const TrackingSetup& setup, std::string_view route, const std::string& token) {
  std::string out = setup.public_url;
  out += route;
  out += token;
  return out;
}

// The campaign's index of url, registering it after the last one when new. A concurrent transaction
// (PostgreSQL) may take the next index for another URL: the insert then does nothing and is tried
// again; the unique URL index makes the same URL's registrations meet on one row.
int64_t index_of(db::Connection& c, const TrackedMessage& m, const std::string& url) {
  for (int attempt = 0; attempt < kRegisterTries; ++attempt) {
    auto found = c.scalar("SELECT idx FROM tracking_links WHERE workspace_id = ? AND campaign_id = ? AND url = ?",
                          {m.workspace_id, m.campaign_id, url});
    if (auto* idx = std::get_if<int64_t>(&found)) return *idx;
    c.prepare(
         "INSERT INTO tracking_links(workspace_id, campaign_id, idx, url, created_at) "
         "SELECT ?, ?, COALESCE(MAX(idx), -1) + 1, ?, ? FROM tracking_links WHERE workspace_id = ? AND campaign_id = ? "
         "ON CONFLICT DO NOTHING")
        .bind_all({m.workspace_id, m.campaign_id, url, clock::format_ms(m.now_ms), m.workspace_id, m.campaign_id})
        .run();
  }
  throw std::runtime_error("could not register a tracked link: concurrent registrations kept taking its index");
}

}  // namespace

Result<std::string> register_links(db::Connection& tx, const TrackingSetup& setup, const TrackedMessage& m, std::string_view html) {
  if (setup.public_url.empty())
    return Problem::invalid({{"public_url", "required",
                              "the server has no --public-url: tracked links and unsubscribe links need the address "
                              "recipients reach it at"}});
  const auto links = find_links(html);
  if (links.size() > kMaxTrackedLinks)
    return Problem::invalid({{"html", "too_many_links",
                              "holds " + std::to_string(links.size()) + " http(s) links; a tracked message has at most " +
                                  std::to_string(kMaxTrackedLinks)}});
  std::vector<std::string> targets;
  targets.reserve(links.size());
  for (const auto& l : links) {
    targets.push_back(m.utm.empty() ? l.url : with_utm(l.url, m.utm));
    if (targets.back().size() > kMaxTrackedUrl)
      return Problem::invalid({{"html", "link_too_long",
                                "holds a link of " + std::to_string(targets.back().size()) +
                                    " bytes; a tracked link has at most " + std::to_string(kMaxTrackedUrl)}});
  }
  std::vector<std::string> hrefs;
  hrefs.reserve(links.size());
  for (const auto& url : targets) {
    const int64_t idx = index_of(tx, m, url);
    hrefs.push_back(url_of(setup, "/t/c/", make_token(setup.vault, claims_of(m, TokenKind::Click, static_cast<uint32_t>(idx)))));
  }
  std::string out = replace_links(html, links, hrefs);
  if (m.open_pixel) out = with_open_pixel(out, url_of(setup, "/t/o/", make_token(setup.vault, claims_of(m, TokenKind::Open))));
  return out;
}

std::optional<std::string> stored_link(db::Connection& c, const std::string& workspace_id, const std::string& campaign_id,
                                       int64_t idx) {
  auto v = c.scalar("SELECT url FROM tracking_links WHERE workspace_id = ? AND campaign_id = ? AND idx = ?",
                    {workspace_id, campaign_id, idx});
  if (auto* url = std::get_if<std::string>(&v)) return *url;
  return std::nullopt;
}

std::string unsubscribe_url(const TrackingSetup& setup, const TrackedMessage& m) {
  return url_of(setup, "/u/", make_token(setup.vault, claims_of(m, TokenKind::Unsubscribe)));
}

ListUnsubscribeHeaders list_unsubscribe_headers(const TrackingSetup& setup, const TrackedMessage& m) {
  std::string url = "<";  // += : GCC 12 warns falsely on "literal" + std::string
  url += unsubscribe_url(setup, m);
  url += '>';
  return {std::move(url), "List-Unsubscribe=One-Click"};
}

}  // namespace rapport::marketing

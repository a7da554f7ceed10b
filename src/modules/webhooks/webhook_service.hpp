// The rules of webhooks, each use case one transaction; only admins (Context::is_admin()) see or
// change them (403 for anyone else, before any lookup), and another workspace's webhook is 404.
// - a URL is checked against the SSRF policy (net::check_url with the operator's allow-list) before
//   anything is stored: 422 naming `url` (503 when DNS does not answer);
// - a filter is checked on the webhook as it would be stored (filter.hpp check_filter: the object of
//   its event types, each condition compiled as that object's list, no field hidden from the admin
//   making the change or from the creator): 422 naming filter, nothing stored;
// - the signing secret (whsec_...) is made by the server, sealed by the vault under "webhook:<id>",
//   and shown only in the answers of create and rotate_secret; rotation keeps the previous secret
//   signing for kRotationGrace;
// - every write is audited (object "webhooks") without any secret; a PATCH that changes nothing
//   writes nothing; enabling a webhook again clears its disabled_reason and failure count;
// - redelivery enqueues a new webhook.deliver job of the same event with the same message id.
#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "modules/webhooks/filter.hpp"
#include "modules/webhooks/webhook.hpp"
#include "modules/webhooks/webhook_input.hpp"
#include "platform/db/database.hpp"
#include "platform/identity/context.hpp"
#include "platform/net/address_policy.hpp"
#include "platform/net/resolver.hpp"
#include "platform/vault.hpp"

namespace rapport::webhooks {

inline constexpr std::chrono::hours kRotationGrace{24};

struct WithSecret {
  Webhook webhook;
  std::string secret;  // whsec_...
};

struct DeliveryPage {
  std::vector<Delivery> data;
  std::optional<std::string> next_cursor;
};

struct Redelivery {
  std::string job_id, message_id;
};

class WebhookService {
 public:
  WebhookService(db::Database& db, const Vault& vault, Specs specs, net::AllowList allow,
                 net::Resolver resolver = net::resolve_system)
      : db_(db), vault_(vault), specs_(std::move(specs)), allow_(std::move(allow)), resolver_(std::move(resolver)) {}

  Result<std::vector<Webhook>> list(const identity::Context& ctx);
  Result<Webhook> get(const identity::Context& ctx, const std::string& id);
  // 409 beyond kMaxWebhooks per workspace.
  Result<WithSecret> create(const identity::Context& ctx, const WebhookChange& in);
  // if_match: the ETag the caller read (empty: none); a stale one is 412.
  Result<Webhook> update(const identity::Context& ctx, const std::string& id, const WebhookChange& in, std::string_view if_match);
  Status remove(const identity::Context& ctx, const std::string& id, std::string_view if_match);
  Result<WithSecret> rotate_secret(const identity::Context& ctx, const std::string& id);
  // limit: 1..500; cursor: next_cursor of the previous page (400 when malformed).
  Result<DeliveryPage> deliveries(const identity::Context& ctx, const std::string& id, int limit, std::string_view cursor);
  // 409 when the webhook is disabled.
  Result<Redelivery> redeliver(const identity::Context& ctx, const std::string& id, const std::string& delivery_id);

 private:
  Status check_url(const std::string& url) const;

  db::Database& db_;
  const Vault& vault_;
  Specs specs_;
  net::AllowList allow_;
  net::Resolver resolver_;
};

// The vault context a webhook's secrets are sealed under.
std::string secret_context(const std::string& webhook_id);

}  // namespace rapport::webhooks

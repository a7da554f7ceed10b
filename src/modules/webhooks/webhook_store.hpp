// The SQL of webhooks and their delivery log (tables of migration 0021; the filter column of 0026). Every statement names the
// workspace, so no call reaches another workspace's rows.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "modules/webhooks/webhook.hpp"
#include "platform/db/connection.hpp"

namespace rapport::webhooks::store {

std::optional<Webhook> find(db::Connection& c, const std::string& workspace_id, const std::string& id);
// Oldest first (a workspace has at most kMaxWebhooks).
std::vector<Webhook> list(db::Connection& c, const std::string& workspace_id);
// The enabled webhooks of a workspace: who hears its events.
std::vector<Webhook> enabled(db::Connection& c, const std::string& workspace_id);
int64_t count(db::Connection& c, const std::string& workspace_id);
void insert(db::Connection& c, const Webhook& w);
// Writes every changeable column of `w` (the caller bumped version and updated_at).
void update(db::Connection& c, const Webhook& w);
// Deletes the webhook and its delivery log.
void remove(db::Connection& c, const std::string& workspace_id, const std::string& id);

// The outcome of an attempt on the webhook's failure count: a success clears it, a failure adds
// one (and starts failing_since when it is the first). Returns the webhook as it is after, or
// nullopt when it is gone.
std::optional<Webhook> count_attempt(db::Connection& c, const std::string& workspace_id, const std::string& id,
                                     bool succeeded, const std::string& now);

void insert_delivery(db::Connection& c, const Delivery& d);
std::optional<Delivery> find_delivery(db::Connection& c, const std::string& workspace_id, const std::string& webhook_id,
                                      const std::string& id);
// Newest first, `limit` rows after the delivery `after_id` (ids are UUIDv7: time order).
std::vector<Delivery> deliveries(db::Connection& c, const std::string& workspace_id, const std::string& webhook_id,
                                 int limit, const std::optional<std::string>& after_id);

}  // namespace rapport::webhooks::store

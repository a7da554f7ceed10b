#include "modules/webhooks/webhook_service.hpp"

#include "modules/webhooks/creator.hpp"
#include "modules/webhooks/payload.hpp"
#include "modules/webhooks/webhook_store.hpp"
#include "platform/clock.hpp"
#include "platform/http/api.hpp"
#include "platform/ids.hpp"
#include "platform/jobs/enqueue.hpp"
#include "platform/journal.hpp"
#include "platform/net/standard_webhooks.hpp"
#include "platform/net/url_check.hpp"
#include "platform/records/keyset.hpp"

namespace rapport::webhooks {
namespace json = boost::json;

namespace {

const Problem kNotAdmin = Problem::forbidden("Only an admin can see and change the workspace's webhooks");

Problem not_found(const std::string& id) { return Problem::not_found("No webhook " + id + " in this workspace"); }

json::array types_json(const std::vector<std::string>& types) {
  json::array a;
  for (const auto& t : types) a.push_back(json::value(t));
  return a;
}

// The audited fields of a webhook (never a secret).
json::object audited(const Webhook& w) {
  return json::object{{"url", w.url},
                      {"event_types", types_json(w.event_types)},
                      {"filter", w.filter},
                      {"description", w.description},
                      {"enabled", w.enabled},
                      {"disabled_reason", w.disabled_reason ? json::value(*w.disabled_reason) : json::value(nullptr)}};
}

json::array changes(const json::object& before, const json::object& after) {
  json::array out;
  for (const auto& kv : after) {
    const json::value* b = before.if_contains(kv.key());
    if (b && *b == kv.value()) continue;
    out.push_back(json::object{{"field", kv.key()}, {"before", b ? *b : json::value(nullptr)}, {"after", kv.value()}});
  }
  return out;
}

const records::keyset::Order& delivery_order() {
  static const records::keyset::Order o{.name = "webhook_deliveries", .id_type = records::keyset::Type::Text, .descending = true};
  return o;
}

}  // namespace

std::string secret_context(const std::string& webhook_id) { return "webhook:" + webhook_id; }

Status WebhookService::check_url(const std::string& url) const {
  auto target = net::check_url(url, "url", allow_, resolver_);
  if (!target) return target.take_problem();
  return ok_status();
}

Result<std::vector<Webhook>> WebhookService::list(const identity::Context& ctx) {
  if (!ctx.is_admin()) return kNotAdmin;
  return db_.read([&](db::Connection& c) { return store::list(c, ctx.workspace_id); });
}

Result<Webhook> WebhookService::get(const identity::Context& ctx, const std::string& id) {
  if (!ctx.is_admin()) return kNotAdmin;
  auto w = db_.read([&](db::Connection& c) { return store::find(c, ctx.workspace_id, id); });
  if (!w) return not_found(id);
  return std::move(*w);
}

Result<WithSecret> WebhookService::create(const identity::Context& ctx, const WebhookChange& in) {
  if (!ctx.is_admin()) return kNotAdmin;
  if (ctx.user_id.empty()) return Problem::forbidden("A webhook is created by a user, whose record scope its payloads follow");
  if (auto st = check_url(*in.url); !st) return st.problem();
  WithSecret out;
  Webhook& w = out.webhook;
  w.id = ids::uuid_v7();
  w.workspace_id = ctx.workspace_id;
  w.url = *in.url;
  w.event_types = *in.event_types;
  if (in.filter) w.filter = *in.filter;
  w.description = in.description.value_or("");
  w.enabled = in.enabled.value_or(true);
  out.secret = net::standard_webhooks::generate_secret();
  w.secret_sealed = vault_.seal(out.secret, secret_context(w.id));
  w.created_by = ctx.user_id;
  w.created_at = w.updated_at = clock::now_text();
  Status st = db_.write([&](db::Connection& c) -> Status {
    if (store::count(c, ctx.workspace_id) >= static_cast<int64_t>(kMaxWebhooks))
      return Problem::conflict("A workspace has at most " + std::to_string(kMaxWebhooks) + " webhooks");
    if (auto errors = check_filter(c, specs_, w, {&ctx}); !errors.empty()) return Problem::invalid(std::move(errors));
    store::insert(c, w);
    journal::audit(c, ctx, "webhooks", w.id, "create", changes(json::object{}, audited(w)));
    return ok_status();
  });
  if (!st) return st.problem();
  return out;
}

Result<Webhook> WebhookService::update(const identity::Context& ctx, const std::string& id, const WebhookChange& in,
                                       std::string_view if_match) {
  if (!ctx.is_admin()) return kNotAdmin;
  // The URL's check resolves names: done before the transaction, and only for a new URL.
  std::optional<Webhook> current = db_.read([&](db::Connection& c) { return store::find(c, ctx.workspace_id, id); });
  if (!current) return not_found(id);
  if (in.url && *in.url != current->url)
    if (auto st = check_url(*in.url); !st) return st.problem();
  Webhook after;
  Status st = db_.write([&](db::Connection& c) -> Status {
    auto before = store::find(c, ctx.workspace_id, id);
    if (!before) return not_found(id);
    if (!http::if_match_allows(if_match, before->version)) return Problem::precondition_failed("The webhook changed since you read it");
    after = *before;
    if (in.url) after.url = *in.url;
    if (in.event_types) after.event_types = *in.event_types;
    if (in.filter) after.filter = *in.filter;
    if (in.description) after.description = *in.description;
    if (in.enabled) after.enabled = *in.enabled;
    if (after.enabled && !before->enabled) {
      // Enabled again by a person: a fresh start.
      after.disabled_reason.reset();
      after.consecutive_failures = 0;
      after.failing_since.reset();
    }
    auto diff = changes(audited(*before), audited(after));
    if (diff.empty()) {
      after = *before;
      return ok_status();
    }
    if (in.filter || in.event_types) {
      // The filter is run as the creator: neither they nor the admin changing it may ask about a hidden field.
      auto creator = creator_context(c, ctx.workspace_id, after.created_by);
      std::vector<const identity::Context*> readers{&ctx};
      if (creator) readers.push_back(&*creator);
      if (auto errors = check_filter(c, specs_, after, readers); !errors.empty()) return Problem::invalid(std::move(errors));
    }
    after.version = before->version + 1;
    after.updated_at = clock::now_text();
    store::update(c, after);
    journal::audit(c, ctx, "webhooks", id, "update", diff);
    return ok_status();
  });
  if (!st) return st.problem();
  return after;
}

Status WebhookService::remove(const identity::Context& ctx, const std::string& id, std::string_view if_match) {
  if (!ctx.is_admin()) return kNotAdmin;
  return db_.write([&](db::Connection& c) -> Status {
    auto w = store::find(c, ctx.workspace_id, id);
    if (!w) return not_found(id);
    if (!http::if_match_allows(if_match, w->version)) return Problem::precondition_failed("The webhook changed since you read it");
    store::remove(c, ctx.workspace_id, id);
    journal::audit(c, ctx, "webhooks", id, "delete", changes(audited(*w), json::object{}));
    return ok_status();
  });
}

Result<WithSecret> WebhookService::rotate_secret(const identity::Context& ctx, const std::string& id) {
  if (!ctx.is_admin()) return kNotAdmin;
  WithSecret out;
  out.secret = net::standard_webhooks::generate_secret();
  Status st = db_.write([&](db::Connection& c) -> Status {
    auto w = store::find(c, ctx.workspace_id, id);
    if (!w) return not_found(id);
    const int64_t now = clock::now_ms();
    auto before_expiry = w->previous_secret_expires_at;
    // The secret signing until now keeps signing for the grace period; one rotated out earlier stops.
    w->previous_secret_sealed = w->secret_sealed;
    w->previous_secret_expires_at = clock::format_ms(now + std::chrono::duration_cast<std::chrono::milliseconds>(kRotationGrace).count());
    w->secret_sealed = vault_.seal(out.secret, secret_context(id));
    w->version += 1;
    w->updated_at = clock::format_ms(now);
    store::update(c, *w);
    journal::audit(c, ctx, "webhooks", id, "rotate_secret",
                   json::array{json::object{{"field", "previous_secret_expires_at"},
                                            {"before", before_expiry ? json::value(*before_expiry) : json::value(nullptr)},
                                            {"after", *w->previous_secret_expires_at}}});
    out.webhook = *w;
    return ok_status();
  });
  if (!st) return st.problem();
  return out;
}

Result<DeliveryPage> WebhookService::deliveries(const identity::Context& ctx, const std::string& id, int limit,
                                                std::string_view cursor) {
  if (!ctx.is_admin()) return kNotAdmin;
  auto after = records::keyset::parse_cursor(delivery_order(), cursor);
  if (!after) return after.take_problem();
  std::optional<std::string> after_id;
  if (*after)
    if (auto* s = std::get_if<std::string>(&(*after)->id)) after_id = *s;
  std::optional<DeliveryPage> page = db_.read([&](db::Connection& c) -> std::optional<DeliveryPage> {
    if (!store::find(c, ctx.workspace_id, id)) return std::nullopt;
    DeliveryPage p;
    p.data = store::deliveries(c, ctx.workspace_id, id, limit + 1, after_id);
    return p;
  });
  if (!page) return not_found(id);
  if (page->data.size() > static_cast<std::size_t>(limit)) {
    page->data.resize(static_cast<std::size_t>(limit));
    page->next_cursor = records::keyset::make_cursor(delivery_order(), {.value = nullptr, .id = page->data.back().id});
  }
  return std::move(*page);
}

Result<Redelivery> WebhookService::redeliver(const identity::Context& ctx, const std::string& id, const std::string& delivery_id) {
  if (!ctx.is_admin()) return kNotAdmin;
  Redelivery out;
  Status st = db_.write([&](db::Connection& c) -> Status {
    auto w = store::find(c, ctx.workspace_id, id);
    if (!w) return not_found(id);
    auto d = store::find_delivery(c, ctx.workspace_id, id, delivery_id);
    if (!d) return Problem::not_found("No delivery " + delivery_id + " of this webhook");
    if (!w->enabled) return Problem::conflict("The webhook is disabled: enable it before redelivering");
    DeliveryJob job{.webhook_id = id, .message_id = d->message_id, .event_id = d->event_id, .event_type = d->event_type,
                    .object_type = d->object_type, .object_id = d->object_id, .occurred_at = d->occurred_at};
    // One pending redelivery per delivery row: asking again while it waits adds nothing.
    out.job_id = jobs::enqueue(c, {.type = kDeliverJob, .payload = job.to_json(), .workspace_id = ctx.workspace_id,
                                   .unique_key = "redeliver:" + delivery_id});
    out.message_id = d->message_id;
    journal::audit(c, ctx, "webhooks", id, "redeliver",
                   json::array{json::object{{"field", "delivery_id"}, {"before", nullptr}, {"after", delivery_id}},
                               json::object{{"field", "message_id"}, {"before", nullptr}, {"after", d->message_id}}});
    return ok_status();
  });
  if (!st) return st.problem();
  return out;
}

}  // namespace rapport::webhooks

#include "modules/webhooks/deliver.hpp"

#include <spdlog/spdlog.h>

#include <memory>

#include "modules/webhooks/creator.hpp"
#include "modules/webhooks/event_types.hpp"
#include "modules/webhooks/payload.hpp"
#include "modules/webhooks/webhook_service.hpp"
#include "modules/webhooks/webhook_store.hpp"
#include "platform/clock.hpp"
#include "platform/identity/server_context.hpp"
#include "platform/journal.hpp"
#include "platform/net/standard_webhooks.hpp"

namespace rapport::webhooks {
namespace json = boost::json;

namespace {

using identity::server_context;

class Deliverer {
 public:
  explicit Deliverer(DeliveryDeps deps)
      : deps_(std::move(deps)), client_(net::HttpClient::Options{.allow = deps_.allow, .resolver = deps_.resolver}) {}

  jobs::Outcome run(jobs::JobContext& jc);

 private:
  Delivery delivery_of(const DeliveryJob& job, const jobs::Job& j) const {
    Delivery d = job.log_row(j.workspace_id);
    d.attempt = j.attempt;
    d.job_id = j.id;
    return d;
  }
  // Logs a delivery that sent nothing.
  jobs::Outcome skip(Delivery d, const std::string& why);
  // Disables the webhook (enabled false, the reason kept) and announces it, in c's transaction.
  static void disable(db::Connection& c, Webhook w, const std::string& reason);
  std::vector<std::string> secrets(const Webhook& w) const;

  DeliveryDeps deps_;
  net::HttpClient client_;
};

void Deliverer::disable(db::Connection& c, Webhook w, const std::string& reason) {
  const auto ctx = server_context(w.workspace_id);
  w.enabled = false;
  w.disabled_reason = reason;
  w.version += 1;
  w.updated_at = clock::now_text();
  store::update(c, w);
  journal::audit(c, ctx, "webhooks", w.id, "disable",
                 json::array{json::object{{"field", "enabled"}, {"before", true}, {"after", false}},
                             json::object{{"field", "disabled_reason"}, {"before", nullptr}, {"after", reason}}});
  journal::emit(c, ctx, "webhook.disabled", "webhooks", w.id, json::object{{"id", w.id}, {"reason", reason}});
  spdlog::warn("webhook {} of workspace {} disabled: {}", w.id, w.workspace_id, reason);
}

jobs::Outcome Deliverer::skip(Delivery d, const std::string& why) {
  d.status = "skipped";
  d.error = why;
  Status st = deps_.db.write([&](db::Connection& c) -> Status {
    if (store::find(c, d.workspace_id, d.webhook_id)) store::insert_delivery(c, d);
    return ok_status();
  });
  if (!st) return jobs::Outcome::retry("could not log the skipped delivery: " + st.problem().detail);
  return jobs::Outcome::done();
}

std::vector<std::string> Deliverer::secrets(const Webhook& w) const {
  std::vector<std::string> out;
  if (auto s = deps_.vault.open(w.secret_sealed, secret_context(w.id))) out.push_back(std::move(*s));
  if (w.previous_secret_sealed && w.previous_secret_expires_at && *w.previous_secret_expires_at > clock::now_text())
    if (auto s = deps_.vault.open(*w.previous_secret_sealed, secret_context(w.id))) out.push_back(std::move(*s));
  return out;
}

jobs::Outcome Deliverer::run(jobs::JobContext& jc) {
  const jobs::Job& j = jc.job;
  auto job = DeliveryJob::from_json(j.payload);
  if (!job) return jobs::Outcome::fail("not a webhook.deliver payload");
  Delivery d = delivery_of(*job, j);

  struct Loaded {
    std::optional<Webhook> webhook;
    std::optional<identity::Context> creator;
  };
  Loaded l = deps_.db.read([&](db::Connection& c) {
    Loaded out;
    out.webhook = store::find(c, j.workspace_id, job->webhook_id);
    if (out.webhook) out.creator = creator_context(c, j.workspace_id, out.webhook->created_by);
    return out;
  });
  // Deleted since: nothing to send, and no log to write it in.
  if (!l.webhook) return jobs::Outcome::done();
  if (!l.webhook->enabled) return skip(d, "the webhook is disabled");
  if (!l.creator) {
    const std::string reason = "its creator (user " + l.webhook->created_by + ") is no longer an active user";
    d.status = "skipped";
    d.error = "not sent: " + reason;
    Status st = deps_.db.write([&](db::Connection& c) -> Status {
      auto w = store::find(c, j.workspace_id, job->webhook_id);
      if (!w) return ok_status();
      if (w->enabled) disable(c, *w, reason);
      store::insert_delivery(c, d);
      return ok_status();
    });
    if (!st) return jobs::Outcome::retry(st.problem().detail);
    return jobs::Outcome::done();
  }

  std::optional<std::string> record;
  if (carries_record(job->event_type)) {
    auto r = deps_.read_record ? deps_.read_record(*l.creator, job->object_type, job->object_id) : std::nullopt;
    if (r && !*r) {
      const int status = r->problem().status;
      if (status == 404 || status == 403)
        return skip(d, "not sent: the record is gone or the webhook's creator may not read it");
      return jobs::Outcome::retry("reading the record failed: " + r->problem().detail);
    }
    if (r) record = std::move(**r);
  }

  auto keys = secrets(*l.webhook);
  if (keys.empty()) return jobs::Outcome::fail("the webhook's secret does not open with this master key");
  const std::string body = request_body(*job, record);
  auto h = net::standard_webhooks::headers(job->message_id, clock::now_ms() / 1000, body, keys);
  net::HttpRequest req;
  req.url = l.webhook->url;
  req.body = body;
  req.headers = {{"Content-Type", "application/json"},
                 {"webhook-id", h.id},
                 {"webhook-timestamp", h.timestamp},
                 {"webhook-signature", h.signature}};
  req.max_response_bytes = kMaxExcerptBytes;
  net::HttpResult res = client_.send(req);

  const bool ok = res.responded() && res.status >= 200 && res.status < 300;
  d.status = ok ? "succeeded" : "failed";
  if (res.status > 0) d.http_status = res.status;
  d.duration_ms = res.duration.count();
  if (!res.body.empty()) d.response_excerpt = excerpt(res.body);
  std::string error;
  if (!res.responded()) error = std::string(net::to_string(res.failure)) + ": " + res.error;
  else if (!ok) error = "the receiver answered " + std::to_string(res.status);
  if (!error.empty()) d.error = error;
  d.created_at = clock::now_text();

  Status st = deps_.db.write([&](db::Connection& c) -> Status {
    auto w = store::count_attempt(c, j.workspace_id, job->webhook_id, ok, d.created_at);
    if (!w) return ok_status();  // deleted while the request was out
    store::insert_delivery(c, d);
    if (!ok && w->enabled && w->failing_since) {
      auto since = clock::parse_datetime(*w->failing_since);
      if (since && should_disable(*since, clock::now_ms(), deps_.timing))
        disable(c, *w, "every delivery failed since " + *w->failing_since);
    }
    return ok_status();
  });
  if (!st) spdlog::warn("webhook {}: could not log delivery attempt {}: {}", job->webhook_id, j.attempt, st.problem().detail);
  if (ok) return jobs::Outcome::done();
  // Past the schedule (an admin retried a dead job): the schedule's last wait.
  auto delay = retry_delay(j.attempt, deps_.timing).value_or(*retry_delay(kMaxAttempts - 1, deps_.timing));
  return jobs::Outcome::retry(error, delay);
}

}  // namespace

jobs::JobType delivery_job_type(DeliveryDeps deps) {
  auto deliverer = std::make_shared<Deliverer>(std::move(deps));
  jobs::JobType t;
  t.name = kDeliverJob;
  t.handler = [deliverer](jobs::JobContext& jc) { return deliverer->run(jc); };
  t.max_attempts = kMaxAttempts;
  t.concurrency = 8;
  return t;
}

}  // namespace rapport::webhooks

#include "modules/marketing/campaign_jobs.hpp"

#include <algorithm>
#include <system_error>
#include <thread>
#include <vector>

#include "modules/email/smtp_route.hpp"
#include "modules/marketing/campaign_audience.hpp"
#include "modules/marketing/campaign_content.hpp"
#include "modules/marketing/campaign_store.hpp"
#include "modules/marketing/prepare_campaign_message.hpp"
#include "modules/marketing/recipient_store.hpp"
#include "modules/privacy/consents.hpp"
#include "platform/clock.hpp"
#include "platform/identity/server_context.hpp"
#include "platform/jobs/enqueue.hpp"
#include "platform/journal.hpp"

namespace rapport::marketing {
namespace json = boost::json;

namespace {

// A claim older than this, by another chain's job, is that job's lost message (it cannot still be
// in its SMTP exchange: the client gives up after 60 s).
constexpr int64_t kStaleClaimMs = 5 * 60 * 1000;

std::string campaign_of(const jobs::Job& job) {
  const auto* id = job.payload.is_object() ? job.payload.as_object().if_contains("campaign_id") : nullptr;
  return id && id->is_string() ? std::string(id->as_string()) : std::string();
}

// The campaign's status changed by the server (started, paused by itself, sent): a new version,
// audited with the server as the actor.
void save_status(db::Connection& c, const std::string& workspace_id, const Campaign& before, Campaign& after, const char* action) {
  after.version = before.version + 1;
  after.updated_at = clock::now_text();
  campaign_store::update(c, workspace_id, after);
  journal::audit(c, identity::server_context(workspace_id), "campaigns", after.id, action,
                 journal::diff(before.to_json(), after.to_json()));
}

// Pauses the campaign with the reason (the send job that met it is still the one sending).
Status pause_with(db::Connection& c, const std::string& workspace_id, const std::string& id, const std::string& job_id,
                  const std::string& why) {
  auto v = campaign_store::find(c, workspace_id, id);
  if (!v || v->status != "sending" || v->send_job_id != job_id) return ok_status();
  Campaign after = *v;
  after.status = "paused";
  after.send_job_id.clear();
  after.error = why;
  save_status(c, workspace_id, *v, after, "pause");
  return ok_status();
}

// Why the recipient is not mailed now, or nothing; `to` gets the contact's address as it is now.
std::optional<std::string> skip_reason(db::Connection& c, const std::string& workspace_id, const std::string& contact_id,
                                       std::string& to) {
  auto& st = c.prepare("SELECT email FROM contacts WHERE workspace_id = ? AND id = ? AND deleted_at IS NULL AND erased_at IS NULL");
  st.bind_all({workspace_id, contact_id});
  if (!st.step()) return "contact_deleted";
  to = st.is_null(0) ? "" : st.text(0);
  st.reset();
  if (to.empty()) return "no_email";
  if (privacy::may_contact(c, workspace_id, contact_id, "email_marketing")) return std::nullopt;
  if (privacy::is_suppressed(c, workspace_id, to)) return "suppressed";
  return "no_consent";
}

jobs::Outcome freeze(const CampaignJobDeps& d, jobs::JobContext& jc) {
  const std::string ws = jc.job.workspace_id, id = campaign_of(jc.job);
  if (id.empty()) return jobs::Outcome::fail("the payload names no campaign");
  SegmentService segments(d.db, d.contacts, d.companies);
  const identity::Context ctx = identity::server_context(ws);
  Status st = jc.finish([&](db::Connection& c) -> Status {
    auto v = campaign_store::find(c, ws, id);
    if (!v || v->status != "scheduled" || v->frozen_at) return ok_status();  // paused, deleted, or frozen already
    Campaign after = *v;
    auto sql = audience_sql(c, ws, v->audience, [&](db::Connection& cc, const json::value& f) { return segments.compile(cc, ctx, f); });
    if (!sql) {
      after.status = "paused";
      after.error = "the audience cannot be read: " + sql.problem().detail;
      save_status(c, ws, *v, after, "pause");
      return ok_status();
    }
    const std::string now = clock::now_text();
    recipient_store::freeze(c, ws, id, *sql, now);
    after.status = "sending";
    after.frozen_at = now;
    after.send_job_id = enqueue_send_batch(c, ws, id, clock::now_ms());
    save_status(c, ws, *v, after, "start");
    return ok_status();
  });
  if (!st) return jobs::Outcome::retry("the audience could not be frozen: " + st.problem().detail);
  return jobs::Outcome::done();
}

// A claimed recipient's message, and how its SMTP exchange ended.
struct Outgoing {
  std::string contact_id;
  const email::OutgoingMessage* message = nullptr;
};
struct SendOutcome {
  std::string contact_id, error;  // error empty: sent
  bool transient = false;         // a 4xx reply: retried later, a bounded number of times
  int reply_code = 0;             // the server's last reply, 0 when none came
};

// Never throws: it runs on a thread of its own, where an exception would end the process.
SendOutcome send_one(const net::SmtpClient& smtp, const net::SmtpRequest& route, const Outgoing& o) noexcept {
  try {
    net::SmtpRequest req = route;
    req.from = o.message->from;
    req.recipients = o.message->to;
    req.message = email::build_mime(*o.message);
    net::SmtpResult sent = smtp.send(req);
    return {o.contact_id, sent.sent ? std::string() : (sent.error.empty() ? "not sent" : sent.error),
            !sent.sent && sent.reply_code >= 400 && sent.reply_code < 500, sent.reply_code};
  } catch (const std::exception& e) {  // e.g. no memory for the message: failed, not sent
    std::string why = "not sent: ";
    why += e.what();
    return {o.contact_id, why, false, 0};
  }
}

// The window's messages at once, each on its own connection (SmtpClient::send may be called from
// several threads; it reuses the connections the last window left open); the first on this thread. A thread that cannot be started sends its message
// here, after the others started.
std::vector<SendOutcome> send_at_once(const net::SmtpClient& smtp, const net::SmtpRequest& route, const std::vector<Outgoing>& claimed) {
  std::vector<SendOutcome> out(claimed.size());
  std::vector<std::size_t> inline_ones;
  {
    std::vector<std::jthread> threads;
    for (std::size_t i = 1; i < claimed.size(); ++i) {
      try {
        threads.emplace_back([&, i] { out[i] = send_one(smtp, route, claimed[i]); });
      } catch (const std::system_error&) {
        inline_ones.push_back(i);
      }
    }
    if (!claimed.empty()) out[0] = send_one(smtp, route, claimed[0]);
    for (std::size_t i : inline_ones) out[i] = send_one(smtp, route, claimed[i]);
  }  // joined here
  return out;
}

jobs::Outcome send_batch(const CampaignJobDeps& d, const std::shared_ptr<net::SmtpClient>& smtp, jobs::JobContext& jc) {
  const jobs::Job& job = jc.job;
  const std::string ws = job.workspace_id, id = campaign_of(job);
  if (id.empty()) return jobs::Outcome::fail("the payload names no campaign");
  auto campaign = d.db.read([&](db::Connection& c) { return campaign_store::find(c, ws, id); });
  if (!campaign || campaign->status != "sending" || campaign->send_job_id != job.id) return jobs::Outcome::done();
  const int64_t started_ms = clock::now_ms();

  email::SmtpRoute route = email::open_smtp(d.db, d.smtp.vault, ws, d.smtp.allow, d.smtp.resolver);
  if (!route.request && (!route.settings || job.attempt >= kSendAttempts)) {
    if (Status st = jc.finish([&](db::Connection& c) { return pause_with(c, ws, id, job.id, route.error); }); !st)
      return jobs::Outcome::retry(st.problem().detail);
    return jobs::Outcome::done();
  }
  if (!route.request) return jobs::Outcome::retry(route.error);  // a DNS hiccup: claim no one, try again later

  // Messages this job's earlier attempt (a node that died) left in flight: never sent again.
  Status st = d.db.write([&](db::Connection& c) -> Status {
    recipient_store::fail_interrupted(c, ws, id, job.id, clock::format_ms(started_ms - kStaleClaimMs), clock::now_text());
    return ok_status();
  });
  if (!st) return jobs::Outcome::retry(st.problem().detail);

  auto content = d.db.read([&](db::Connection& c) { return compile_content(c, ws, *campaign, d.contacts.spec()); });
  if (!content) {
    std::string why = "the message no longer compiles: " + content.problem().detail;
    if (!content.problem().errors.empty()) why += " (" + content.problem().errors[0].field + " " + content.problem().errors[0].message + ")";
    if (Status p = jc.finish([&](db::Connection& c) { return pause_with(c, ws, id, job.id, why); }); !p) return jobs::Outcome::retry(p.problem().detail);
    return jobs::Outcome::done();
  }

  const TrackingSetup tracking{.vault = d.smtp.vault, .public_url = d.smtp.public_url};
  const int batch = static_cast<int>(std::min<int64_t>(kBatch, campaign->rate_per_minute));
  // The batch made ready in one transaction: each recipient checked now (skipped with the reason)
  // or its message prepared (the seam may register links in it). None is claimed yet.
  struct Ready {
    std::string contact_id, message_id;
    email::OutgoingMessage message;
  };
  std::vector<Ready> ready;
  st = d.db.write([&](db::Connection& c) -> Status {
    ready.clear();
    const std::string at = clock::now_text();
    for (const auto& r : recipient_store::next_queued(c, ws, id, batch)) {
      std::string to;
      if (auto reason = skip_reason(c, ws, r.contact_id, to)) {
        recipient_store::skip(c, ws, id, r.contact_id, *reason, at);
        continue;
      }
      Ready one{r.contact_id, email::new_message_id(campaign->from), {}};
      auto values = contact_values(c, ws, d.contacts, r.contact_id);
      auto message = prepare_campaign_message(c, {.workspace_id = ws, .campaign = *campaign, .content = *content, .contact_id = r.contact_id,
                                                  .to = to, .values = values, .message_id = one.message_id,
                                                  .date_ms = clock::now_ms(), .tracking = &tracking});
      if (!message) return message.take_problem();
      one.message = std::move(*message);
      ready.push_back(std::move(one));
    }
    return ok_status();
  });
  if (!st && st.problem().status == 422) {
    // A message that cannot be made (no public URL, a link beyond the bounds) stays so: pause with
    // the reason rather than retry; nothing of the batch was written.
    std::string why = "a message could not be prepared: " + st.problem().detail;
    if (!st.problem().errors.empty()) why += " (" + st.problem().errors[0].field + " " + st.problem().errors[0].message + ")";
    if (Status p = jc.finish([&](db::Connection& c) { return pause_with(c, ws, id, job.id, why); }); !p) return jobs::Outcome::retry(p.problem().detail);
    return jobs::Outcome::done();
  }
  if (!st) return jobs::Outcome::retry("the batch could not be prepared: " + st.problem().detail);

  // The messages whose SMTP exchanges ended and whose outcomes are written by the next transaction.
  std::vector<SendOutcome> settled;
  auto settle = [&](db::Connection& c) {
    for (const auto& s : settled) {
      if (s.transient && recipient_store::requeue_transient(c, ws, id, s.contact_id, {"sending"}, s.error, clock::now_ms(), s.reply_code))
        continue;
      recipient_store::settle(c, ws, id, s.contact_id, s.error, clock::now_text(), s.reply_code);
    }
  };
  const std::size_t window = static_cast<std::size_t>(kInFlight);
  for (std::size_t from = 0; from < ready.size(); from += window) {
    if (jc.stop.stop_requested()) break;
    const std::size_t until = std::min(ready.size(), from + window);
    bool stopped = false;
    std::vector<Outgoing> claimed;
    // One transaction a window: the last window's outcomes, and this one's claims, committed
    // before their SMTP exchanges.
    Status written = d.db.write([&](db::Connection& c) -> Status {
      stopped = false;
      claimed.clear();
      settle(c);
      // Paused, deleted, or another chain's now: stop after the messages settled above.
      auto now = campaign_store::find(c, ws, id);
      if (!now || now->status != "sending" || now->send_job_id != job.id) {
        stopped = true;
        return ok_status();
      }
      const std::string at = clock::now_text();
      for (std::size_t i = from; i < until; ++i)
        if (recipient_store::claim(c, ws, id, ready[i].contact_id, job.id, ready[i].message_id, at))
          claimed.push_back({ready[i].contact_id, &ready[i].message});
      return ok_status();  // one not claimed was erased meanwhile (skipped by the trigger)
    });
    if (!written) return jobs::Outcome::retry("recipients could not be claimed: " + written.problem().detail);
    settled.clear();  // written by the transaction that just committed
    if (stopped) break;
    settled = send_at_once(*smtp, *route.request, claimed);
  }

  st = jc.finish([&](db::Connection& c) -> Status {
    settle(c);
    auto v = campaign_store::find(c, ws, id);
    if (!v || v->status != "sending" || v->send_job_id != job.id) return ok_status();
    if (!recipient_store::unfinished(c, ws, id)) {
      Campaign after = *v;
      after.status = "sent";
      after.finished_at = clock::now_text();
      after.send_job_id.clear();
      save_status(c, ws, *v, after, "finish");
      return ok_status();
    }
    // The batch's share of a minute at the campaign's rate, counted from its start.
    const int64_t share_ms = static_cast<int64_t>(batch) * 60000 / std::max<int64_t>(1, v->rate_per_minute);
    int64_t next_ms = std::max(clock::now_ms(), started_ms + share_ms);
    // Only retries not due yet are left: the next batch when the first is due.
    if (recipient_store::next_queued(c, ws, id, 1).empty())
      if (auto due = recipient_store::next_retry_ms(c, ws, id)) next_ms = std::max(next_ms, *due);
    campaign_store::set_send_job(c, ws, id, enqueue_send_batch(c, ws, id, next_ms));
    return ok_status();
  });
  if (!st) return jobs::Outcome::retry("the batch's outcome could not be recorded: " + st.problem().detail);
  return jobs::Outcome::done();
}

}  // namespace

void wake_for_retry(db::Connection& c, const std::string& workspace_id, const std::string& campaign_id) {
  auto v = campaign_store::find(c, workspace_id, campaign_id);
  if (!v || v->status != "sent") return;  // sending: its chain sends it when due; paused: resuming does
  auto due = recipient_store::next_retry_ms(c, workspace_id, campaign_id);
  if (!due) return;
  Campaign after = *v;
  after.status = "sending";
  after.finished_at.reset();
  after.error.reset();
  after.send_job_id = enqueue_send_batch(c, workspace_id, campaign_id, std::max(clock::now_ms(), *due));
  save_status(c, workspace_id, *v, after, "retry");
}

std::string enqueue_send_batch(db::Connection& c, const std::string& workspace_id, const std::string& campaign_id, int64_t run_at_ms) {
  return jobs::enqueue(c, {.type = kSendJob, .payload = json::object{{"campaign_id", campaign_id}}, .workspace_id = workspace_id,
                           .run_at_ms = run_at_ms});
}

jobs::JobType freeze_job_type(const CampaignJobDeps& deps) {
  auto d = std::make_shared<CampaignJobDeps>(deps);
  return jobs::JobType{.name = kFreezeJob, .handler = [d](jobs::JobContext& jc) { return freeze(*d, jc); }, .max_attempts = 5,
                       .concurrency = 1};
}

jobs::JobType send_job_type(const CampaignJobDeps& deps) {
  auto d = std::make_shared<CampaignJobDeps>(deps);
  auto smtp = std::make_shared<net::SmtpClient>(
      net::SmtpClient::Options{.allow = d->smtp.allow, .resolver = d->smtp.resolver, .ca_file = d->smtp.ca_file});
  return jobs::JobType{.name = kSendJob, .handler = [d, smtp](jobs::JobContext& jc) { return send_batch(*d, smtp, jc); },
                       .max_attempts = kSendAttempts, .backoff_base = std::chrono::seconds(30), .concurrency = 2};
}

}  // namespace rapport::marketing

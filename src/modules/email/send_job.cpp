#include "modules/email/send_job.hpp"

#include "modules/email/email_activity.hpp"
#include "modules/email/email_store.hpp"
#include "modules/email/mime_builder.hpp"
#include "modules/email/smtp_route.hpp"
#include "platform/clock.hpp"
#include "platform/identity/server_context.hpp"
#include "platform/net/smtp_client.hpp"

namespace rapport::email {
namespace json = boost::json;

namespace {

using std::chrono::milliseconds;

// The wait after failed attempt n (1-based), before time_scale.
constexpr milliseconds kWaits[] = {std::chrono::minutes(1), std::chrono::minutes(5), std::chrono::minutes(30),
                                   std::chrono::hours(2)};

// The outbound email activity of `e`, linked to the records it concerns; nullopt when it names none.
std::optional<json::object> activity_of(const Email& e, const std::optional<std::string>& failure) {
  if (e.links.empty()) return std::nullopt;
  std::string subject = failure ? "Not sent: " + e.subject : e.subject;
  std::string body = failure ? "The email could not be sent: " + *failure + "\n\n" + e.text_body : e.text_body;
  json::object a = email_activity(e, "outbound", subject, body, clock::now_text());
  a["owner_id"] = e.created_by;
  for (const auto& kv : e.links) a[kv.key()] = kv.value();
  return a;
}

// Writes the email's new state and its activity; a record gone since is no reason to lose the
// state, so a refused activity is retried without it (the error says so).
Status record_outcome(db::Database& db, jobs::JobContext* jc, const Services& services, Email e,
                      const std::optional<std::string>& failure) {
  records::Service* activities = services("activities");
  auto write = [&](bool with_activity) -> db::Database::WriteFn {
    return [&, with_activity](db::Connection& c) -> Status {
      // The email as stored now: erasing a contact (modules/privacy) may have deleted it, or taken
      // the person out of it, while it was being sent; the activity must not bring them back.
      auto stored = store::find_email(c, e.workspace_id, e.id);
      if (!stored) return ok_status();
      Email now = std::move(*stored);
      now.status = e.status;
      now.attempts = e.attempts;
      now.error = e.error;
      now.sent_at = e.sent_at;
      auto activity = activity_of(now, failure);
      if (with_activity && activity && activities) {
        auto a = records::insert_new(c, identity::server_context(e.workspace_id), activities->store(), *activity);
        if (!a) return a.take_problem();
      }
      store::update_email_state(c, now);
      return ok_status();
    };
  };
  Status st = jc ? jc->finish(write(true)) : db.write(write(true));
  if (st || st.problem().status == 409 || e.links.empty()) return st;
  std::string why = st.problem().errors.empty() ? st.problem().detail : st.problem().errors.front().field + " " + st.problem().errors.front().message;
  e.error = (e.error ? *e.error + "; " : std::string()) + "not logged on the timeline: " + why;
  return jc ? jc->finish(write(false)) : db.write(write(false));
}

}  // namespace

jobs::JobType send_job_type(SendDeps deps) {
  auto d = std::make_shared<SendDeps>(std::move(deps));
  auto smtp = std::make_shared<net::SmtpClient>(net::SmtpClient::Options{.allow = d->allow, .resolver = d->resolver, .ca_file = d->ca_file});
  jobs::Handler handler = [d, smtp](jobs::JobContext& jc) -> jobs::Outcome {
    const auto& job = jc.job;
    const auto* id = job.payload.is_object() ? job.payload.as_object().if_contains("email_id") : nullptr;
    if (!id || !id->is_string()) return jobs::Outcome::fail("the payload names no email");
    auto email = d->db.read([&](db::Connection& c) { return store::find_email(c, job.workspace_id, std::string(id->as_string())); });
    if (!email || email->status != "queued") return jobs::Outcome::done();
    SmtpRoute route = open_smtp(d->db, d->vault, job.workspace_id, d->allow, d->resolver);
    const bool settings = route.settings.has_value();
    email->attempts = job.attempt;

    std::string error;
    if (!route.request) {
      error = route.error;
    } else {
      OutgoingMessage m{.from = email->sender, .to = email->to, .cc = email->cc, .subject = email->subject,
                        .text = email->text_body, .html = email->html_body, .message_id = email->message_id,
                        .in_reply_to = email->in_reply_to.value_or(""), .references = email->references,
                        .date_ms = clock::now_ms()};
      for (auto& f : d->db.read([&](db::Connection& c) { return store::files_of(c, job.workspace_id, email->id); }))
        m.attachments.push_back({.file_name = f.attachment.file_name, .content_type = f.attachment.content_type, .bytes = std::move(f.bytes)});
      net::SmtpRequest req = *route.request;
      req.from = email->sender;
      req.message = build_mime(m);
      req.recipients = email->to;
      req.recipients.insert(req.recipients.end(), email->cc.begin(), email->cc.end());
      net::SmtpResult r = smtp->send(req);
      if (r.sent) {
        email->status = "sent";
        email->error.reset();
        email->sent_at = clock::now_text();
        Status st = record_outcome(d->db, &jc, d->services, *email, std::nullopt);
        if (!st) return jobs::Outcome::retry("sent, but its state could not be recorded: " + st.problem().detail);
        return jobs::Outcome::done();
      }
      error = r.error;
    }

    email->error = error;
    if (settings && job.attempt < kSendAttempts) {
      auto wait = kWaits[std::min<std::size_t>(static_cast<std::size_t>(job.attempt), std::size(kWaits)) - 1];
      (void)d->db.write([&](db::Connection& c) -> Status {
        store::update_email_state(c, *email);
        return ok_status();
      });
      return jobs::Outcome::retry(error, milliseconds(std::max<int64_t>(1, static_cast<int64_t>(static_cast<double>(wait.count()) * d->time_scale))));
    }
    email->status = "failed";
    Status st = record_outcome(d->db, nullptr, d->services, *email, error);
    if (!st) return jobs::Outcome::retry("failed, and its state could not be recorded: " + st.problem().detail);
    return jobs::Outcome::fail(error);
  };
  return jobs::JobType{.name = kSendJob, .handler = std::move(handler), .max_attempts = kSendAttempts, .concurrency = 4};
}

}  // namespace rapport::email

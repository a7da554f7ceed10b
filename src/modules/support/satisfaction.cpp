#include "modules/support/satisfaction.hpp"

#include "modules/email/email_store.hpp"
#include "modules/email/send_service.hpp"
#include "modules/email/template_engine.hpp"
#include "modules/support/satisfaction_token.hpp"
#include "modules/support/specs.hpp"
#include "platform/clock.hpp"
#include "platform/http/body_reader.hpp"
#include "platform/identity/server_context.hpp"
#include "platform/jobs/enqueue.hpp"
#include "platform/records/service.hpp"

namespace rapport::support {
namespace json = boost::json;

namespace {

// One ticket's rating may change a few times (a slip of the finger), not without end.
constexpr double kRatingBurst = 5, kRatingsPerSecond = 1.0 / 60;

const records::Store& tickets() {
  static const records::Store s(ticket_spec());
  return s;
}

std::optional<std::string> text_at(const json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::optional<std::string>(std::string(v->as_string())) : std::nullopt;
}

SurveyTicket survey_of(const json::object& t) {
  return {std::string(t.at("id").as_string()), t.at("number").as_int64(), std::string(t.at("subject").as_string()),
          text_at(t, "satisfaction"), text_at(t, "satisfaction_comment")};
}

identity::Context survey_context(const std::string& workspace_id) {
  identity::Context ctx = identity::server_context(workspace_id);
  ctx.automation_actor = "satisfaction-survey";
  return ctx;
}

// The email: two links that open the survey page with a choice made.
email::SendRequest survey_email(const std::string& to, const json::object& ticket, const std::string& page_url) {
  std::string ref = "[#";
  ref += std::to_string(ticket.at("number").as_int64());
  ref += "] ";
  ref += ticket.at("subject").as_string();
  const std::string good = page_url + "?rating=good", bad = page_url + "?rating=bad";
  email::SendRequest req;
  req.to = {to};
  req.subject = "How did we do? " + ref;
  req.body = "Hello,\n\nYour request " + ref +
             " was solved. How would you rate the help you got?\n\n"
             "Good: " + good + "\nBad: " + bad +
             "\n\nEach link opens a page where you may add a comment before sending. Thank you!\n";
  req.html = "<p>Hello,</p><p>Your request " + email::html_escape(ref) +
             " was solved. How would you rate the help you got?</p><p><a href=\"" + email::html_escape(good) +
             "\">Good</a> &nbsp; <a href=\"" + email::html_escape(bad) +
             "\">Bad</a></p><p>Each link opens a page where you may add a comment before sending. Thank you!</p>";
  return req;
}

}  // namespace

SupportSettings read_support_settings(db::Connection& c, const std::string& workspace_id) {
  auto& st = c.prepare("SELECT satisfaction_survey, updated_at FROM support_settings WHERE workspace_id = ?");
  st.bind_all({workspace_id});
  SupportSettings s;
  if (st.step()) {
    s.satisfaction_survey = st.int64(0) != 0;
    s.updated_at = st.text(1);
  }
  st.reset();
  return s;
}

json::object support_settings_json(const SupportSettings& s) {
  return {{"satisfaction_survey", s.satisfaction_survey},
          {"updated_at", s.updated_at ? json::value(*s.updated_at) : json::value(nullptr)}};
}

Result<SupportSettings> put_support_settings(db::Database& db, const identity::Context& ctx, const json::object& body,
                                             bool has_public_url) {
  http::BodyReader in(body);
  in.only({"satisfaction_survey"}, "the support settings");
  auto survey = in.boolean("satisfaction_survey");
  if (in.ok() && !survey) in.error("satisfaction_survey", "required", "is required: true or false");
  if (in.ok() && *survey && !has_public_url)
    in.error("satisfaction_survey", "public_url",
             "needs the server's public address for the links in its emails: start rapport serve with --public-url");
  if (!in.ok()) return in.problem();
  SupportSettings s{*survey, clock::now_text()};
  Status st = db.write([&](db::Connection& c) -> Status {
    c.prepare(
         "INSERT INTO support_settings (workspace_id, satisfaction_survey, updated_at) VALUES (?, ?, ?) "
         "ON CONFLICT (workspace_id) DO UPDATE SET satisfaction_survey = excluded.satisfaction_survey, updated_at = excluded.updated_at")
        .bind_all({ctx.workspace_id, int64_t{s.satisfaction_survey ? 1 : 0}, *s.updated_at})
        .run();
    return ok_status();
  });
  if (!st) return st.take_problem();
  return s;
}

void enqueue_survey(db::Connection& c, const std::string& workspace_id, const std::string& ticket_id) {
  if (!read_support_settings(c, workspace_id).satisfaction_survey) return;
  jobs::enqueue(c, {.type = kSurveyJob,
                    .payload = json::object{{"ticket_id", ticket_id}},
                    .workspace_id = workspace_id,
                    .unique_key = "survey:" + ticket_id});
}

jobs::JobType survey_job_type(SurveyDeps deps) {
  auto d = std::make_shared<SurveyDeps>(std::move(deps));
  jobs::JobType t;
  t.name = kSurveyJob;
  t.max_attempts = 5;
  t.handler = [d](jobs::JobContext& jc) -> jobs::Outcome {
    const auto* id = jc.job.payload.is_object() ? jc.job.payload.as_object().if_contains("ticket_id") : nullptr;
    if (!id || !id->is_string()) return jobs::Outcome::fail("the job names no ticket");
    const std::string ticket_id(id->as_string());
    const std::string& workspace = jc.job.workspace_id;
    Status st = jc.finish([&](db::Connection& c) -> Status {
      // Sent only while it still makes sense: the survey on, the ticket solved (or closed) and
      // unrated, a requester with an address, a workspace that sends email.
      if (!read_support_settings(c, workspace).satisfaction_survey || d->public_url.empty()) return ok_status();
      const identity::Context ctx = survey_context(workspace);
      auto ticket = tickets().find(c, ctx, ticket_id);
      if (!ticket || !text_at(*ticket, "requester_id") || text_at(*ticket, "satisfaction")) return ok_status();
      const auto status = text_at(*ticket, "status");
      if (status != "solved" && status != "closed") return ok_status();
      if (!email::store::find_settings(c, workspace)) return ok_status();
      auto address = c.scalar("SELECT email FROM contacts WHERE workspace_id = ? AND id = ? AND deleted_at IS NULL",
                              {workspace, *text_at(*ticket, "requester_id")});
      const auto* to = std::get_if<std::string>(&address);
      if (!to || to->empty()) return ok_status();
      const std::string token = make_survey_token(d->vault, {workspace, ticket_id, clock::now_ms() + kSurveyLifetimeMs});
      auto req = survey_email(*to, *ticket, d->public_url + "/api/v1/public/satisfaction/" + token);
      req.links = json::object{{"contact_id", *text_at(*ticket, "requester_id")}};
      auto queued = email::queue_email(c, ctx, d->specs, req, {}, "");
      if (!queued) return queued.take_problem();
      return ok_status();
    });
    if (!st) {
      if (st.problem().status >= 500 || st.problem().status == 409) return jobs::Outcome::retry(st.problem().detail);
      return jobs::Outcome::fail(st.problem().detail);
    }
    return jobs::Outcome::done();
  };
  return t;
}

SurveyService::SurveyService(db::Database& db, const Vault& vault)
    : db_(db), vault_(vault), per_ticket_(std::make_unique<http::RateLimiter>(kRatingsPerSecond, kRatingBurst)) {}

Result<SurveyTicket> SurveyService::open(std::string_view token) {
  auto target = read_survey_token(vault_, token, clock::now_ms());
  if (!target) return Problem::not_found("This link is not valid or has expired");
  auto ticket = db_.read([&](db::Connection& c) { return tickets().find(c, survey_context(target->workspace_id), target->ticket_id); });
  if (!ticket) return Problem::not_found("This link is not valid or has expired");
  return survey_of(*ticket);
}

Result<SurveyTicket> SurveyService::rate(std::string_view token, const std::string& rating, const std::string& comment) {
  auto target = read_survey_token(vault_, token, clock::now_ms());
  if (!target) return Problem::not_found("This link is not valid or has expired");
  std::vector<FieldError> errors;
  if (rating != "good" && rating != "bad") errors.push_back({"rating", "enum", "choose good or bad"});
  if (comment.size() > kMaxSatisfactionComment) errors.push_back({"comment", "length", "must have at most 2000 characters"});
  if (!errors.empty()) return Problem::invalid(std::move(errors));
  if (int wait = per_ticket_->take(target->ticket_id, clock::now_ms()); wait > 0)
    return Problem{429, "Too Many Requests", "This rating changed several times just now; retry after " + std::to_string(wait) + " s",
                   {}, "rate-limited"};
  SurveyTicket out;
  Status st = db_.write([&](db::Connection& c) -> Status {
    const identity::Context ctx = survey_context(target->workspace_id);
    auto before = tickets().find(c, ctx, target->ticket_id);
    if (!before) return Problem::not_found("This link is not valid or has expired");
    json::object after = *before;
    after["satisfaction"] = rating;
    after["satisfaction_comment"] = comment.empty() ? json::value(nullptr) : json::value(comment);
    after["satisfaction_at"] = clock::now_text();
    if (text_at(*before, "satisfaction") == rating && text_at(*before, "satisfaction_comment") == text_at(after, "satisfaction_comment")) {
      out = survey_of(*before);  // the same answer again: nothing changes
      return ok_status();
    }
    auto written = records::write_change(c, ctx, tickets(), *before, std::move(after), "rate");
    if (!written) return written.take_problem();
    out = survey_of(*written);
    return ok_status();
  });
  if (!st) return st.take_problem();
  return out;
}

}  // namespace rapport::support

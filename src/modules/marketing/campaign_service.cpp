#include "modules/marketing/campaign_service.hpp"

#include <cmath>

#include "modules/email/email_store.hpp"
#include "modules/email/smtp_route.hpp"
#include "modules/marketing/audience_access.hpp"
#include "modules/marketing/audience_reach.hpp"
#include "modules/marketing/audience_writes.hpp"
#include "modules/marketing/campaign_audience.hpp"
#include "modules/marketing/campaign_content.hpp"
#include "modules/marketing/campaign_jobs.hpp"
#include "modules/marketing/campaign_recipient.hpp"
#include "modules/marketing/campaign_store.hpp"
#include "modules/marketing/prepare_campaign_message.hpp"
#include "modules/marketing/recipient_store.hpp"
#include "modules/marketing/tracking_html.hpp"
#include "platform/case_fold.hpp"
#include "platform/clock.hpp"
#include "platform/identity/server_context.hpp"
#include "platform/jobs/enqueue.hpp"

namespace rapport::marketing {
namespace json = boost::json;

namespace {

const AudienceTable<Campaign>& campaigns_table() {
  static const AudienceTable<Campaign> table{
      "campaigns",           "campaign",           kMaxCampaigns,         campaign_store::find, campaign_store::list,
      campaign_store::count, campaign_store::same_name, campaign_store::insert, campaign_store::update, campaign_store::remove};
  return table;
}

void apply(Campaign& v, const CampaignChange& in) {
  if (in.name) v.name = *in.name;
  if (in.subject) v.subject = *in.subject;
  if (in.from) v.from = *in.from;
  if (in.html) v.html = *in.html;
  if (in.text) v.text = *in.text;
  if (in.audience) v.audience = *in.audience;
  if (in.rate_per_minute) v.rate_per_minute = *in.rate_per_minute;
  if (in.utm) v.utm = *in.utm;
}

Problem not_draft(const Campaign& v) {
  return Problem::conflict("The campaign is " + v.status + ": only a draft changes", {{"status", "state", "is " + v.status}});
}

// The state change of a campaign (send, pause, resume), under If-Match when given, audited with
// `action`; `change` refuses (a 409) or changes `v`, enqueueing in `c` what carries it on.
Result<Campaign> transition(db::Database& db, const identity::Context& ctx, const std::string& id, std::string_view if_match,
                            const char* action, const std::function<Status(db::Connection&, Campaign&)>& change) {
  if (!manages_campaigns(ctx)) return cannot_manage_campaigns();
  if (!ids::is_uuid(id)) return Problem::not_found();
  Campaign after;
  Status st = db.write([&](db::Connection& c) -> Status {
    auto before = campaign_store::find(c, ctx.workspace_id, id);
    if (!before) return Problem::not_found();
    if (!http::if_match_allows(if_match, before->version)) return Problem::precondition_failed("The campaign changed since you read it");
    after = *before;
    if (Status ok = change(c, after); !ok) return ok;
    after.version = before->version + 1;
    after.updated_at = clock::now_text();
    campaign_store::update(c, ctx.workspace_id, after);
    journal::audit(c, ctx, "campaigns", id, action, journal::diff(before->to_json(), after.to_json()));
    return ok_status();
  });
  if (!st) return st.take_problem();
  return after;
}

json::value rate(int64_t part, int64_t whole) {
  if (whole <= 0) return nullptr;
  return std::round(static_cast<double>(part) / static_cast<double>(whole) * 10000.0) / 10000.0;
}

}  // namespace

bool manages_campaigns(const identity::Context& ctx) { return manages_audiences(ctx); }

Problem cannot_manage_campaigns() {
  return Problem::forbidden("Only an admin or a role that exports every contact (marketing) may manage campaigns");
}

CampaignService::CampaignService(db::Database& db, const records::Store& contacts, const records::ObjectSpec& companies, SmtpAccess smtp,
                                 std::shared_ptr<LinkCache> links)
    : db_(db), contacts_(contacts), segments_(db, contacts, companies), smtp_(std::move(smtp)),
      client_(std::make_shared<net::SmtpClient>(net::SmtpClient::Options{.allow = smtp_.allow, .resolver = smtp_.resolver,
                                                                         .ca_file = smtp_.ca_file})),
      links_(std::move(links)) {}

Status CampaignService::check_stored(db::Connection& c, const identity::Context& ctx, const Campaign& v) const {
  std::vector<FieldError> errors;
  auto take = [&](Status st) {
    if (!st) for (auto& e : st.take_problem().errors) errors.push_back(std::move(e));
  };
  take(check_audience(c, ctx.workspace_id, v.audience));
  if (auto parts = compile_content(c, ctx.workspace_id, v, contacts_.spec()); !parts) take(parts.take_problem());
  if (!v.from.empty()) {
    auto settings = email::store::find_settings(c, ctx.workspace_id);
    if (!settings) errors.push_back({"from", "not_found", "the workspace has no email settings, so no sender"});
    else if (case_fold::key(settings->sender) != case_fold::key(v.from))
      errors.push_back({"from", "sender", "must be the workspace's sender (email settings): " + settings->sender});
  }
  if (!errors.empty()) return Problem::invalid(std::move(errors));
  return ok_status();
}

Result<std::vector<Campaign>> CampaignService::list(const identity::Context& ctx) { return list_audiences(db_, ctx, campaigns_table()); }

Result<Campaign> CampaignService::get(const identity::Context& ctx, const std::string& id) {
  return get_audience(db_, ctx, campaigns_table(), id);
}

Result<Campaign> CampaignService::create(const identity::Context& ctx, const CampaignChange& in) {
  if (!manages_campaigns(ctx)) return cannot_manage_campaigns();
  Campaign v;
  apply(v, in);
  return create_audience<Campaign>(db_, ctx, campaigns_table(), std::move(v),
                                   [&](db::Connection& c, const Campaign& x) { return check_stored(c, ctx, x); });
}

Result<Campaign> CampaignService::update(const identity::Context& ctx, const std::string& id, const CampaignChange& in,
                                         std::string_view if_match) {
  if (!manages_campaigns(ctx)) return cannot_manage_campaigns();
  return change_audience<Campaign>(
      db_, ctx, campaigns_table(), id, if_match, [&](Campaign& v) { apply(v, in); },
      [&](db::Connection& c, const Campaign& v) -> Status {
        if (v.status != "draft") return not_draft(v);
        return check_stored(c, ctx, v);
      });
}

Status CampaignService::remove(const identity::Context& ctx, const std::string& id, std::string_view if_match) {
  if (!manages_campaigns(ctx)) return cannot_manage_campaigns();
  if (ids::is_uuid(id)) {
    auto v = db_.read([&](db::Connection& c) { return campaign_store::find(c, ctx.workspace_id, id); });
    if (v && (v->status == "scheduled" || v->status == "sending"))
      return Problem::conflict("The campaign is " + v->status + ": pause it before deleting it", {{"status", "state", "is " + v->status}});
  }
  // The status is read again by the delete's own transaction only through If-Match; a send asked
  // between the two is refused by its job, which finds no campaign.
  Status st = remove_audience(db_, ctx, campaigns_table(), id, if_match);
  // Its links are gone from the database: this node's cache must not keep redirecting them.
  if (st && links_) links_->forget_campaign(ctx.workspace_id, id);
  return st;
}

Result<Campaign> CampaignService::send(const identity::Context& ctx, const std::string& id, std::optional<int64_t> at_ms,
                                       std::string_view if_match) {
  return transition(db_, ctx, id, if_match, "send", [&](db::Connection& c, Campaign& v) -> Status {
    if (v.status != "draft") return not_draft(v);
    auto settings = email::store::find_settings(c, ctx.workspace_id);
    if (!settings) return Problem::conflict("The workspace has no email settings: set them before sending");
    if (v.from.empty()) v.from = settings->sender;
    std::vector<FieldError> errors;
    if (v.subject.empty()) errors.push_back({"subject", "required", "a campaign needs a subject to be sent"});
    if (v.html.empty() && v.text.empty()) errors.push_back({"html", "required", "a campaign needs an HTML or a text body to be sent"});
    if (v.audience.empty()) errors.push_back({"audience", "required", "a campaign needs at least one segment or list to be sent"});
    if (smtp_.public_url.empty())
      errors.push_back({"public_url", "required", "the server has no --public-url: recipients could not unsubscribe (docs/operations.md)"});
    else if (!v.html.empty() && find_links(v.html).size() > kMaxTrackedLinks)
      errors.push_back({"html", "too_many_links", "a campaign tracks at most " + std::to_string(kMaxTrackedLinks) + " links"});
    if (!errors.empty()) return Problem::invalid(std::move(errors));
    if (Status ok = check_stored(c, ctx, v); !ok) return ok;
    const int64_t run_at = at_ms.value_or(clock::now_ms());
    v.status = "scheduled";
    v.scheduled_at = clock::format_ms(run_at);
    v.error.reset();
    jobs::enqueue(c, {.type = kFreezeJob, .payload = json::object{{"campaign_id", v.id}}, .workspace_id = ctx.workspace_id,
                      .run_at_ms = run_at, .unique_key = v.id});
    return ok_status();
  });
}

Result<Campaign> CampaignService::pause(const identity::Context& ctx, const std::string& id, std::string_view if_match) {
  return transition(db_, ctx, id, if_match, "pause", [&](db::Connection&, Campaign& v) -> Status {
    if (v.status != "scheduled" && v.status != "sending")
      return Problem::conflict("The campaign is " + v.status + ": only a scheduled or sending one pauses", {{"status", "state", "is " + v.status}});
    v.status = "paused";
    v.send_job_id.clear();  // the running batch stops after its message in flight (campaign_jobs.cpp)
    return ok_status();
  });
}

Result<Campaign> CampaignService::resume(const identity::Context& ctx, const std::string& id, std::string_view if_match) {
  return transition(db_, ctx, id, if_match, "resume", [&](db::Connection& c, Campaign& v) -> Status {
    if (v.status != "paused") return Problem::conflict("The campaign is " + v.status + ": only a paused one resumes", {{"status", "state", "is " + v.status}});
    v.error.reset();
    if (v.frozen_at) {
      v.status = "sending";
      v.send_job_id = enqueue_send_batch(c, ctx.workspace_id, v.id, clock::now_ms());
    } else {
      v.status = "scheduled";
      const int64_t at = std::max(clock::now_ms(), clock::parse_datetime(v.scheduled_at.value_or("")).value_or(0));
      jobs::enqueue(c, {.type = kFreezeJob, .payload = json::object{{"campaign_id", v.id}}, .workspace_id = ctx.workspace_id,
                        .run_at_ms = at, .unique_key = v.id});
    }
    return ok_status();
  });
}

Result<json::object> CampaignService::test_send(const identity::Context& ctx, const std::string& id, const TestSend& in) {
  if (!manages_campaigns(ctx)) return cannot_manage_campaigns();
  auto v = get(ctx, id);
  if (!v) return v.take_problem();
  email::SmtpRoute route = email::open_smtp(db_, smtp_.vault, ctx.workspace_id, smtp_.allow, smtp_.resolver);
  if (!route.settings) return Problem::conflict("The workspace has no email settings: set them before sending");
  if (v->from.empty()) v->from = route.settings->sender;
  email::OutgoingMessage m;
  Status st = db_.write([&](db::Connection& c) -> Status {
    // The test goes to addresses the caller picks: the contact's values as the caller reads them
    // (their scope; the fields their role hides stay empty), not as the campaign's real send does.
    std::map<std::string, std::string> values;
    if (!in.contact_id.empty()) {
      auto read = contact_values_as(c, ctx, contacts_, in.contact_id);
      if (!read) return Problem::invalid({{"contact_id", "not_found", "names no live contact you can read"}});
      values = std::move(*read);
    }
    auto parts = compile_content(c, ctx.workspace_id, *v, contacts_.spec());
    if (!parts) return parts.take_problem();
    const std::string message_id = email::new_message_id(v->from);
    auto prepared = prepare_campaign_message(c, {.workspace_id = ctx.workspace_id, .campaign = *v, .content = *parts, .contact_id = in.contact_id,
                                                 .to = in.to.front(), .values = values, .message_id = message_id,
                                                 .date_ms = clock::now_ms(), .test = true});
    if (!prepared) return prepared.take_problem();
    m = std::move(*prepared);
    return ok_status();
  });
  if (!st) return st.take_problem();
  m.to = in.to;
  m.subject = "[Test] " + m.subject;
  json::array to(in.to.begin(), in.to.end());
  if (!route.request) return json::object{{"sent", false}, {"to", std::move(to)}, {"error", route.error}};
  net::SmtpRequest req = *route.request;
  req.from = m.from;
  req.recipients = in.to;
  req.message = email::build_mime(m);
  net::SmtpResult r = client_->send(req);
  json::object out{{"sent", r.sent}, {"to", std::move(to)}};
  if (!r.sent) out["error"] = r.error;
  return out;
}

Result<json::object> CampaignService::recipients(const identity::Context& ctx, const std::string& id, const RecipientQuery& q) {
  if (!manages_campaigns(ctx)) return cannot_manage_campaigns();
  if (!ids::is_uuid(id)) return Problem::not_found();
  return db_.read([&](db::Connection& c) -> Result<json::object> {
    if (!campaign_store::find(c, ctx.workspace_id, id)) return Problem::not_found();
    auto rows = recipient_store::page(c, ctx.workspace_id, id, q.state, q.after, q.limit + 1);
    json::value next = nullptr;
    if (rows.size() > static_cast<std::size_t>(q.limit)) {
      rows.pop_back();
      next = json::value(rows.back().contact_id);
    }
    json::array data;
    for (const auto& r : rows) data.push_back(r.to_json());
    return json::object{{"data", std::move(data)}, {"next_cursor", std::move(next)}};
  });
}

Result<json::object> CampaignService::report(const identity::Context& ctx, const std::string& id, const AttributionQuery& q) {
  if (!manages_campaigns(ctx)) return cannot_manage_campaigns();
  if (!ids::is_uuid(id)) return Problem::not_found();
  return db_.read([&](db::Connection& c) -> Result<json::object> {
    auto v = campaign_store::find(c, ctx.workspace_id, id);
    if (!v) return Problem::not_found();
    auto n = recipient_store::counts(c, ctx.workspace_id, id);
    json::object counts, skipped;
    for (const char* s : kRecipientStates) counts[s] = n.by_state[s];
    for (const char* s : kSkipReasons) skipped[s] = n.skipped_by_reason[s];
    const auto& r = n.results;
    json::object results{{"sent", r.sent},       {"delivered", r.delivered},       {"opened", r.opened},
                         {"clicked", r.clicked}, {"unsubscribed", r.unsubscribed}, {"bounced", r.bounced},
                         {"complained", r.complained}};
    json::object rates{{"delivery", rate(r.delivered, r.attempted)},
                       {"bounce", rate(r.bounced, r.attempted)},
                       {"open", rate(r.opened, r.delivered)},
                       {"click", rate(r.clicked, r.delivered)},
                       {"unsubscribe", rate(r.unsubscribed, r.delivered)},
                       {"complaint", rate(r.complained, r.delivered)}};
    auto attribution = campaign_attribution(c, ctx, id, q);
    if (!attribution) return attribution.take_problem();
    return json::object{{"campaign_id", id},          {"status", v->status},       {"recipients", n.total},
                        {"counts", std::move(counts)}, {"skipped_by_reason", std::move(skipped)},
                        {"delivered", r.delivered},    {"results", std::move(results)}, {"rates", std::move(rates)},
                        {"attribution", std::move(*attribution)}};
  });
}

Result<json::object> CampaignService::audience_reach(const identity::Context& ctx, const std::string& id) {
  if (!manages_campaigns(ctx)) return cannot_manage_campaigns();
  if (!ids::is_uuid(id)) return Problem::not_found();
  // The freeze's view of the audience (the server's context), so the numbers are the send's.
  const identity::Context server = identity::server_context(ctx.workspace_id);
  return db_.read([&](db::Connection& c) -> Result<json::object> {
    auto v = campaign_store::find(c, ctx.workspace_id, id);
    if (!v) return Problem::not_found();
    auto sql = audience_sql(c, ctx.workspace_id, v->audience,
                            [&](db::Connection& cc, const json::value& f) { return segments_.compile(cc, server, f); });
    if (!sql) return sql.take_problem();
    const AudienceReach r = count_reach(c, ctx.workspace_id, *sql);
    return json::object{{"campaign_id", id},
                        {"contacts", r.contacts},
                        {"will_receive", r.will_receive},
                        {"excluded", json::object{{"no_email", r.no_email}, {"no_consent", r.no_consent}, {"suppressed", r.suppressed}}}};
  });
}

}  // namespace rapport::marketing

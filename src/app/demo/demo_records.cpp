#include "app/demo/demo_records.hpp"

#include <array>
#include <stdexcept>
#include <string_view>

#include "access/user_context.hpp"
#include "app/demo/demo_data.hpp"
#include "app/demo/rows.hpp"
#include "app/demo/vocabulary.hpp"
#include "modules/support/sla_config.hpp"

namespace rapport::app {
namespace json = boost::json;
namespace {

using demo::Rng;

struct Requester {
  std::string contact_id, company_id;
};

// What customers write to a support desk: a subject, the body's first lines and the ticket's type.
struct Request {
  std::string_view subject, description, type;
};
constexpr std::array<Request, 12> kRequests = {{
    {"Cannot sign in after the password reset", "The reset link worked, but the new password is refused at sign-in.", "incident"},
    {"Invoice shows the wrong VAT number", "Our VAT number changed in March; the last two invoices still show the old one.", "question"},
    {"Export to CSV stops at 10,000 rows", "The export of our customer list ends early. Is there a limit we can raise?", "problem"},
    {"Add two seats to our plan", "We hired two people in sales and need accounts for them this week.", "task"},
    {"Emails from the app land in spam", "Notifications to our Outlook users are marked as junk since Monday.", "incident"},
    {"How do I merge duplicate contacts?", "We imported the same list twice. What is the quickest way to clean it up?", "question"},
    {"Dashboard loads slowly in the morning", "Between 8 and 9 the dashboard takes close to a minute to show.", "problem"},
    {"Request for a data processing agreement", "Our legal team asks for your DPA before the renewal.", "task"},
    {"Phone numbers lose their country code", "Numbers typed as 0049... are saved without +49.", "problem"},
    {"Refund for a double charge", "The card was charged twice for November.", "incident"},
    {"Training session for new users", "Could you run a one-hour onboarding call for five colleagues?", "task"},
    {"API key stopped working", "Our integration gets 401 since this morning, the key was not changed.", "incident"},
}};
constexpr std::array<std::string_view, 5> kTicketStatuses = {"new", "open", "open", "pending", "solved"};
constexpr std::array<std::string_view, 6> kPriorities = {"low", "normal", "normal", "normal", "high", "urgent"};
constexpr std::array<std::string_view, 4> kChannels = {"email", "email", "web", "phone"};
constexpr std::array<std::string_view, 5> kLeadSources = {"Web form", "Trade show", "Referral", "Webinar", "Cold call"};
constexpr std::array<std::string_view, 4> kLeadStatuses = {"new", "contacted", "qualified", "unqualified"};

records::Service* service_of(const std::vector<std::unique_ptr<records::Service>>& services, std::string_view object) {
  for (const auto& s : services)
    if (s->spec().object == object) return s.get();
  return nullptr;
}

// Creates one record as the API would; a refusal is the demo's bug, reported with the body.
Status create(records::Service& service, const identity::Context& ctx, const json::object& body) {
  auto made = service.create(ctx, body, "", "");
  if (!made) {
    Problem p = made.take_problem();
    p.detail = "demo " + service.spec().object + " " + json::serialize(body) + ": " + p.detail;
    return p;
  }
  return ok_status();
}

}  // namespace

Result<DemoRecordsReport> load_demo_records(db::Database& db, const std::vector<std::unique_ptr<records::Service>>& services,
                                            uint64_t seed) {
  records::Service* leads = service_of(services, "leads");
  records::Service* tickets = service_of(services, "tickets");
  if (!leads || !tickets) throw std::logic_error("load_demo_records: the leads and tickets services are missing");
  std::vector<Requester> requesters;
  auto ctx = db.read([&](db::Connection& c) -> Result<identity::Context> {
    auto target = find_generate_target(c);
    if (!target || target->owner_id.empty()) return Problem::not_found("no workspace with a user for the demo");
    auto& st = c.prepare(
        "SELECT id, company_id FROM contacts WHERE workspace_id = ? AND deleted_at IS NULL AND company_id IS NOT NULL "
        "ORDER BY id LIMIT 60");
    st.bind_all({target->workspace_id});
    while (st.step()) requesters.push_back({st.text(0), st.text(1)});
    st.reset();
    auto ctx = access::user_context(c, target->workspace_id, target->owner_id);
    if (!ctx) return Problem::forbidden("the demo's user is not active");
    return std::move(*ctx);
  });
  if (!ctx) return ctx.take_problem();
  ctx->request_id = "demo";
  if (requesters.empty()) return Problem::not_found("the demo's tickets need contacts of a company");

  DemoRecordsReport report;
  Rng rng{seed ^ 0x71c4e75ULL};
  for (int i = 0; i < 30; ++i) {
    const std::string_view first = rng.pick(demo::kFirstNames), last = rng.pick(demo::kLastNames);
    const std::string_view prefix = rng.pick(demo::kCompanyPrefixes), suffix = rng.pick(demo::kCompanySuffixes).word;
    std::string company(prefix), domain, email;
    company += " ";
    company += suffix;
    demo::append_slug(domain, prefix, '-');
    domain += "-";
    demo::append_slug(domain, suffix, '-');
    domain += ".example";
    demo::append_slug(email, first);
    email += ".";
    demo::append_slug(email, last);
    email += "@";
    email += domain;
    const auto& city = demo::kCities[static_cast<std::size_t>(demo::pick_city(rng))];
    const std::string_view status = kLeadStatuses[static_cast<std::size_t>(i) % kLeadStatuses.size()];
    json::object body{{"first_name", first}, {"last_name", last},       {"email", email},
                      {"company_name", company}, {"domain", domain},    {"job_title", rng.pick(demo::kJobTitles)},
                      {"source", rng.pick(kLeadSources)}, {"status", status}, {"city", city.name},
                      {"country", city.country}};
    if (status == "unqualified") body["status_reason"] = "No budget this year";
    if (status == "qualified") body["status_reason"] = "Budget approved, decision within the quarter";
    if (Status st = create(*leads, *ctx, body); !st) return st.take_problem();
    ++report.leads;
  }
  // One round-the-clock policy, so that every ticket shows its targets and the inbox's "breaching
  // soon" has something to warn about.
  json::object minutes{{"urgent", 60}, {"high", 240}, {"normal", 480}, {"low", 1440}};
  json::object policy{{"name", "Standard support"},
                      {"calendar_time", true},
                      {"targets", json::object{{"first_response", minutes}, {"resolution", json::object{{"urgent", 480}, {"high", 1440},
                                                                                                      {"normal", 2880}, {"low", 7200}}}}}};
  if (auto made = support::create_policy(db, *ctx, policy); !made) return made.take_problem();
  report.sla_policies = 1;
  for (int i = 0; i < 24; ++i) {
    const Requester& who = requesters[rng.below(requesters.size())];
    const Request& request = kRequests[static_cast<std::size_t>(i) % kRequests.size()];
    const std::string_view status = rng.pick(kTicketStatuses);
    json::object body{{"subject", request.subject}, {"description", request.description}, {"type", request.type},
                      {"status", status},            {"priority", rng.pick(kPriorities)},   {"channel", rng.pick(kChannels)},
                      {"requester_id", who.contact_id}, {"company_id", who.company_id}};
    if (status != "new" && rng.chance(70)) body["assignee_id"] = ctx->user_id;
    if (Status st = create(*tickets, *ctx, body); !st) return st.take_problem();
    ++report.tickets;
  }
  return report;
}

}  // namespace rapport::app

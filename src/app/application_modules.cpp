// The modules whose routes come with job types this node runs (webhooks, automations, email,
// imports, support): each wired to the database, the vault and the record services here, so that
// application.cpp keeps the server's own start-up and request path.
#include <cstdlib>

#include <spdlog/spdlog.h>

#include "app/application.hpp"
#include "app/modules.hpp"
#include "modules/dedupe/dismissal_routes.hpp"
#include "modules/dedupe/merge_routes.hpp"
#include "modules/dedupe/routes.hpp"
#include "modules/dedupe/scan.hpp"
#include "modules/dedupe/scan_schedule.hpp"
#include "modules/scoring/refresh_job.hpp"
#include "modules/scoring/routes.hpp"
#include "modules/scoring/training_job.hpp"
#include "modules/automation/date_scan.hpp"
#include "modules/automation/routes.hpp"
#include "modules/automation/run.hpp"
#include "modules/automation/schedule_trigger.hpp"
#include "modules/customers/specs.hpp"
#include "modules/email/routes.hpp"
#include "modules/email/send_job.hpp"
#include "modules/imports/progress_notice.hpp"
#include "modules/marketing/tracking_routes.hpp"
#include "modules/marketing/unsubscribe_routes.hpp"
#include "modules/imports/routes.hpp"
#include "modules/marketing/campaign_jobs.hpp"
#include "modules/marketing/campaign_routes.hpp"
#include "modules/marketing/recipient_results.hpp"
#include "modules/support/inbound_tickets.hpp"
#include "modules/support/kpi_backfill.hpp"
#include "modules/support/kpi_routes.hpp"
#include "modules/support/messages.hpp"
#include "modules/imports/run_import.hpp"
#include "modules/support/satisfaction_routes.hpp"
#include "modules/support/sla_refresh.hpp"
#include "modules/support/sla_routes.hpp"
#include "modules/support/sla_scan.hpp"
#include "modules/support/web_form_routes.hpp"
#include "modules/webhooks/deliver.hpp"
#include "modules/webhooks/routes.hpp"

namespace rapport::app {

// The record service of an object ("contacts"), or null: how jobs write records as the routes do.
records::Service* Application::service_for(std::string_view object) const {
  for (const auto& svc : services_)
    if (svc->spec().object == object) return svc.get();
  return nullptr;
}

// Webhooks: their routes, and the webhook.deliver jobs this node runs, which read records through the
// record services as GET does.
void Application::add_webhooks(http::Api& api) {
  auto allow = net::AllowList::from_options(cfg_.webhook_allow_hosts, cfg_.webhook_allow_hosts_env);
  if (!allow.empty()) {
    std::string hosts;
    for (const auto& e : allow.entries()) hosts += (hosts.empty() ? "" : ", ") + e;
    spdlog::info("webhooks may reach these allow-listed hosts: {}", hosts);
  }
  webhooks::add_routes(api, std::make_shared<webhooks::WebhookService>(*db_, *vault_, record_specs(), allow));
  webhooks::RecordReader read_record = [this](const identity::Context& ctx, const std::string& object,
                                              const std::string& id) -> std::optional<Result<std::string>> {
    records::Service* svc = service_for(object);
    if (!svc) return std::nullopt;
    auto r = svc->get(ctx, id);
    if (!r) return Result<std::string>(r.take_problem());
    return Result<std::string>(std::move(r->body));
  };
  jobs_->add_type(webhooks::delivery_job_type({.db = *db_, .vault = *vault_, .allow = std::move(allow),
                                               .read_record = std::move(read_record),
                                               .timing = {.scale = cfg_.webhook_time_scale}}));
}

// Automations: their routes, and the automation.run jobs this node runs, which write records through
// the record services as the REST routes do. call_webhook URLs follow the webhooks' allow-list. The
// date scan's schedule is (re)written at start-up: every node writes the same one.
void Application::add_automations(http::Api& api) {
  automation::Services services = [this](std::string_view object) { return service_for(object); };
  automation::AutomationDeps deps{.db = *db_, .specs = record_specs(), .services = std::move(services),
                                  .allow = net::AllowList::from_options(cfg_.webhook_allow_hosts, cfg_.webhook_allow_hosts_env)};
  automation::add_routes(api, std::make_shared<automation::AutomationService>(deps));
  jobs_->add_type(automation::date_scan_job_type(*db_, record_specs()));
  jobs_->add_type(automation::schedule_job_type(*db_, record_specs()));
  if (Status st = automation::install_date_scan(*db_); !st)
    throw std::runtime_error("cannot schedule the automation date scan: " + st.problem().detail);
  jobs_->add_type(automation::run_job_type(std::move(deps)));
}

// Email: settings, templates, sending (the email.send jobs this node runs), through the record
// services as the REST routes read and write. The SMTP host follows the webhooks' allow-list.
// Inbound mail to the support desk becomes tickets (support's hook); bounces of campaign messages
// mark their recipients (marketing's).
void Application::add_email(http::Api& api) {
  email::Services services = [this](std::string_view object) { return service_for(object); };
  auto allow = net::AllowList::from_options(cfg_.webhook_allow_hosts, cfg_.webhook_allow_hosts_env);
  // Mail from outside: a bounce of a campaign's message marks its recipient (and suppresses a
  // permanently failed address), so does a feedback-loop complaint (suppressing the address), then
  // support's tickets have their say.
  email::InboundHook inbound = [support = support::inbound_hook(record_specs())](
                                   db::Connection& c, const identity::Context& ctx, const email::Email& stored,
                                   const email::InboundMessage& m, const std::optional<std::string>& envelope_to, bool redelivered) {
    if (!redelivered) {
      marketing::note_campaign_bounce(c, ctx.workspace_id, m, stored.created_at);
      marketing::note_campaign_complaint(c, ctx.workspace_id, m, stored.created_at);
    }
    return support(c, ctx, stored, m, envelope_to, redelivered);
  };
  const email::EmailLimits limits{.message_bytes = cfg_.email_message_max_bytes, .attachment_bytes = cfg_.email_attachment_max_bytes};
  email::add_routes(api, {.settings = std::make_shared<email::SettingsService>(*db_, *vault_, allow),
                          .templates = std::make_shared<email::TemplateService>(*db_, record_specs()),
                          .emails = std::make_shared<email::EmailService>(*db_, services, record_specs(), limits,
                                                                          support::may_read_note_files),
                          .inbound = std::make_shared<email::InboundService>(*db_, services, limits, std::move(inbound))});
  // The TLS tests' own certificate authority (tests/functional/email_tls_test.cpp), trusted instead
  // of the system's: never meant for production, so said loudly. Verification stays on.
  const char* ca_env = std::getenv("RAPPORT_TEST_CA_FILE");
  std::string ca_file = ca_env ? ca_env : "";
  if (!ca_file.empty())
    spdlog::warn("RAPPORT_TEST_CA_FILE is set: SMTP servers are trusted only when their certificate chains to {} "
                 "(a test setting, not for production)", ca_file);
  jobs_->add_type(email::send_job_type({.db = *db_, .vault = *vault_, .allow = std::move(allow), .services = std::move(services),
                                        .time_scale = cfg_.webhook_time_scale, .ca_file = std::move(ca_file)}));
}

// Imports: their routes, and the import.run / import.undo jobs this node runs (one at a time each, so
// an import takes a bounded share of the writer), writing records through the record services' store.
void Application::add_imports(http::Api& api) {
  imports::Services services = [this](std::string_view object) { return service_for(object); };
  auto service = std::make_shared<imports::ImportService>(*db_, services);
  imports::add_routes(api, service, std::make_shared<imports::MappingService>(*db_, service), cfg_.import_max_bytes);
  auto notify = imports::progress_notices(*notices_);  // one throttle for the runs and the undos
  jobs_->add_type(imports::run_job_type({.db = *db_, .services = services, .on_progress = notify}));
  jobs_->add_type(imports::undo_job_type({.db = *db_, .services = std::move(services), .on_progress = std::move(notify)}));
}

// Support: the SLA's configuration routes, the KPI report, the minute's scan for warnings and breaches (its
// schedule is (re)written at start-up, the same by every node) and the re-timing of a workspace's
// open tickets after its configuration changed; the public side: web forms that open tickets, and
// the satisfaction survey (its settings, its public page, and the support.satisfaction_survey jobs
// this node runs, which email links built on --public-url).
void Application::add_dedupe(http::Api& api) {
  dedupe::add_routes(api, *db_);
  dedupe::add_merge_routes(api, *db_, [this](std::string_view object) { return service_for(object); });
  dedupe::add_dismissal_routes(api, *db_, [this](std::string_view object) { return service_for(object); });
  jobs_->add_type(dedupe::scan_job_type(*db_));
  jobs_->add_type(dedupe::scan_due_job_type(*db_));
  if (Status st = dedupe::install_scan_schedule(*db_); !st)
    throw std::runtime_error("cannot schedule the duplicates scan: " + st.problem().detail);
}

void Application::add_scoring(http::Api& api) {
  // Lead and deal scoring: its routes, the training jobs this node runs, and the nightly schedule
  // (written at start-up, the same by every node).
  scoring::add_routes(api, *db_);
  jobs_->add_type(scoring::train_job_type(*db_));
  jobs_->add_type(scoring::schedule_job_type(*db_));
  if (Status st = scoring::install_schedule(*db_); !st)
    throw std::runtime_error("cannot schedule the scoring models' training: " + st.problem().detail);
  jobs_->add_type(scoring::refresh_job_type(*db_));
  jobs_->add_type(scoring::refresh_due_job_type(*db_));
  if (Status st = scoring::install_refresh_schedule(*db_); !st)
    throw std::runtime_error("cannot schedule the hourly rescoring: " + st.problem().detail);
}

void Application::add_support(http::Api& api) {
  support::add_sla_routes(api, *db_);
  support::add_kpi_route(api, *db_);
  jobs_->add_type(support::sla_scan_job_type(*db_));
  jobs_->add_type(support::sla_refresh_job_type(*db_));
  // Tickets answered or solved before their KPI durations were stored: timed in the background.
  jobs_->add_type(support::kpi_backfill_job_type(*db_));
  if (Status st = support::queue_kpi_backfill(*db_); !st)
    throw std::runtime_error("cannot queue the KPI backfill: " + st.problem().detail);
  if (Status st = support::install_sla_scan(*db_); !st)
    throw std::runtime_error("cannot schedule the SLA scan: " + st.problem().detail);
  support::add_web_form_routes(api, std::make_shared<support::WebFormService>(*db_), *client_address_);
  std::string base = cfg_.public_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  support::add_satisfaction_routes(api, *db_, std::make_shared<support::SurveyService>(*db_, *vault_), !base.empty());
  jobs_->add_type(support::survey_job_type({.db = *db_, .vault = *vault_, .public_url = base, .specs = record_specs()}));
}

// Campaign tracking and unsubscribing: the public /t/o, /t/c and /u routes of campaign messages,
// and the recorder that writes the opens and clicks in batches (stopped by serve() before the
// database closes, so that a graceful stop writes every event it answered).
void Application::add_campaign_tracking(http::Api& api) {
  // PostgreSQL's batches take up to 10,000 events (at 35,000 events/s, a quarter less CPU an event
  // than 2,000: docs/benchmarks.md, "Tracking (session 24)"); SQLite's stay at 2,000, so that a batch
  // never holds its one writer long.
  const bool postgres = db_->read([](db::Connection& c) { return c.dialect() == db::Dialect::Postgres; });
  tracking_ = std::make_unique<marketing::TrackingRecorder>(*db_, marketing::RecorderOptions{.batch = postgres ? 10'000u : 2'000u});
  link_cache_ = std::make_shared<marketing::LinkCache>();
  marketing::add_tracking_routes(api, *db_, *vault_, *tracking_, link_cache_);
  marketing::add_unsubscribe_routes(api, std::make_shared<marketing::UnsubscribeService>(*db_, *vault_));
}

// Campaigns: their routes, and the campaign.freeze / campaign.send jobs this node runs, which read
// the contacts through the contacts' record store and send through the workspace's SMTP server
// (the webhooks' allow-list, as email does; the TLS tests' CA when RAPPORT_TEST_CA_FILE is set).
void Application::add_campaigns(http::Api& api) {
  records::Service* contacts = service_for("contacts");
  if (!contacts) throw std::runtime_error("campaigns need the contacts' record service");
  const char* ca_env = std::getenv("RAPPORT_TEST_CA_FILE");
  marketing::SmtpAccess smtp{.vault = *vault_, .allow = net::AllowList::from_options(cfg_.webhook_allow_hosts, cfg_.webhook_allow_hosts_env),
                             .ca_file = ca_env ? ca_env : "", .public_url = cfg_.public_url};
  while (!smtp.public_url.empty() && smtp.public_url.back() == '/') smtp.public_url.pop_back();
  marketing::add_campaign_routes(api, std::make_shared<marketing::CampaignService>(*db_, contacts->store(), customers::company_spec(), smtp, link_cache_));
  const marketing::CampaignJobDeps deps{.db = *db_, .contacts = contacts->store(), .companies = customers::company_spec(), .smtp = smtp};
  jobs_->add_type(marketing::freeze_job_type(deps));
  jobs_->add_type(marketing::send_job_type(deps));
}

}  // namespace rapport::app

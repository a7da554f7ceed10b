#include "app/application.hpp"

#include <signal.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "access/admin_routes.hpp"
#include "access/browser_session.hpp"
#include "access/mfa_routes.hpp"
#include "access/provisioning.hpp"
#include "access/retention_rules.hpp"
#include "access/routes.hpp"
#include "app/data_directory.hpp"
#include "app/existing_database.hpp"
#include "app/master_key.hpp"
#include "app/modules.hpp"
#include "app/openapi.hpp"
#include "app/storage_metrics.hpp"
#include "modules/activities/activities.hpp"
#include "modules/analytics/report_email_job.hpp"
#include "modules/analytics/routes.hpp"
#include "modules/customers/routes.hpp"
#include "modules/customers/specs.hpp"
#include "modules/dedupe/scan.hpp"
#include "modules/marketing/form_routes.hpp"
#include "modules/marketing/lead_consents.hpp"
#include "modules/marketing/routes.hpp"
#include "modules/customfields/routes.hpp"
#include "modules/views/routes.hpp"
#include "modules/automation/date_scan.hpp"
#include "modules/automation/routes.hpp"
#include "modules/automation/run.hpp"
#include "modules/automation/schedule_trigger.hpp"
#include "modules/automation/sink.hpp"
#include "modules/automation/zone_change.hpp"
#include "modules/email/routes.hpp"
#include "modules/email/send_job.hpp"
#include "modules/imports/routes.hpp"
#include "modules/imports/run_import.hpp"
#include "modules/webhooks/deliver.hpp"
#include "modules/webhooks/retention.hpp"
#include "modules/webhooks/routes.hpp"
#include "modules/webhooks/sink.hpp"
#include "modules/sales/reports.hpp"
#include "platform/build_info.hpp"
#include "modules/sales/routes.hpp"
#include "modules/support/routes.hpp"
#include "modules/privacy/routes.hpp"
#include "platform/audit_routes.hpp"
#include "platform/jobs/enqueue.hpp"
#include "platform/jobs/metrics.hpp"
#include "platform/jobs/retention.hpp"
#include "platform/jobs/routes.hpp"
#include "platform/clock.hpp"
#include "platform/db/migrations.hpp"
#include "platform/records/idempotency.hpp"
#include "platform/json_log.hpp"
#include "platform/json_text.hpp"
#include "platform/process_stats.hpp"
#include "platform/db/pg_connection_adapter.hpp"
#include "platform/db/pg_database.hpp"
#include "platform/db/pg_migrations.hpp"
#include "platform/db/postgres.hpp"
#include "platform/http/connection_limit.hpp"
#include "platform/http/site_directory.hpp"
#include "platform/db/sqlite_database.hpp"
#include "platform/db/unavailable.hpp"
#include "platform/events/realtime_sinks.hpp"
#include "platform/events/routes.hpp"
#include "platform/records/custom_field_indexes.hpp"
#include "platform/records/recycle_bin.hpp"
#include "platform/records/routes.hpp"
#include "platform/records/search.hpp"

namespace rapport::app {
namespace json = boost::json;
using http::Request;
using http::Response;

namespace {

std::pair<std::string, unsigned short> split_listen(const std::string& listen, const std::string& option = "--listen") {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) throw std::runtime_error(option + " must be ADDRESS:PORT, e.g. 127.0.0.1:8080");
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
  int port = std::stoi(listen.substr(colon + 1));
  if (port < 0 || port > 65535) throw std::runtime_error(option + " port must be 0 to 65535");
  return {host, static_cast<unsigned short>(port)};
}

}  // namespace

std::unique_ptr<db::Database> open_database(const std::string& data_dir, int readers,
                                            const std::string& database_url, int pool_size,
                                            const std::string& master_key_file, std::unique_ptr<Vault>* vault,
                                            Opening opening, int reader_cache_mib) {
  MasterKeySource keys{master_key_file, data_dir, !database_url.empty()};
  const bool create = opening == Opening::CreateOrMigrate;
  if (!database_url.empty()) {
    if (database_url.rfind("postgres://", 0) != 0 && database_url.rfind("postgresql://", 0) != 0)
      throw std::runtime_error("--database must be a postgres:// or postgresql:// URL");
    db::PgOptions opts;
    opts.url = database_url;
    {
      // A migration may rebuild indexes over millions of rows: no statement timeout for it.
      db::PgOptions migrating = opts;
      migrating.statement_timeout = std::chrono::milliseconds(0);
      db::PgConnection c(migrating);
      db::PgAdapterConnection adapter(c);
      if (create) {
        auto report = db::migrate_pg(c);
        for (const auto& name : report.applied) spdlog::info("applied migration {}", name);
        records::sync_custom_field_indexes_at_start(adapter);
      } else {
        require_schema(adapter, describe_database(data_dir, database_url), true);
      }
      auto v = open_vault(adapter, keys);
      if (vault) *vault = std::move(v);
    }
    return std::make_unique<db::PgDatabase>(opts, pool_size);
  }
  std::string path = create ? prepare_sqlite_file(data_dir) : existing_sqlite_file(data_dir);
  {
    db::SqliteConnection c(path, false);
    if (create) {
      auto report = db::migrate(c);
      for (const auto& name : report.applied) spdlog::info("applied migration {}", name);
      for (const auto& name : report.analyzed) spdlog::info("planner statistics taken of index {}", name);
      records::sync_custom_field_indexes_at_start(c);
      // Refreshes the planner's statistics where they are stale (cheap when they are not).
      c.exec("PRAGMA optimize=0x10002");
    } else {
      require_schema(c, describe_database(data_dir, database_url), true);
    }
    auto v = open_vault(c, keys);
    if (vault) *vault = std::move(v);
  }
  return std::make_unique<db::SqliteDatabase>(path, readers, reader_cache_mib * 1024);
}

Application::Application(Config cfg) : cfg_(std::move(cfg)) {
  register_modules();
  db_ = open_database(cfg_.data_dir, cfg_.readers, cfg_.database_url, cfg_.pool_size, cfg_.master_key_file, &vault_,
                      Opening::CreateOrMigrate, cfg_.reader_cache_mib);
  spdlog::info("master key {} checked against the database", vault_->key_id());
  client_address_ = std::make_unique<http::ClientAddress>(cfg_.trusted_proxies);
  if (cfg_.database_url.empty()) {
    realtime_sink_ = std::make_unique<events::LocalHubSink>(hub_);
    notices_ = std::make_unique<events::LocalNotices>(hub_);
  } else {
    realtime_sink_ = std::make_unique<events::PgNotifySink>();
    notices_ = std::make_unique<events::PgNotices>(*db_);
    db::PgOptions listen;
    listen.url = cfg_.database_url;
    listener_ = std::make_unique<events::PgListener>(listen, hub_);
  }
  webhook_sink_ = std::make_unique<webhooks::WebhookSink>(record_specs());
  automation_sink_ = std::make_unique<automation::AutomationSink>();
  relay_ = std::make_unique<events::Relay>(
      *db_, std::vector<events::Sink*>{realtime_sink_.get(), webhook_sink_.get(), automation_sink_.get()});
  jobs::RunnerOptions job_options;
  job_options.workers = cfg_.job_workers;
  job_options.lease = std::chrono::milliseconds(cfg_.job_lease_ms);
  jobs_ = std::make_unique<jobs::Runner>(*db_, job_options);
  db_->set_commit_hook([this] {
    relay_->nudge();
    jobs_->on_commit();
  });
  if (listener_) listener_->also_listen(jobs::kNotifyChannel, [this] { jobs_->nudge(); });
  // Another node changed a key, user, role or workspace (credentials_may_have_changed): the keys this
  // node checked are looked up again; also each time listening restarts, since notices were lost.
  if (listener_) listener_->also_listen(kCredentialsChannel, [this] { auth_->forget_checked_keys(); });
  access::ThrottleOptions throttle;
  throttle.account.backoff_cap_s = throttle.address.backoff_cap_s = cfg_.login_backoff_cap_s;
  auth_ = std::make_unique<access::Auth>(*db_, *vault_, throttle, cfg_.session_ttl_s, cfg_.session_idle_s);
  auto rules = access::retention_rules(cfg_.session_idle_s, throttle.window_s);
  rules.push_back(records::idempotency_retention());
  for (auto& rule : jobs::retention_rules()) rules.push_back(std::move(rule));
  rules.push_back(webhooks::retention_rule());
  retention_ = std::make_unique<Retention>(*db_, std::move(rules));
  build_routes();
}

// The recheck thread calls into auth_, which is destroyed before hub_: stop it first (serve() does on
// a normal shutdown; this covers a failed start).
Application::~Application() { hub_.stop_rechecks(); }

namespace {

// The web UI: --web-dir, else the files built into this binary, else none (the UI's paths then say so).
std::unique_ptr<http::StaticSite> make_site(const Config& cfg) {
  if (!cfg.web_dir.empty())
    return std::make_unique<http::StaticSite>(std::make_unique<http::DirectoryFiles>(cfg.web_dir), "");
  if (!cfg.embedded_web.empty())
    return std::make_unique<http::StaticSite>(std::make_unique<http::EmbeddedFiles>(cfg.embedded_web), "");
  return std::make_unique<http::StaticSite>(
      nullptr,
      "This rapport was built without the web UI (cmake -DRAPPORT_WEB=OFF, or no web/ folder): the API is at "
      "/api/v1/ (reference: /api/v1/openapi.json); `rapport serve --web-dir DIR` serves a UI built apart");
}

}  // namespace

void Application::build_routes() {
  site_ = make_site(cfg_);
  api_ = std::make_unique<http::Api>(router_, [this](const Request& req) -> Result<access::Context> {
    // A browser sends its session in the cookie; state-changing requests must then carry the CSRF
    // token too. Everything else sends Authorization: Bearer.
    std::string_view authorization = req.header("Authorization");
    if (authorization.empty()) {
      if (auto cookie = access::session_cookie(req); cookie && cookie->rfind("rps_", 0) == 0) {
        auto ctx = auth_->authenticate("Bearer " + *cookie);
        if (ctx && !access::csrf_allows(req, ctx->csrf_hash))
          return Problem{403, "Forbidden", "A request made with the session cookie must send the session's CSRF token in X-CSRF-Token",
                         {}, "csrf-token-missing"};
        return ctx;
      }
    }
    return auth_->authenticate(authorization);
  });
  http::Api& api = *api_;
  if (cfg_.rate_limit > 0)
    api.set_rate_limiter(std::make_shared<http::RateLimiter>(cfg_.rate_limit, std::max(1.0, 2 * cfg_.rate_limit)));

  api.public_route("GET", "/healthz", [](Request&) { return health_response(); },
                   {.summary = "Liveness: the process is serving, and which build it is", .tag = "Operations",
                    .response_schema = "Health"});
  api.public_route("GET", "/readyz",
                   [this](Request& req) -> Response {
                     try {
                       db_->read([](db::Connection& c) { return c.scalar("SELECT 1"); });
                     } catch (const std::exception&) {
                       return http::fail(Problem::unavailable("The database is not available"), req);
                     }
                     if (server_ && server_->stopping()) return http::fail(Problem::unavailable("Shutting down"), req);
                     return http::json(200, json::object{{"status", "ready"}});
                   },
                   {.summary = "Readiness: the database answers and the server is not shutting down", .tag = "Operations",
                    .response_schema = "Health", .problems = {{503, "Not ready: the database does not answer or the server is stopping"}}});
  api.public_route("GET", "/metrics",
                   [this](Request& req) {
                     // With --metrics-listen, /metrics is not exposed with the API.
                     if (!cfg_.metrics_listen.empty()) return http::fail(Problem::not_found("No route matches " + req.path), req);
                     return metrics_response();
                   },
                   {.summary = "Prometheus metrics (404 when the server runs with --metrics-listen, which serves them apart)",
                    .tag = "Operations", .response_content_type = "text/plain",
                    .problems = {{404, "The server runs with --metrics-listen: the metrics are served on that address"}}});
  api.public_route("GET", "/hello", [](Request&) { return http::json(200, json::object{{"message", "hello"}}); },
                   {.summary = "Hello-world baseline on the same server stack (for benchmarks)", .tag = "Operations",
                    .response_schema = "Hello"});
  api.public_route("GET", "/api/v1/openapi.json",
                   [this](Request&) {
                     Response r;
                     r.body = openapi_;
                     return r;
                   },
                   {.summary = "This OpenAPI 3.1 document", .tag = "Operations", .response_schema = "OpenApiDocument"});

  access::add_routes(api, *auth_, *db_, *client_address_, cfg_.secure_cookies);
  access::add_mfa_routes(api, *db_, *vault_, auth_->throttle(), *client_address_);
  access::add_session_routes(api, *db_, auth_->throttle(), *client_address_);
  access::add_user_routes(api, *db_);
  access::add_team_routes(api, *db_);
  access::add_role_routes(api, *db_);
  // A new time zone moves what automation computed on the old wall clock, in the same transaction.
  access::add_workspace_routes(api, *db_, {[](db::Connection& c, const std::string& ws, const std::string& before, const std::string& after) {
                                 return automation::follow_time_zone(c, record_specs(), ws, before, after, clock::now_ms());
                               }});
  const std::vector<const records::ObjectSpec*>& specs = record_specs();
  // Literal sub-paths (timeline, export, erase, consents) before the generic {id} routes of the same length.
  activities::add_timeline_routes(api, *db_);
  privacy::add_routes(api, *db_);
  // A lead's web-form consents become its contact's (marketing/lead_consents.hpp).
  sales::add_convert_route(api, *db_, [](db::Connection& c, const access::Context& ctx, const std::string& lead_id,
                                         const std::string& contact_id) -> Status {
    marketing::carry_lead_consents(c, ctx, lead_id, contact_id);
    return ok_status();
  });
  for (const auto* s : specs) {
    services_.push_back(std::make_unique<records::Service>(*db_, *s));
    const std::size_t first = router_.routes().size();
    records::add_record_routes(api, *services_.back(), dedupe::created_notice(*db_, s->object));
    leaves_credentials_.resize(router_.routes().size(), false);
    for (std::size_t i = first; i < leaves_credentials_.size(); ++i) leaves_credentials_[i] = true;
  }
  sales::add_pipeline_routes(api, *db_);
  sales::add_stage_history_route(api, *db_);
  sales::add_line_item_routes(api, *db_);
  for (auto& svc : services_) {
    if (svc->spec().object == "deals") sales::add_board_routes(api, *db_, *svc);
    if (svc->spec().object == "contacts") {
      customers::add_routes(api, *svc);
      marketing::add_routes(api, *db_, svc->store(), customers::company_spec());
      marketing::add_form_routes(api, *db_, *client_address_);
    }
    if (svc->spec().object == "activities") activities::add_icalendar_route(api, *svc);
    if (svc->spec().object == "tickets") support::add_routes(api, *svc, specs);
  }
  activities::add_calendar_feed_routes(api, *db_, [this](std::string_view token) { return auth_->authenticate_calendar_feed(token); });
  sales::add_report_routes(api, *db_);
  analytics::add_routes(api, *db_, specs);
  jobs_->add_type(analytics::report_email_job_type(*db_, specs));
  customfields::add_routes(api, *db_, specs);
  views::add_routes(api, *db_, specs);
  records::add_recycle_bin_route(api, *db_, specs);
  records::add_search_route(api, *db_, specs);
  audit::add_routes(api, *db_);
  jobs::add_routes(api, *db_);
  add_webhooks(api);
  add_automations(api);
  add_email(api);
  add_imports(api);
  add_dedupe(api);
  add_scoring(api);
  add_support(api);
  add_campaign_tracking(api);
  add_campaigns(api);
  // A socket rechecks the credential it was opened with, read as the Api wrapper reads it (header,
  // else session cookie), without counting as a use of the session.
  events::Rechecker rechecker = [this](const Request& req) -> events::Recheck {
    std::string authorization(req.header("Authorization"));
    if (authorization.empty())
      if (auto cookie = access::session_cookie(req); cookie && cookie->rfind("rps_", 0) == 0) authorization = "Bearer " + *cookie;
    return [this, authorization] { return auth_->authenticate(authorization, false); };
  };
  events::add_routes(api, hub_, *db_, std::move(rechecker), {.allowed_origins = cfg_.allowed_origins});

  std::vector<std::pair<std::string, std::string>> slots;
  for (const auto& r : router_.routes()) slots.emplace_back(r.method, r.pattern);
  web_slot_ = slots.size();
  slots.emplace_back("GET", "web-ui");  // every answer of the web UI (HEAD included)
  metrics_.define_routes(slots);
  metrics_.set_build_info(build::version(), build::commit());
  openapi_ = json::serialize(build_openapi(router_, specs));
}

Response Application::health_response() {
  return http::json(200, json::object{{"status", "ok"}, {"version", build::version()}, {"commit", build::commit()}});
}

Response Application::metrics_response() {
  Response r;
  r.body = metrics_.render();
  r.content_type = "text/plain; version=0.0.4";
  return r;
}

// The metrics listener answers /metrics and /healthz only: nothing of the API is reachable there.
Response Application::operations_dispatch(Request& req) {
  if (req.path != "/metrics" && req.path != "/healthz") return http::fail(Problem::not_found("No route matches " + req.path), req);
  if (req.method() != "GET") {
    Response r = http::fail(Problem{405, "Method Not Allowed", "This path accepts GET", {}, "method-not-allowed"}, req);
    r.header("Allow", "GET");
    return r;
  }
  return req.path == "/metrics" ? metrics_response() : health_response();
}

void Application::start_metrics_server() {
  auto [host, port] = split_listen(cfg_.metrics_listen, "--metrics-listen");
  http::ServerOptions o;
  o.address = host;
  o.port = port;
  o.io_threads = 1;
  o.workers = 1;
  o.read_workers = 1;
  o.max_connections = 64;  // a few scrapers
  metrics_server_ = std::make_unique<http::Server>(
      o, [this](Request& req) { return operations_dispatch(req); },
      [](std::string_view, std::string_view) -> std::size_t { return 1024; }, nullptr);
  unsigned short bound = metrics_server_->start();
  spdlog::info("serving /metrics and /healthz on http://{}:{}", host.find(':') != std::string::npos ? "[" + host + "]" : host, bound);
}

Response Application::dispatch(Request& req) {
  auto m = router_.match(req.method(), req.path, &req);
  if (!m.route) {
    if (m.path_exists) {
      std::string allow;
      for (const auto& a : m.allowed) allow += (allow.empty() ? "" : ", ") + a;
      Response r = http::fail(Problem{405, "Method Not Allowed", "This path accepts " + allow, {}, "method-not-allowed"}, req);
      r.header("Allow", allow);
      return r;
    }
    // Not the API's: the web UI's (index.html for its client-side routes), not in the OpenAPI document.
    if ((req.method() == "GET" || req.method() == "HEAD") && http::StaticSite::serves(req.path)) {
      req.route = "web-ui";
      req.route_index = web_slot_;
      return site_->answer(req);
    }
    return http::fail(Problem::not_found("No route matches " + req.path), req);
  }
  req.route_index = m.route->index;
  if (auto refused = credentials_in_url(req)) return std::move(*refused);
  // Once a change that may concern a credential is over (committed, refused or in doubt), API keys
  // checked before it are looked up again at their next request (access/checked_keys.hpp).
  const std::string_view method = req.method();
  const bool may_change_credentials = method != "GET" && method != "HEAD" && method != "OPTIONS" &&
                                      !(m.route->index < leaves_credentials_.size() && leaves_credentials_[m.route->index]);
  Response r;
  try {
    r = m.route->handler(req);
  } catch (const db::PgUnavailable&) {
    r = database_unavailable(req);
  } catch (const db::Unavailable&) {
    r = database_unavailable(req);
  } catch (...) {
    if (may_change_credentials) credentials_may_have_changed();
    throw;
  }
  if (may_change_credentials) credentials_may_have_changed();
  return r;
}

void Application::credentials_may_have_changed() {
  auth_->forget_checked_keys();
  // The other nodes on the same PostgreSQL database forget theirs too (their listeners, see
  // build_routes); when this cannot be sent they still look each key up again within a second.
  if (listener_)
    (void)db_->write([](db::Connection& c) -> Status {
      c.prepare(std::string("SELECT pg_notify('") + kCredentialsChannel + "', '')").run();
      return ok_status();
    });
}

// Credentials in a URL end up in logs, browser history and Referer headers: refuse them loudly
// instead of ignoring them, so that a client that sends one learns at once.
std::optional<Response> Application::credentials_in_url(const Request& req) {
  for (const auto& [key, value] : req.query) {
    if (key == "access_token" || key == "api_key" || key == "apikey" || key == "token" || key == "password") {
      return http::fail(Problem::bad_request("Credentials are never accepted in the URL ('" + key +
                                             "'): send them in the Authorization header"),
                        req);
    }
  }
  return std::nullopt;
}

// The database server is down or restarting (db::PgUnavailable), its storage failed a read or
// write, or a statement hit its timeout (db::Unavailable): a temporary condition the client may retry.
Response Application::database_unavailable(const Request& req) {
  // With Retry-After.
  return http::fail(
      Problem::unavailable("The database cannot serve the request now (unreachable, a storage error or a timeout); retry shortly"),
      req);
}

std::optional<Response> Application::vet(Request& req) {
  auto m = router_.match(req.method(), req.path, &req);
  if (!m.route) return dispatch(req);  // 404 and 405 need no body
  if (m.route->doc.is_public) return std::nullopt;
  req.route_index = m.route->index;
  // What dispatch() would refuse before the handler, in its order.
  if (auto refused = credentials_in_url(req)) return refused;
  try {
    return m.route->refuse_early ? m.route->refuse_early(req) : api_->refuse_early(req, m.route->doc);
  } catch (const db::PgUnavailable&) {
    return database_unavailable(req);
  } catch (const db::Unavailable&) {
    return database_unavailable(req);
  }
}

// One access-log line: who (ids only), what (the route's path, never the query string, which may
// hold filter values), how it ended (status, bytes, the problem type of an error) and how long it took.
void Application::log_request(const Request& req, const Response& res, std::size_t body_bytes, double secs) {
  // Rendered as text, without a JSON value: this runs for every request.
  std::string m;
  m.reserve(256 + req.path.size());
  auto text = [&m](std::string_view name, std::string_view value) {
    if (!m.empty()) m.push_back(',');
    json_text::append_string(m, name);
    m.push_back(':');
    json_text::append_string(m, value);
  };
  auto number = [&m](std::string_view name, int64_t value) {
    m.push_back(',');
    json_text::append_string(m, name);
    m.push_back(':');
    json_text::append_int(m, value);
  };
  text("request_id", req.request_id);
  text("method", req.method());
  text("path", req.path);
  text("route", req.route);
  number("status", res.status);
  number("bytes_sent", static_cast<int64_t>(body_bytes));
  number("duration_us", static_cast<int64_t>(secs * 1e6));
  text("remote", req.remote);
  if (!req.workspace_id.empty()) text("workspace_id", req.workspace_id);
  if (!req.user_id.empty()) text("user_id", req.user_id);
  if (!req.api_key_id.empty()) text("api_key_id", req.api_key_id);
  if (!res.problem_type.empty()) text("problem_type", res.problem_type);
  json_log::write_members("info", "request", m);
}

// Everything /metrics reports besides the requests (docs/operations.md lists and explains each).
void Application::add_metrics() {
  metrics_.add_gauge("rapport_db_readers_in_use", "Read connections in use", [this] { return db_->stats().readers_in_use; });
  metrics_.add_gauge("rapport_db_readers_open", "Read connections open", [this] { return db_->stats().readers_total; });
  metrics_.add_gauge("rapport_db_write_queue_depth", "Writes waiting for the writer", [this] { return static_cast<double>(db_->stats().write_queue_depth); });
  metrics_.add_counter("rapport_db_write_batches_total", "Group commits so far", [this] { return static_cast<double>(db_->stats().write_batches); });
  metrics_.add_counter("rapport_db_write_jobs_total", "Writes committed or refused so far", [this] { return static_cast<double>(db_->stats().write_jobs); });
  metrics_.add_counter("rapport_db_statements_evicted_total", "Prepared statements evicted from connection caches (256 per connection)",
                       [] { return static_cast<double>(db::statements_evicted().load()); });
  metrics_.add_gauge("rapport_http_open_connections", "Open client connections", [this] { return static_cast<double>(server_->open_connections()); });
  metrics_.add_counter("rapport_http_refused_connections_total", "Connections answered 503 beyond --max-connections",
                       [this] { return static_cast<double>(server_->refused_connections()); });
  metrics_.add_gauge("rapport_websocket_connections", "Open WebSocket connections", [this] { return static_cast<double>(server_->open_websockets()); });
  metrics_.add_counter("rapport_events_relayed_total", "Outbox events relayed by this node", [this] { return static_cast<double>(relay_->relayed()); });
  metrics_.add_counter("rapport_events_relay_failures_total", "Relay batches rolled back", [this] { return static_cast<double>(relay_->failures()); });
  metrics_.add_counter("rapport_events_published_total", "Event notices handed to this node's subscribers", [this] { return static_cast<double>(hub_.published()); });
  metrics_.add_counter("rapport_websocket_closed_by_recheck_total", "WebSockets closed because their credential ended or their role reads less",
                       [this] { return static_cast<double>(hub_.closed_by_recheck()); });
  const auto& logins = auth_->counters();
  metrics_.add_counter("rapport_logins_total", "Successful sign-ins", [&logins] { return static_cast<double>(logins.succeeded.load()); });
  metrics_.add_counter("rapport_login_failures_total", "Failed sign-ins of known accounts (each in its workspace's audit log)",
                       [&logins] { return static_cast<double>(logins.failed.load()); });
  metrics_.add_counter("rapport_login_failures_unknown_email_total", "Failed sign-ins with an email no account has",
                       [&logins] { return static_cast<double>(logins.unknown_email.load()); });
  metrics_.add_counter("rapport_login_throttled_total", "Sign-ins refused with 429 before any check",
                       [&logins] { return static_cast<double>(logins.throttled.load()); });
  if (listener_)
    metrics_.add_gauge("rapport_events_listener_up", "1 while this node listens for other nodes' events", [this] { return listener_->listening() ? 1.0 : 0.0; });
  if (tracking_) {
    auto* rec = tracking_.get();
    metrics_.add_gauge("rapport_tracking_events_pending", "Opens and clicks waiting in memory for their batch",
                       [rec] { return static_cast<double>(rec->stats().pending); });
    metrics_.add_counter("rapport_tracking_events_queued_total", "Opens and clicks accepted for writing",
                         [rec] { return static_cast<double>(rec->stats().queued); });
    metrics_.add_counter("rapport_tracking_events_written_total", "Opens and clicks written to tracking_events",
                         [rec] { return static_cast<double>(rec->stats().written); });
    metrics_.add_counter("rapport_tracking_events_skipped_total", "Opens and clicks not written: their contact was erased or gone",
                         [rec] { return static_cast<double>(rec->stats().skipped); });
    metrics_.add_counter("rapport_tracking_events_dropped_total", "Opens and clicks answered but not written: the queue was full, or the database refused them longer than the queue could hold",
                         [rec] { return static_cast<double>(rec->stats().dropped); });
  }
  jobs::add_metrics(metrics_, *db_, *jobs_);
  add_storage_metrics(metrics_, *db_, cfg_.data_dir, !cfg_.database_url.empty());
  add_process_metrics(metrics_);
}

int Application::serve() {
  // Block the stop signals in every thread; this one waits for them below.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);

  spdlog::info("{} starting", build::describe());
  auto [host, port] = split_listen(cfg_.listen);
  http::ServerOptions opts;
  opts.address = host;
  opts.port = port;
  opts.io_threads = cfg_.io_threads;
  opts.workers = cfg_.workers;
  opts.read_workers = cfg_.read_workers;
  opts.header_timeout = std::chrono::seconds(cfg_.header_timeout_s);
  opts.read_timeout = std::chrono::seconds(cfg_.read_timeout_s);
  opts.write_timeout = std::chrono::seconds(cfg_.read_timeout_s);
  opts.idle_timeout = std::chrono::seconds(cfg_.idle_timeout_s);
  // The cap over every route's own limit: an import's file may be as large as --import-max-bytes
  // (without this a file over 64 MiB got the server's 413 whatever the import's limit said).
  opts.max_body_limit = std::max(opts.max_body_limit, cfg_.import_max_bytes);
  // Each connection is a descriptor, and so are the database's files or connections and the logs.
  opts.max_connections = http::connection_limit(cfg_.max_connections, 64 + static_cast<std::size_t>(cfg_.pool_size + cfg_.readers));
  spdlog::info("accepting at most {} connections", opts.max_connections);
  server_ = std::make_unique<http::Server>(
      opts, [this](Request& req) { return dispatch(req); },
      [this](std::string_view method, std::string_view target) -> std::size_t {
        auto path = target.substr(0, target.find('?'));
        auto m = router_.match(method, path);
        return m.route ? m.route->body_limit : 1024 * 1024;
      },
      [this](const Request& req, const Response& res, std::size_t body_bytes, double secs) {
        metrics_.record(req.route_index == static_cast<std::size_t>(-1) ? metrics_.unmatched_slot() : req.route_index,
                        res.status, secs);
        if (cfg_.access_log) log_request(req, res, body_bytes, secs);
      },
      [this](Request& req) { return vet(req); });
  add_metrics();

  relay_->start();
  jobs_->start();
  retention_->start();
  if (listener_) listener_->start();
  hub_.start_rechecks(std::chrono::milliseconds(cfg_.ws_recheck_ms));

  if (!cfg_.metrics_listen.empty()) start_metrics_server();
  unsigned short bound = server_->start();
  std::string base = "http://" + (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" + std::to_string(bound);
  spdlog::info("serving on {} ({}); API reference: {}/api/v1/openapi.json", base, storage_description(), base);
  greet_on_terminal(base);
  if (!cfg_.port_file.empty()) {
    std::ofstream(cfg_.port_file + ".tmp") << bound << "\n";
    std::filesystem::rename(cfg_.port_file + ".tmp", cfg_.port_file);
  }
  int sig = 0;
  sigwait(&set, &sig);
  spdlog::info("received {}, shutting down: finishing in-flight requests", sig == SIGTERM ? "SIGTERM" : "SIGINT");
  // Long jobs (an import) are asked to hand themselves back now, while the requests drain: stopped
  // only after the HTTP server, an import ran on for seconds, or to its end (the resume test).
  jobs_->request_stop();
  server_->stop();
  if (metrics_server_) metrics_server_->stop();
  hub_.stop_rechecks();
  tracking_->stop();  // writes the opens and clicks the server answered
  retention_->stop();  // finishes its batch
  relay_->stop();  // finishes its batch; what is left stays in the outbox for the next start
  jobs_->stop();  // hands the jobs it had not started back; waits for the running ones
  if (listener_) listener_->stop();
  db_->shutdown();
  spdlog::info("stopped cleanly");
  return 0;
}

}  // namespace rapport::app

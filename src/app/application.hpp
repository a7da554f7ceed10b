// Composition root: opens the database, applies migrations, builds the router from every module and
// runs the HTTP server. main() only parses the command line and calls into here.
#pragma once
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "access/auth.hpp"
#include "modules/marketing/tracking_link_cache.hpp"
#include "modules/marketing/tracking_recorder.hpp"
#include "platform/db/database.hpp"
#include "platform/db/sqlite_sizes.hpp"
#include "platform/events/hub.hpp"
#include "platform/events/pg_listener.hpp"
#include "platform/events/relay.hpp"
#include "platform/http/api.hpp"
#include "platform/http/client_address.hpp"
#include "platform/http/server.hpp"
#include "platform/http/static_site.hpp"
#include "platform/metrics.hpp"
#include "platform/retention.hpp"
#include "platform/records/service.hpp"
#include "platform/jobs/runner.hpp"
#include "platform/vault.hpp"

namespace rapport::app {

struct Config {
  std::string listen = "127.0.0.1:8080";
  std::string data_dir = "./rapport-data";
  bool demo = false;
  int io_threads = 2;
  int workers = 64;       // threads for writes (they mostly wait for the group commit)
  int read_workers = 4;   // threads for GET requests
  int readers = 4;        // read-only database connections
  int reader_cache_mib = db::kReaderCacheMiB;  // SQLite: each reader's page cache
  bool access_log = true;
  std::string port_file;  // when set, the bound port is written there once serving
  std::string database_url;  // postgres://... to use PostgreSQL instead of the SQLite file
  int pool_size = 8;         // PostgreSQL connections
  int header_timeout_s = 10;  // a request's line and headers, from their first byte
  int read_timeout_s = 30;    // a request's body, once its headers are in
  int idle_timeout_s = 60;  // a keep-alive connection waiting for its next request
  int max_connections = 0;  // open HTTP and WebSocket connections; 0: derived (http/connection_limit.hpp)
  int64_t session_ttl_s = 12 * 3600;  // a session ends this long after login
  int64_t session_idle_s = 2 * 3600;  // or after this long without a request
  bool secure_cookies = false;  // mark session cookies Secure even without X-Forwarded-Proto: https
  double rate_limit = 100;  // requests a second per caller (bursts of twice that); 0: no limit
  std::string master_key_file;  // --master-key-file (else RAPPORT_MASTER_KEY, RAPPORT_MASTER_KEY_FILE, <data>/master.key)
  std::vector<std::string> trusted_proxies;  // peers whose X-Forwarded-For names the client
  int64_t login_backoff_cap_s = 900;         // longest wait between failed logins; 0: no back-off (hourly caps stay)
  std::vector<std::string> allowed_origins;  // browser origins besides the server's own that may open /api/v1/ws
  int64_t ws_recheck_ms = 5000;              // how often each WebSocket's credential and grants are read again
  int job_workers = 4;                       // threads running background jobs on this node
  int64_t job_lease_ms = 30000;              // a running job's lease (renewed while it runs): how soon another node retries it after a crash
  // Hosts webhooks may reach although they are or resolve to non-public addresses: --webhook-allow-host
  // (repeatable), else RAPPORT_WEBHOOK_ALLOW_HOSTS (comma-separated) in webhook_allow_hosts_env.
  std::vector<std::string> webhook_allow_hosts;
  std::string webhook_allow_hosts_env;
  // Multiplies webhook retry waits and the 5 days before a failing webhook is disabled
  // (RAPPORT_WEBHOOK_TIME_SCALE, for tests; 1 otherwise).
  double webhook_time_scale = 1.0;
  // The address customers reach this server at, for links in emails (satisfaction surveys); empty:
  // features that need one are refused when turned on.
  std::string public_url;
  std::size_t import_max_bytes = 200 * 1024 * 1024;  // the largest file POST /api/v1/imports takes (413 beyond)
  // Email sizes (--email-message-max-bytes, --email-attachment-max-bytes): modules/email EmailLimits.
  std::size_t email_message_max_bytes = 10 * 1024 * 1024;
  std::size_t email_attachment_max_bytes = 10 * 1024 * 1024;
  std::string metrics_listen;  // ADDRESS:PORT serving /metrics (and /healthz) apart from the API; empty: /metrics on the API
  std::string web_dir;  // --web-dir: serve the web UI from this directory instead of the files built in
  // The web UI built into the binary (main.cpp hands over the `rapport` executable's; empty in the
  // other programs and in a build with -DRAPPORT_WEB=OFF).
  std::span<const http::EmbeddedFile> embedded_web;
};

// How a command opens the database: serve and init create it (and its data directory) and apply
// migrations; every other command needs one that exists with this binary's schema, and changes
// nothing about it (app/existing_database.hpp).
enum class Opening { CreateOrMigrate, Existing };

// Opens <data_dir>/rapport.db (creating it and applying migrations with CreateOrMigrate); throws on
// failure. With a postgres:// URL: PostgreSQL (migrated under an advisory lock), a pool of pool_size.
// Then loads the master key and checks it against the database (app/master_key.hpp), handing the
// vault to *vault when given: every command that opens the database refuses a wrong key.
std::unique_ptr<db::Database> open_database(const std::string& data_dir, int readers,
                                            const std::string& database_url = "", int pool_size = 8,
                                            const std::string& master_key_file = "",
                                            std::unique_ptr<Vault>* vault = nullptr,
                                            Opening opening = Opening::CreateOrMigrate, int reader_cache_mib = db::kReaderCacheMiB);

class Application {
 public:
  explicit Application(Config cfg);
  ~Application();

  // Creates the first workspace when there is none and prints how to log in; loads demo data when asked.
  void first_start();
  // Serves until SIGTERM or SIGINT, then shuts down gracefully.
  int serve();
  const http::Router& router() const { return router_; }
  // The OpenAPI document of the routes (GET /api/v1/openapi.json).
  const std::string& openapi() const { return openapi_; }

 private:
  void build_routes();
  void add_webhooks(http::Api& api);
  void add_email(http::Api& api);
  void add_imports(http::Api& api);
  void add_automations(http::Api& api);
  void add_dedupe(http::Api& api);   // duplicates: scan, merge, dismissals
  void add_scoring(http::Api& api);  // lead and deal scoring: training, refresh, schedules
  void add_support(http::Api& api);
  void add_campaign_tracking(http::Api& api);
  void add_campaigns(http::Api& api);
  records::Service* service_for(std::string_view object) const;
  void add_metrics();
  // Logs the first admin; a generated password is shown on the terminal, or was written to
  // password_file (never to the log).
  void announce_first_admin(const std::string& email, const std::optional<std::string>& generated_password,
                            const std::string& password_file);
  // On a terminal, once serving: where to open the UI and, on a first start, who signs in.
  void greet_on_terminal(const std::string& base_url) const;
  std::string first_admin_;  // the admin a first start created (empty otherwise)
  // Serves /metrics and /healthz on --metrics-listen, apart from the API.
  void start_metrics_server();
  http::Response operations_dispatch(http::Request& req);
  static http::Response health_response();
  http::Response metrics_response();
  void log_request(const http::Request& req, const http::Response& res, std::size_t body_bytes, double secs);
  std::string storage_description() const;
  http::Response dispatch(http::Request& req);
  // Judges a request on its header before its body is read (http::Server::Vet).
  std::optional<http::Response> vet(http::Request& req);
  static http::Response database_unavailable(const http::Request& req);
  static std::optional<http::Response> credentials_in_url(const http::Request& req);

  Config cfg_;
  std::unique_ptr<db::Database> db_;
  // Real-time events: the relay moves the outbox to this node's hub (SQLite) or to every node's
  // listener through NOTIFY (PostgreSQL).
  events::Hub hub_;
  std::unique_ptr<events::Sink> realtime_sink_;
  std::unique_ptr<events::Sink> webhook_sink_;  // relayed events into webhook.deliver jobs (modules/webhooks)
  std::unique_ptr<events::Sink> automation_sink_;  // relayed events into automation.run jobs (modules/automation)
  std::unique_ptr<events::Relay> relay_;
  std::unique_ptr<Retention> retention_;  // deletes rows past their retention (platform/retention.hpp)
  std::unique_ptr<events::PgListener> listener_;
  // Notices for one user and the admins (an import's progress): this node's hub, or NOTIFY.
  std::unique_ptr<events::NoticeSender> notices_;
  std::unique_ptr<jobs::Runner> jobs_;  // background jobs (platform/jobs): this node's dispatcher and workers
  // Campaign opens and clicks, written in batches (modules/marketing/tracking_recorder.hpp).
  std::unique_ptr<marketing::TrackingRecorder> tracking_;
  // The tracked links this node followed: the /t/c route keeps them, deleting a campaign forgets its own.
  std::shared_ptr<marketing::LinkCache> link_cache_;
  std::unique_ptr<Vault> vault_;  // secrets at rest (TOTP seeds); the key checked against the database
  std::unique_ptr<http::ClientAddress> client_address_;
  std::unique_ptr<access::Auth> auth_;
  http::Router router_;
  std::unique_ptr<http::Api> api_;
  std::vector<std::unique_ptr<records::Service>> services_;
  Metrics metrics_;
  std::unique_ptr<http::Server> server_;
  std::unique_ptr<http::Server> metrics_server_;  // on --metrics-listen only
  std::string openapi_;
  std::unique_ptr<http::StaticSite> site_;  // the web UI, on the paths that are not the API's
  std::size_t web_slot_ = 0;                // its slot in the request metrics
  // By route index: a record's own write (create, change, delete, restore of a contact, a deal...),
  // which changes no credential, user, role or workspace. Every other state-changing request makes
  // the API keys checked so far be checked again (access/checked_keys.hpp).
  std::vector<bool> leaves_credentials_;
  // After a request that may have changed a credential: forgets the API keys checked on this node and
  // tells the other nodes (PostgreSQL NOTIFY on kCredentialsChannel) to forget theirs.
  void credentials_may_have_changed();
  static constexpr const char* kCredentialsChannel = "rapport_credentials";
};

}  // namespace rapport::app

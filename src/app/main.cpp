// rapport: the CRM server and its administration commands. This file only reads the command line;
// the work is done in app/application.cpp and app/commands.cpp.
#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <cstdlib>
#include <iostream>
#include <memory>
#include <optional>

#include "app/application.hpp"
#include "platform/formats.hpp"
#include "app/commands.hpp"
#include "app/data_directory.hpp"
#include "app/data_lock.hpp"
#include "app/start_checks.hpp"
#include "app/web_assets.hpp"
#include "app/migrate_data.hpp"
#include "app/modules.hpp"
#include "platform/build_info.hpp"
#include "platform/clock.hpp"
#include "platform/test_clock.hpp"
#include "platform/http/client_address.hpp"
#include "platform/json_log.hpp"
#include "platform/vault.hpp"

namespace {

std::string env_or(const char* name, std::string fallback) {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}

// CLI11 answers an unknown command with "The following arguments were not expected": say which
// word is not a command and list the commands, at each level (rapport, rapport apikey, ...).
std::optional<std::string> unknown_command(CLI::App& app, int argc, char** argv) {
  CLI::App* at = &app;
  std::string path = "rapport";
  for (int i = 1; i < argc; ++i) {
    std::string word = argv[i];
    if (word.empty() || word[0] == '-') return std::nullopt;  // options: CLI11 judges them
    auto subs = at->get_subcommands([](CLI::App*) { return true; });
    if (subs.empty()) return std::nullopt;
    CLI::App* next = nullptr;
    std::string names;
    for (auto* sub : subs) {
      if (sub->get_name() == word) next = sub;
      names += (names.empty() ? "" : ", ") + sub->get_name();
    }
    if (!next)
      return "rapport: \"" + word + "\" is not a command of `" + path + "`; the commands are: " + names + " (`" + path +
             " --help` says what each does)\n";
    at = next;
    path += " " + word;
  }
  return std::nullopt;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace rapport::app;
  // Everything Rapport creates (database, -wal, -shm, master key, backups, lock and port files) is
  // its user's only; the places that create files also set their modes explicitly.
  ::umask(077);
  CLI::App cli{"Rapport: an open-source CRM server (REST API over an embedded SQLite database)", "rapport"};
  cli.require_subcommand(1);
  cli.set_version_flag("--version", rapport::build::describe(), "Print the version and the build (git commit, date)");
  std::string data_dir = env_or("RAPPORT_DATA", "./rapport-data");

  Config cfg;
  cfg.listen = env_or("RAPPORT_LISTEN", cfg.listen);
  auto* serve = cli.add_subcommand("serve", "Run the HTTP server (first start creates a workspace and an admin)");
  serve->add_option("--listen", cfg.listen, "ADDRESS:PORT to serve on (env RAPPORT_LISTEN; port 0 picks a free one)")->capture_default_str();
  serve->add_option("--data", data_dir, "Directory holding rapport.db (env RAPPORT_DATA)")->capture_default_str();
  cfg.database_url = env_or("RAPPORT_DATABASE_URL", "");
  serve->add_option("--database", cfg.database_url,
                    "PostgreSQL URL (postgres://user:pass@host:port/db) instead of the SQLite file (env RAPPORT_DATABASE_URL)");
  serve->add_option("--pool-size", cfg.pool_size, "PostgreSQL connections")->capture_default_str()->check(CLI::Range(1, 512));
  serve->add_flag("--demo", cfg.demo,
                  "Load a demo data set (companies, contacts, activities) into the first workspace when it has no "
                  "contacts (SQLite or PostgreSQL)");
  serve->add_option("--workers", cfg.workers, "Worker threads running writes (they share each group commit)")->capture_default_str()->check(CLI::Range(1, 512));
  serve->add_option("--read-workers", cfg.read_workers, "Worker threads running GET requests")->capture_default_str()->check(CLI::Range(1, 256));
  serve->add_option("--io-threads", cfg.io_threads, "Threads doing network I/O")->capture_default_str()->check(CLI::Range(1, 64));
  serve->add_option("--readers", cfg.readers, "Read-only database connections")->capture_default_str()->check(CLI::Range(1, 256));
  serve->add_option("--reader-cache-mib", cfg.reader_cache_mib,
                    "SQLite: each read connection's page cache in MiB (filled only as pages are read)")
      ->capture_default_str()
      ->check(CLI::Range(1, 4096));
  serve->add_option("--header-timeout", cfg.header_timeout_s, "Seconds a client has to send a request's line and headers, from their first byte")->capture_default_str()->check(CLI::Range(1, 3600));
  serve->add_option("--read-timeout", cfg.read_timeout_s, "Seconds a client has to send a request's body (and to read a response)")->capture_default_str()->check(CLI::Range(1, 3600));
  serve->add_option("--idle-timeout", cfg.idle_timeout_s, "Seconds a keep-alive connection may wait for its next request")->capture_default_str()->check(CLI::Range(1, 3600));
  cfg.max_connections = std::stoi(env_or("RAPPORT_MAX_CONNECTIONS", "0"));
  serve->add_option("--max-connections", cfg.max_connections,
                    "Open HTTP and WebSocket connections beyond which a new one is answered 503 with Retry-After and "
                    "closed (env RAPPORT_MAX_CONNECTIONS; 0: 10000, or less when the descriptor limit, raised towards "
                    "its hard limit at start, cannot hold that many)")
      ->capture_default_str()
      ->check(CLI::Range(0, 1000000));
  serve->add_option("--port-file", cfg.port_file, "Write the bound port to this file once serving");
  cfg.public_url = env_or("RAPPORT_PUBLIC_URL", "");
  serve->add_option("--public-url", cfg.public_url,
                    "The address customers reach this server at (https://crm.example.com, a path prefix allowed), for "
                    "the links Rapport puts in emails such as satisfaction surveys (env RAPPORT_PUBLIC_URL)")
      ->check([](const std::string& v) {
        return v.empty() || rapport::formats::is_url(v) ? std::string() : std::string("must be an absolute http or https URL");
      });
  serve->add_option("--import-max-bytes", cfg.import_max_bytes,
                    "The largest file POST /api/v1/imports accepts (413 beyond); the file is kept in the database "
                    "until the import is undone")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1024}, std::size_t{1} << 32));
  serve->add_option("--email-message-max-bytes", cfg.email_message_max_bytes,
                    "The largest raw message POST /api/v1/inbound-email accepts (413 beyond)")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{64 * 1024}, std::size_t{1} << 30));
  serve->add_option("--email-attachment-max-bytes", cfg.email_attachment_max_bytes,
                    "The largest file an email carries: an upload to POST /api/v1/attachments (413 beyond), a file "
                    "in a received message (the message is refused with 422, nothing stored)")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1024}, std::size_t{1} << 30));
  cfg.rate_limit = std::stod(env_or("RAPPORT_RATE_LIMIT", std::to_string(cfg.rate_limit)));
  serve->add_option("--rate-limit", cfg.rate_limit,
                    "Requests a second each API key or user may send to this node, in bursts of twice that; beyond "
                    "it: 429 with Retry-After (env RAPPORT_RATE_LIMIT; 0: no limit)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1e6));
  serve->add_option("--session-ttl", cfg.session_ttl_s, "Seconds a session lasts after login")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{60}, int64_t{30} * 24 * 3600));
  serve->add_option("--session-idle-timeout", cfg.session_idle_s, "Seconds without a request after which a session ends")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{1}, int64_t{30} * 24 * 3600));
  serve->add_flag("--secure-cookies", cfg.secure_cookies,
                  "Mark browser session cookies Secure always (they are whenever the proxy sends X-Forwarded-Proto: https)");
  serve->add_option("--trusted-proxy", cfg.trusted_proxies,
                    "Address of a reverse proxy whose X-Forwarded-For names the client (repeatable; env "
                    "RAPPORT_TRUSTED_PROXIES, comma-separated); other peers' X-Forwarded-For is ignored");
  serve->add_option("--login-backoff-cap", cfg.login_backoff_cap_s,
                    "Longest wait in seconds imposed after repeated failed logins (0: no back-off; at most 100 failures "
                    "per account per hour still count)")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{0}, int64_t{86400}));
  serve->add_option("--allowed-origin", cfg.allowed_origins,
                    "A browser origin (scheme://host[:port]) besides the server's own that may open WebSockets (repeatable; "
                    "env RAPPORT_ALLOWED_ORIGINS, comma-separated); other origins get 403");
  serve->add_option("--ws-recheck-ms", cfg.ws_recheck_ms,
                    "Milliseconds between rechecks of each WebSocket's credential and role (a revoked one is closed)")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{50}, int64_t{600'000}));
  serve->add_option("--job-workers", cfg.job_workers, "Threads running background jobs on this node")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  serve->add_option("--job-lease-ms", cfg.job_lease_ms,
                    "A running job's lease in milliseconds, renewed while it runs: after a crash, how soon another node "
                    "runs the job again")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{500}, int64_t{3'600'000}));
  serve->add_option("--webhook-allow-host", cfg.webhook_allow_hosts,
                    "A host webhooks may reach although it is or resolves to a private, loopback or otherwise non-public "
                    "address: a host name (exactly) or an IP address (repeatable; env RAPPORT_WEBHOOK_ALLOW_HOSTS, "
                    "comma-separated)");
  cfg.metrics_listen = env_or("RAPPORT_METRICS_LISTEN", "");
  serve->add_option("--metrics-listen", cfg.metrics_listen,
                    "ADDRESS:PORT serving /metrics and /healthz apart from the API, which then answers /metrics with 404 "
                    "(env RAPPORT_METRICS_LISTEN; default: /metrics on --listen)");
  cfg.web_dir = env_or("RAPPORT_WEB_DIR", "");
  serve->add_option("--web-dir", cfg.web_dir,
                    "Serve the web UI from this directory (a Vite build of web/, read again at each request: for UI "
                    "development) instead of the one built into this binary (env RAPPORT_WEB_DIR)");
  bool no_access_log = false;
  serve->add_flag("--no-access-log", no_access_log, "Do not write a JSON line per request to stdout");

  auto* init = cli.add_subcommand(
      "init",
      "Create the database (SQLite data directory or PostgreSQL schema), the master key (SQLite) and the first "
      "workspace \"Default\" with its admin, as the first `serve` does, then exit; refuses a database that exists. "
      "The admin is RAPPORT_ADMIN_EMAIL (default admin@rapport.local) with RAPPORT_ADMIN_PASSWORD, else a password "
      "printed once");
  init->add_option("--data", data_dir, "Directory to hold rapport.db (env RAPPORT_DATA)")->capture_default_str();
  init->add_option("--database", cfg.database_url, "PostgreSQL URL instead of the SQLite file (env RAPPORT_DATABASE_URL)");

  WorkspaceCreate ws;
  auto* workspace = cli.add_subcommand("workspace", "Manage workspaces");
  workspace->require_subcommand(1);
  auto* ws_create = workspace->add_subcommand("create", "Create a workspace and its admin (password from RAPPORT_ADMIN_PASSWORD, else printed once)");
  ws_create->add_option("--name", ws.name, "Workspace name")->required();
  ws_create->add_option("--admin-email", ws.admin_email, "Email of the workspace's admin")->required();
  ws_create->add_option("--data", data_dir, "Directory holding rapport.db (env RAPPORT_DATA)")->capture_default_str();
  ws_create->add_option("--database", cfg.database_url, "PostgreSQL URL instead of the SQLite file (env RAPPORT_DATABASE_URL)");

  ApiKeyCreate key;
  auto* apikey = cli.add_subcommand("apikey", "Manage API keys");
  apikey->require_subcommand(1);
  auto* key_create = apikey->add_subcommand("create", "Create an API key for a user and print it (shown once)");
  key_create->add_option("--workspace", key.workspace, "Workspace name")->required();
  key_create->add_option("--user", key.user_email, "Email of the user the key acts as")->required();
  key_create->add_option("--name", key.name, "A name to recognise the key by")->required();
  key_create->add_option("--role", key.role,
                         "A role of the workspace the key acts with, within its user's role (default: the user's role, "
                         "whatever it becomes)");
  key_create->add_option("--expires", key.expires,
                         "When the key stops working: a duration (90d, 12h, 2w) or a date (2027-01-31, 00:00 UTC) or "
                         "date-time (default: never)");
  key_create->add_option("--data", data_dir, "Directory holding rapport.db (env RAPPORT_DATA)")->capture_default_str();
  key_create->add_option("--database", cfg.database_url, "PostgreSQL URL instead of the SQLite file (env RAPPORT_DATABASE_URL)");
  std::string list_workspace;
  auto* key_list = apikey->add_subcommand(
      "list", "List a workspace's API keys: id, name, prefix, user, role, created, expires, last used, revoked (never the key)");
  key_list->add_option("--workspace", list_workspace, "Workspace name")->required();
  ApiKeyRevoke revoke;
  auto* key_revoke = apikey->add_subcommand("revoke", "Revoke an API key at once (audited, as DELETE /api/v1/api-keys/{id})");
  key_revoke->add_option("--workspace", revoke.workspace, "Workspace name")->required();
  key_revoke->add_option("--id", revoke.id, "The key's id (`rapport apikey list`)")->required();
  for (auto* sub : {key_list, key_revoke}) {
    sub->add_option("--data", data_dir, "Directory holding rapport.db (env RAPPORT_DATA)")->capture_default_str();
    sub->add_option("--database", cfg.database_url, "PostgreSQL URL instead of the SQLite file (env RAPPORT_DATABASE_URL)");
  }

  JobsCommand jobs_cmd;
  auto* jobs = cli.add_subcommand("jobs", "Look at and act on the background job queue (every workspace's and the installation's jobs)");
  jobs->require_subcommand(1);
  auto* jobs_list = jobs->add_subcommand("list", "List jobs, newest first: id, workspace, type, state, attempts, next run, last error");
  jobs_list->add_option("--workspace", jobs_cmd.workspace, "Only this workspace's jobs (its name)");
  jobs_list->add_option("--state", jobs_cmd.state, "queued, running, succeeded, dead or cancelled");
  jobs_list->add_option("--type", jobs_cmd.type, "Only jobs of this type, e.g. webhook.deliver");
  jobs_list->add_option("--limit", jobs_cmd.limit, "At most this many")->capture_default_str()->check(CLI::Range(1, 10000));
  auto* jobs_show = jobs->add_subcommand("show", "Print a job as JSON with its payload and every attempt");
  auto* jobs_retry = jobs->add_subcommand("retry", "Queue a dead or cancelled job again, now (audited in its workspace)");
  auto* jobs_cancel = jobs->add_subcommand("cancel", "Cancel a queued or running job (audited in its workspace)");
  for (auto* sub : {jobs_show, jobs_retry, jobs_cancel}) sub->add_option("--id", jobs_cmd.id, "The job's id (`rapport jobs list`)")->required();
  for (auto* sub : {jobs_list, jobs_show, jobs_retry, jobs_cancel}) {
    sub->add_option("--data", data_dir, "Directory holding rapport.db (env RAPPORT_DATA)")->capture_default_str();
    sub->add_option("--database", cfg.database_url, "PostgreSQL URL instead of the SQLite file (env RAPPORT_DATABASE_URL)");
  }

  ImportCommand imp;
  auto* import_cmd = cli.add_subcommand(
      "import", "Import a CSV, vCard (.vcf) or XLSX file of records as POST /api/v1/imports does, in this process, with a "
                "progress bar on stderr; "
                "prints the import (counts, failed rows with GET /api/v1/imports/{id}/errors) as JSON");
  import_cmd->add_option("FILE", imp.file, "The file: its extension (.csv .vcf .xlsx), else its first bytes, picks the reader")->required();
  import_cmd->add_option("--sheet", imp.sheet, "XLSX: the sheet to read (default: the first)");
  import_cmd->add_option("--object", imp.object, "contacts, companies, deals or leads")->required();
  import_cmd->add_option("--mapping", imp.mapping_file, "A mapping document (JSON: columns, date_order, currency, region, "
                                                    "create_companies, match_on, on_duplicate)");
  import_cmd->add_flag("--dry-run", imp.dry_run, "Check every row as the import would, and write nothing");
  import_cmd->add_option("--workspace", imp.workspace, "Workspace name (default: the first workspace)");
  import_cmd->add_option("--as", imp.as, "The importing user's e-mail address (default: the workspace's first admin); their role applies");
  import_cmd->add_option("--data", data_dir, "Directory holding rapport.db (env RAPPORT_DATA)")->capture_default_str();
  import_cmd->add_option("--database", cfg.database_url, "PostgreSQL URL instead of the SQLite file (env RAPPORT_DATABASE_URL)");

  Generate gen;
  auto* generate = cli.add_subcommand(
      "generate",
      "Generate realistic companies, contacts, activities and (--deals) pipelines with deals (benchmarks, demos), in batches of ~50k rows, "
      "without audit or outbox entries; on SQLite or PostgreSQL");
  generate->add_option("--contacts", gen.contacts, "Number of contacts")->required()->check(CLI::Range(int64_t{0}, int64_t{100'000'000}));
  generate->add_option("--companies", gen.companies, "Number of companies (default: contacts / 10)");
  generate->add_option("--activities", gen.activities, "Number of activities (default: contacts / 2)");
  generate->add_option("--deals", gen.deals, "Number of deals, over three new pipelines (default 0: none)")
      ->check(CLI::Range(int64_t{0}, int64_t{100'000'000}));
  generate->add_option("--workspace", gen.workspace, "Workspace name (default: the first workspace)");
  generate->add_option("--seed", gen.seed, "Random seed")->capture_default_str();
  generate->add_flag("--force", gen.force,
                     "Generate even into a workspace holding real data (an audit entry other than sign-ins and API "
                     "keys, or a second user)");
  generate->add_option("--data", data_dir, "Directory holding rapport.db (env RAPPORT_DATA)")->capture_default_str();
  generate->add_option("--database", cfg.database_url,
                       "PostgreSQL URL (postgres://user:pass@host:port/db) instead of the SQLite file (env "
                       "RAPPORT_DATABASE_URL)");

  Migrate mig;
  auto* migrate = cli.add_subcommand(
      "migrate", "Apply pending database migrations and exit (SQLite: refused while a server uses the data directory)");
  migrate->add_option("--data", data_dir, "Directory holding rapport.db (env RAPPORT_DATA)")->capture_default_str();
  migrate->add_option("--database", cfg.database_url, "PostgreSQL URL instead of the SQLite file (env RAPPORT_DATABASE_URL)");
  auto* status_flag = migrate->add_flag("--status", mig.status, "List the applied and the pending migrations; change nothing");
  migrate->add_flag("--dry-run", mig.dry_run, "Say which migrations would be applied; change nothing")->excludes(status_flag);

  auto* version = cli.add_subcommand("version", "Print the version and the build (git commit, date)");
  auto* routes = cli.add_subcommand("routes", "Print every route the server has, one 'METHOD /path' a line");
  std::string openapi_out;
  auto* openapi = cli.add_subcommand("openapi", "Print the OpenAPI 3.1 document of the API (as served at /api/v1/openapi.json) without serving");
  openapi->add_option("--out", openapi_out, "Write it to this file instead of stdout");

  auto* generate_key = cli.add_subcommand(
      "generate-key", "Print a new master key (base64 of 32 random bytes) for RAPPORT_MASTER_KEY or a key file");

  std::string copy_from, copy_to;
  auto* migrate_data = cli.add_subcommand(
      "migrate-data", "Copy a whole database into an empty one of either engine, verifying counts and checksums");
  migrate_data->add_option("--from", copy_from, "sqlite:PATH or postgres://user:pass@host:port/db")->required();
  migrate_data->add_option("--to", copy_to, "sqlite:PATH or postgres://user:pass@host:port/db (must be empty)")->required();

  std::string backup_out;
  auto* backup = cli.add_subcommand("backup", "Write a consistent copy of the SQLite database while the server keeps serving");
  backup->add_option("--out", backup_out, "File to write (must not exist); restore by using it as <data>/rapport.db")->required();
  backup->add_option("--data", data_dir, "Directory holding rapport.db (env RAPPORT_DATA)")->capture_default_str();
  backup->add_option("--database", cfg.database_url, "With a PostgreSQL URL: explains to use pg_dump");

  std::string master_key_file = env_or("RAPPORT_MASTER_KEY_FILE", "");
  for (auto* sub : {serve, init, ws_create, key_create, key_list, key_revoke, generate, migrate, import_cmd})
    sub->add_option("--master-key-file", master_key_file,
                    "File holding the master key (base64; env RAPPORT_MASTER_KEY_FILE; RAPPORT_MASTER_KEY wins). "
                    "Default on SQLite: <data>/master.key, created on first start; on PostgreSQL a key is required");
  if (auto proxies = env_or("RAPPORT_TRUSTED_PROXIES", ""); !proxies.empty())
    cfg.trusted_proxies = rapport::http::ClientAddress::split_list(proxies);
  if (auto origins = env_or("RAPPORT_ALLOWED_ORIGINS", ""); !origins.empty())
    cfg.allowed_origins = rapport::http::ClientAddress::split_list(origins);
  cfg.webhook_allow_hosts_env = env_or("RAPPORT_WEBHOOK_ALLOW_HOSTS", "");
  if (auto scale = env_or("RAPPORT_WEBHOOK_TIME_SCALE", ""); !scale.empty()) {
    try {
      cfg.webhook_time_scale = std::stod(scale);
    } catch (const std::exception&) {
      cfg.webhook_time_scale = -1;  // refused by check_start_options
    }
  }

  // For tests only (documented in docs/operations.md): the server's clock starts at this instant.
  const std::string test_clock = env_or("RAPPORT_TEST_CLOCK", "");

  if (auto unknown = unknown_command(cli, argc, argv)) {
    std::cerr << *unknown;
    return 2;
  }
  CLI11_PARSE(cli, argc, argv);
  register_modules();
  // Every log line is JSON (platform/json_log.hpp). The server logs to stdout, access log included;
  // the other commands print their result on stdout, so their log lines go to stderr.
  rapport::json_log::install(serve->parsed() ? stdout : stderr);
  try {
    if (serve->parsed()) {
      cfg.data_dir = data_dir;
      cfg.access_log = !no_access_log;
      cfg.master_key_file = master_key_file;
      // Every option is checked before anything is created; then the data directory is this server's.
      check_start_options(cfg, true);
      if (!test_clock.empty()) {
        auto start = rapport::clock::parse_datetime(test_clock);
        if (!start) throw std::runtime_error("RAPPORT_TEST_CLOCK must be an RFC 3339 date-time");
        rapport::clock::start_at(*start);
        spdlog::warn("the server's clock starts at {} (RAPPORT_TEST_CLOCK, for tests only)", test_clock);
      }
      std::unique_ptr<DataLock> lock;
      if (cfg.database_url.empty()) {
        create_data_directory(cfg.data_dir);
        lock = std::make_unique<DataLock>(cfg.data_dir, "rapport serve on " + cfg.listen);
      }
      cfg.embedded_web = embedded_web();
      Application app(cfg);
      app.first_start();
      return app.serve();
    }
    if (init->parsed()) {
      cfg.data_dir = data_dir;
      cfg.master_key_file = master_key_file;
      return init_command(cfg);
    }
    if (ws_create->parsed()) return create_workspace_command(data_dir, cfg.database_url, ws, master_key_file);
    if (key_create->parsed()) return create_api_key_command(data_dir, cfg.database_url, key, master_key_file);
    if (key_list->parsed()) return list_api_keys_command(data_dir, cfg.database_url, list_workspace, master_key_file);
    if (key_revoke->parsed()) return revoke_api_key_command(data_dir, cfg.database_url, revoke, master_key_file);
    for (auto* sub : {jobs_list, jobs_show, jobs_retry, jobs_cancel})
      if (sub->parsed()) {
        jobs_cmd.action = sub->get_name();
        return jobs_command(data_dir, cfg.database_url, jobs_cmd, master_key_file);
      }
    if (import_cmd->parsed()) return import_command(data_dir, cfg.database_url, imp, master_key_file);
    if (generate->parsed()) return generate_command(data_dir, cfg.database_url, gen, master_key_file);
    if (migrate->parsed()) return migrate_command(data_dir, cfg.database_url, mig, master_key_file);
    if (routes->parsed()) return print_routes_command();
    if (openapi->parsed()) return openapi_command(openapi_out);
    if (version->parsed()) {
      std::cout << rapport::build::describe() << "\n";
      return 0;
    }
    if (generate_key->parsed()) {
      std::cout << rapport::Vault::generate_key_text() << "\n";
      return 0;
    }
    if (backup->parsed()) return backup_command(data_dir, cfg.database_url, backup_out);
    if (migrate_data->parsed()) return migrate_data_command(copy_from, copy_to);
  } catch (const std::exception& e) {
    if (serve->parsed())
      spdlog::critical("{}", e.what());  // the server's one log format, on stdout
    else
      std::cerr << "rapport: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

#include "app/migrate_data.hpp"

#include <sodium.h>

#include <charconv>
#include <filesystem>
#include <iostream>

#include "platform/db/migrations.hpp"
#include "platform/db/pg_connection_adapter.hpp"
#include "platform/db/pg_migrations.hpp"
#include "platform/db/sqlite.hpp"
#include "platform/records/custom_field_indexes.hpp"

namespace rapport::app {
namespace fs = std::filesystem;

namespace {

struct Table {
  const char* name;
  const char* key;  // ORDER BY for a stable, engine-independent order
};

// Foreign-key order: a row's references are copied before it.
const std::vector<Table>& tables() {
  static const std::vector<Table> t = {
      {"workspaces", "id"},          {"users", "id"},           {"sessions", "token_hash"},
      {"api_keys", "id"},            {"companies", "id"},       {"contacts", "id"},
      {"activities", "id"},          {"activity_links", "activity_id, target_type, target_id"},
      {"custom_fields", "id"},       {"audit_log", "id"},       {"outbox", "id"},
      {"idempotency_keys", "workspace_id, actor_id, key"},      {"record_counts", "workspace_id, object_type, slot"},
      {"roles", "workspace_id, name"},   {"teams", "id"},           {"team_members", "team_id, user_id"},
      {"leads", "id"},                   {"pipelines", "id"},       {"pipeline_stages", "id"},
      {"deals", "id"},                   {"deal_contacts", "deal_id, contact_id"},
      {"deal_stage_history", "id"},      {"products", "id"},        {"line_items", "id"},
      {"erasures", "id"},            {"consents", "id"},        {"suppressions", "workspace_id, email_hash"},
      // Sealed secrets move with their check value: start the destination with the same master key.
      {"vault_check", "id"},         {"user_mfa", "user_id"},   {"mfa_recovery_codes", "user_id, code_hash"},
      {"mfa_policies", "workspace_id, role"},                   {"login_failures", "key, id"},
      {"views", "id"},               {"webhooks", "id"},        {"webhook_deliveries", "id"},
      {"automation_rules", "id"},    {"automation_rule_versions", "rule_id, version"},
      {"automation_runs", "id"},     {"automation_turns", "workspace_id, rule_id, action_index"},
      {"email_settings", "workspace_id"}, {"email_templates", "id"}, {"emails", "id"},
      {"calendar_feeds", "id"},      {"email_inbound_secrets", "id"}, {"received_emails", "id"},
      {"email_bcc_addresses", "workspace_id, user_id"}, {"email_attachments", "id"},
      {"email_record_links", "workspace_id, object, record_id, email_id"},
      {"imports", "id"},             {"import_files", "import_id, seq"}, {"import_rows", "id"},
      {"import_mappings", "id"},     {"record_external_ids", "workspace_id, object, external_id"},
      {"ticket_numbers", "workspace_id"}, {"tickets", "id"}, {"ticket_messages", "id"},
      {"support_mailboxes", "workspace_id, address_key"},
      {"business_hours", "id"},      {"sla_policies", "id"},    {"ticket_sla", "ticket_id, target"},
      {"ticket_status_intervals", "id"}, {"ticket_next_responses", "ticket_id, started_at"},
      {"web_forms", "id"},           {"support_settings", "workspace_id"},
      // record_tags is kept by triggers on the tagged tables: the copied tickets refill it.
      {"macros", "id"},              {"team_assignment", "team_id"}, {"agent_availability", "user_id"},
      {"segments", "id"},            {"marketing_lists", "id"},
      {"marketing_list_members", "workspace_id, list_id, contact_id"},
      {"tracking_links", "workspace_id, campaign_id, idx"}, {"tracking_events", "id"},
      {"campaigns", "id"},           {"campaign_recipients", "workspace_id, campaign_id, contact_id"},
      {"forms", "id"},               {"form_submissions", "id"},
      {"saved_reports", "id"},       {"dashboards", "id"},      {"report_schedules", "id"},
      {"duplicate_pairs", "workspace_id, object_type, record_a, record_b"},
      {"duplicate_dismissals", "workspace_id, object_type, record_a, record_b"},
      {"record_merges", "id"},       {"record_merge_moves", "merge_id, seq"},
      {"scoring_models", "id"},
  };
  return t;
}

bool has_identity(const std::string& table) {
  return table == "audit_log" || table == "outbox" || table == "deal_stage_history" || table == "import_rows";
}

// One value as canonical text: the same on SQLite and PostgreSQL for the same stored value.
void canonical(std::string& out, const db::Value& v) {
  if (std::holds_alternative<std::nullptr_t>(v)) {
    out += "\x01N";
  } else if (auto* i = std::get_if<int64_t>(&v)) {
    out += std::to_string(*i);
  } else if (auto* d = std::get_if<double>(&v)) {
    char buf[32];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, *d);
    out.append(buf, end);
  } else {
    out += std::get<std::string>(v);
  }
}

std::string hex(const unsigned char* h, std::size_t n) {
  std::string s(n * 2, '0');
  sodium_bin2hex(s.data(), s.size() + 1, h, n);
  return s;
}

}  // namespace

TableCopy table_checksum(db::Connection& c, const std::string& table) {
  std::string key;
  for (const auto& t : tables())
    if (table == t.name) key = t.key;
  TableCopy r{table, 0, ""};
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, 32);
  auto& st = c.prepare("SELECT * FROM " + table + " ORDER BY " + key);
  std::string row;
  while (st.step()) {
    row.clear();
    for (int i = 0; i < st.column_count(); ++i) {
      canonical(row, st.value(i));
      row += '\x1f';
    }
    row += '\x1e';
    crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(row.data()), row.size());
    ++r.rows;
  }
  st.reset();
  unsigned char h[32];
  crypto_generichash_final(&state, h, sizeof h);
  r.checksum = hex(h, sizeof h);
  return r;
}

namespace {

// The source's checksum of `table`, once the destination's copy is shown to be equal.
TableCopy verified_copy(db::Connection& from, db::Connection& to, const std::string& table) {
  auto a = table_checksum(from, table);
  auto b = table_checksum(to, table);
  if (a.rows != b.rows || a.checksum != b.checksum)
    throw db::DbError(0, "the copy of " + table + " differs from its source (" + std::to_string(a.rows) + " rows vs " +
                             std::to_string(b.rows) + "); nothing was committed");
  return a;
}

}  // namespace

std::vector<TableCopy> copy_database(db::Connection& from, db::Connection& to) {
  if (std::get<int64_t>(to.scalar("SELECT count(*) FROM workspaces")) != 0)
    throw db::DbError(0, "the destination already holds data; migrate-data copies into an empty database only");
  std::vector<TableCopy> report;
  const bool to_pg = to.dialect() == db::Dialect::Postgres;
  for (const auto& t : tables()) {
    const std::string table = t.name;
    auto& src = from.prepare("SELECT * FROM " + table + " ORDER BY " + t.key);
    std::string insert;
    std::vector<db::Value> row;
    while (src.step()) {
      if (insert.empty()) {
        std::string cols, marks;
        for (int i = 0; i < src.column_count(); ++i) {
          cols += (i ? ", " : "") + src.column_name(i);
          marks += i ? ", ?" : "?";
        }
        insert = "INSERT INTO " + table + " (" + cols + ")" + (to_pg && has_identity(table) ? " OVERRIDING SYSTEM VALUE" : "") +
                 " VALUES (" + marks + ")";
      }
      row.clear();
      for (int i = 0; i < src.column_count(); ++i) row.push_back(src.value(i));
      to.prepare(insert).bind_all(row).run();
    }
    src.reset();
    if (to_pg && has_identity(table))  // the next generated id continues after the copied ones
      to.prepare("SELECT setval(pg_get_serial_sequence('" + table + "', 'id'), coalesce((SELECT max(id) FROM " + table +
                 "), 0) + 1, false)")
          .run();
    report.push_back(verified_copy(from, to, table));
    // SQLite keeps a contact's open deals by adding what each link changes (migration 0091): the
    // copied counts start at zero and the links copied after them add them up again.
    if (!to_pg && table == "contacts") to.exec("UPDATE contacts SET open_deals = 0");
  }
  // Compared again now that every row the kept counts follow has arrived.
  if (!to_pg) verified_copy(from, to, "contacts");
  // Custom fields have per-definition indexes in the engine's own syntax.
  records::sync_custom_field_indexes(to);
  return report;
}

namespace {

// An open, migrated database of either engine, given as sqlite:PATH (a rapport.db or its directory)
// or a postgres:// URL.
struct Endpoint {
  std::unique_ptr<db::SqliteConnection> sqlite;
  std::unique_ptr<db::PgConnection> pg;
  std::unique_ptr<db::PgAdapterConnection> pg_adapter;
  db::Connection* conn = nullptr;

  explicit Endpoint(const std::string& spec) {
    if (spec.rfind("postgres://", 0) == 0 || spec.rfind("postgresql://", 0) == 0) {
      db::PgOptions o;
      o.url = spec;
      o.statement_timeout = std::chrono::milliseconds(0);  // copies may take long
      pg = std::make_unique<db::PgConnection>(o);
      db::migrate_pg(*pg);
      pg_adapter = std::make_unique<db::PgAdapterConnection>(*pg);
      conn = pg_adapter.get();
    } else if (spec.rfind("sqlite:", 0) == 0) {
      fs::path p = spec.substr(7);
      if (fs::is_directory(p) || p.extension() != ".db") {
        fs::create_directories(p);
        p /= "rapport.db";
      }
      sqlite = std::make_unique<db::SqliteConnection>(p.string(), false);
      db::migrate(*sqlite);
      conn = sqlite.get();
    } else {
      throw std::runtime_error("a database is sqlite:PATH or postgres://user:pass@host:port/db, not '" + spec + "'");
    }
  }
};

}  // namespace

int migrate_data_command(const std::string& from_spec, const std::string& to_spec) {
  Endpoint from(from_spec), to(to_spec);
  // One snapshot of the source for every table, even while a server keeps writing to it.
  from.conn->exec(from.pg ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN");
  to.conn->exec("BEGIN");
  try {
    auto report = copy_database(*from.conn, *to.conn);
    to.conn->reset_used();
    to.conn->exec("COMMIT");
    from.conn->reset_used();
    from.conn->exec("COMMIT");
    for (const auto& t : report)
      std::cout << t.table << ": " << t.rows << " rows, checksum " << t.checksum.substr(0, 16) << " (equal)\n";
    std::cout << "Copied and verified " << report.size() << " tables\n";
    return 0;
  } catch (const std::exception& e) {
    to.conn->reset_used();
    from.conn->reset_used();
    try {
      to.conn->exec("ROLLBACK");
      from.conn->exec("ROLLBACK");
    } catch (...) {
    }
    std::cerr << "rapport: migrate-data failed: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace rapport::app

#include "modules/webhooks/webhook_store.hpp"

#include "platform/db/row_reader.hpp"

namespace rapport::webhooks::store {
namespace json = boost::json;

namespace {

constexpr const char* kColumns =
    "id, workspace_id, url, event_types, description, enabled, secret_sealed, previous_secret_sealed, "
    "previous_secret_expires_at, created_by, created_at, updated_at, version, disabled_reason, consecutive_failures, "
    "failing_since, event_filter";

db::Value value_of(const std::optional<std::string>& s) { return s ? db::Value(*s) : db::Value(nullptr); }
db::Value value_of(const std::optional<int64_t>& n) { return n ? db::Value(*n) : db::Value(nullptr); }

Webhook read(const db::Statement& st) {
  db::RowReader r(st);
  Webhook w;
  w.id = r.text();
  w.workspace_id = r.text();
  w.url = r.text();
  w.event_types = r.strings();
  w.description = r.text();
  w.enabled = r.boolean();
  w.secret_sealed = r.text();
  w.previous_secret_sealed = r.opt_text();
  w.previous_secret_expires_at = r.opt_text();
  w.created_by = r.text();
  w.created_at = r.text();
  w.updated_at = r.text();
  w.version = r.int64();
  w.disabled_reason = r.opt_text();
  w.consecutive_failures = r.int64();
  w.failing_since = r.opt_text();
  w.filter = r.array();
  return w;
}

std::vector<Webhook> read_all(db::Statement& st) {
  std::vector<Webhook> out;
  while (st.step()) out.push_back(read(st));
  st.reset();
  return out;
}

std::string types_text(const Webhook& w) {
  json::array a;
  for (const auto& t : w.event_types) a.push_back(json::value(t));
  return json::serialize(a);
}

constexpr const char* kDeliveryColumns =
    "id, workspace_id, webhook_id, message_id, event_id, event_type, object_type, object_id, occurred_at, attempt, "
    "status, http_status, duration_ms, response_excerpt, error, job_id, created_at";

Delivery read_delivery(const db::Statement& st) {
  db::RowReader r(st);
  Delivery d;
  d.id = r.text();
  d.workspace_id = r.text();
  d.webhook_id = r.text();
  d.message_id = r.text();
  d.event_id = r.opt_int64();
  d.event_type = r.text();
  d.object_type = r.text();
  d.object_id = r.text();
  d.occurred_at = r.text();
  d.attempt = r.int64();
  d.status = r.text();
  d.http_status = r.opt_int64();
  d.duration_ms = r.opt_int64();
  d.response_excerpt = r.opt_text();
  d.error = r.opt_text();
  d.job_id = r.opt_text();
  d.created_at = r.text();
  return d;
}

}  // namespace

std::optional<Webhook> find(db::Connection& c, const std::string& workspace_id, const std::string& id) {
  auto& st = c.prepare(std::string("SELECT ") + kColumns + " FROM webhooks WHERE workspace_id = ? AND id = ?");
  st.bind_all({workspace_id, id});
  auto all = read_all(st);
  if (all.empty()) return std::nullopt;
  return std::move(all.front());
}

std::vector<Webhook> list(db::Connection& c, const std::string& workspace_id) {
  auto& st = c.prepare(std::string("SELECT ") + kColumns + " FROM webhooks WHERE workspace_id = ? ORDER BY created_at, id");
  st.bind_all({workspace_id});
  return read_all(st);
}

std::vector<Webhook> enabled(db::Connection& c, const std::string& workspace_id) {
  auto& st = c.prepare(std::string("SELECT ") + kColumns + " FROM webhooks WHERE workspace_id = ? AND enabled = 1 ORDER BY id");
  st.bind_all({workspace_id});
  return read_all(st);
}

int64_t count(db::Connection& c, const std::string& workspace_id) {
  auto n = c.scalar("SELECT count(*) FROM webhooks WHERE workspace_id = ?", {workspace_id});
  auto* i = std::get_if<int64_t>(&n);
  return i ? *i : 0;
}

void insert(db::Connection& c, const Webhook& w) {
  c.prepare(std::string("INSERT INTO webhooks (") + kColumns + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all({w.id, w.workspace_id, w.url, types_text(w), w.description, int64_t{w.enabled ? 1 : 0}, w.secret_sealed,
                 value_of(w.previous_secret_sealed), value_of(w.previous_secret_expires_at), w.created_by, w.created_at,
                 w.updated_at, w.version, value_of(w.disabled_reason), w.consecutive_failures, value_of(w.failing_since),
                 json::serialize(w.filter)})
      .run();
}

void update(db::Connection& c, const Webhook& w) {
  c.prepare(
       "UPDATE webhooks SET url = ?, event_types = ?, description = ?, enabled = ?, secret_sealed = ?, "
       "previous_secret_sealed = ?, previous_secret_expires_at = ?, updated_at = ?, version = ?, disabled_reason = ?, "
       "consecutive_failures = ?, failing_since = ?, event_filter = ? WHERE workspace_id = ? AND id = ?")
      .bind_all({w.url, types_text(w), w.description, int64_t{w.enabled ? 1 : 0}, w.secret_sealed,
                 value_of(w.previous_secret_sealed), value_of(w.previous_secret_expires_at), w.updated_at, w.version,
                 value_of(w.disabled_reason), w.consecutive_failures, value_of(w.failing_since), json::serialize(w.filter),
                 w.workspace_id, w.id})
      .run();
}

void remove(db::Connection& c, const std::string& workspace_id, const std::string& id) {
  c.prepare("DELETE FROM webhook_deliveries WHERE workspace_id = ? AND webhook_id = ?").bind_all({workspace_id, id}).run();
  c.prepare("DELETE FROM webhooks WHERE workspace_id = ? AND id = ?").bind_all({workspace_id, id}).run();
}

std::optional<Webhook> count_attempt(db::Connection& c, const std::string& workspace_id, const std::string& id,
                                     bool succeeded, const std::string& now) {
  if (succeeded)
    c.prepare("UPDATE webhooks SET consecutive_failures = 0, failing_since = NULL WHERE workspace_id = ? AND id = ?")
        .bind_all({workspace_id, id})
        .run();
  else
    c.prepare(
         "UPDATE webhooks SET consecutive_failures = consecutive_failures + 1, failing_since = coalesce(failing_since, ?) "
         "WHERE workspace_id = ? AND id = ?")
        .bind_all({now, workspace_id, id})
        .run();
  return find(c, workspace_id, id);
}

void insert_delivery(db::Connection& c, const Delivery& d) {
  c.prepare(std::string("INSERT INTO webhook_deliveries (") + kDeliveryColumns +
            ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all({d.id, d.workspace_id, d.webhook_id, d.message_id, value_of(d.event_id), d.event_type, d.object_type,
                 d.object_id, d.occurred_at, d.attempt, d.status, value_of(d.http_status), value_of(d.duration_ms),
                 value_of(d.response_excerpt), value_of(d.error), value_of(d.job_id), d.created_at})
      .run();
}

std::optional<Delivery> find_delivery(db::Connection& c, const std::string& workspace_id, const std::string& webhook_id,
                                      const std::string& id) {
  auto& st = c.prepare(std::string("SELECT ") + kDeliveryColumns +
                       " FROM webhook_deliveries WHERE workspace_id = ? AND webhook_id = ? AND id = ?");
  st.bind_all({workspace_id, webhook_id, id});
  std::optional<Delivery> d;
  if (st.step()) d = read_delivery(st);
  st.reset();
  return d;
}

std::vector<Delivery> deliveries(db::Connection& c, const std::string& workspace_id, const std::string& webhook_id,
                                 int limit, const std::optional<std::string>& after_id) {
  std::string sql = std::string("SELECT ") + kDeliveryColumns + " FROM webhook_deliveries WHERE workspace_id = ? AND webhook_id = ?";
  std::vector<db::Value> params{workspace_id, webhook_id};
  if (after_id) {
    sql += " AND id < ?";
    params.emplace_back(*after_id);
  }
  sql += " ORDER BY id DESC LIMIT " + std::to_string(limit);
  auto& st = c.prepare(sql);
  st.bind_all(params);
  std::vector<Delivery> out;
  while (st.step()) out.push_back(read_delivery(st));
  st.reset();
  return out;
}

}  // namespace rapport::webhooks::store

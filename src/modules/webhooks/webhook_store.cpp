#include "modules/webhooks/webhook_store.hpp"

namespace rapport::webhooks::store {
namespace json = boost::json;

namespace {

constexpr const char* kColumns =
    "id, workspace_id, url, event_types, description, enabled, secret_sealed, previous_secret_sealed, "
    "previous_secret_expires_at, created_by, created_at, updated_at, version, disabled_reason, consecutive_failures, "
    "failing_since, event_filter";

std::optional<std::string> opt_text(const db::Statement& st, int col) {
  return st.is_null(col) ? std::nullopt : std::optional<std::string>(st.text(col));
}
std::optional<int64_t> opt_int(const db::Statement& st, int col) {
  return st.is_null(col) ? std::nullopt : std::optional<int64_t>(st.int64(col));
}
db::Value value_of(const std::optional<std::string>& s) { return s ? db::Value(*s) : db::Value(nullptr); }
db::Value value_of(const std::optional<int64_t>& n) { return n ? db::Value(*n) : db::Value(nullptr); }

Webhook read(const db::Statement& st) {
  Webhook w;
  w.id = st.text(0);
  w.workspace_id = st.text(1);
  w.url = st.text(2);
  boost::system::error_code ec;
  json::value types = json::parse(st.text_view(3), ec);
  if (!ec && types.is_array())
    for (const auto& t : types.as_array())
      if (t.is_string()) w.event_types.emplace_back(t.as_string());
  w.description = st.text(4);
  w.enabled = st.int64(5) != 0;
  w.secret_sealed = st.text(6);
  w.previous_secret_sealed = opt_text(st, 7);
  w.previous_secret_expires_at = opt_text(st, 8);
  w.created_by = st.text(9);
  w.created_at = st.text(10);
  w.updated_at = st.text(11);
  w.version = st.int64(12);
  w.disabled_reason = opt_text(st, 13);
  w.consecutive_failures = st.int64(14);
  w.failing_since = opt_text(st, 15);
  json::value filter = json::parse(st.text_view(16), ec);
  if (!ec && filter.is_array()) w.filter = std::move(filter.as_array());
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
  Delivery d;
  d.id = st.text(0);
  d.workspace_id = st.text(1);
  d.webhook_id = st.text(2);
  d.message_id = st.text(3);
  d.event_id = opt_int(st, 4);
  d.event_type = st.text(5);
  d.object_type = st.text(6);
  d.object_id = st.text(7);
  d.occurred_at = st.text(8);
  d.attempt = st.int64(9);
  d.status = st.text(10);
  d.http_status = opt_int(st, 11);
  d.duration_ms = opt_int(st, 12);
  d.response_excerpt = opt_text(st, 13);
  d.error = opt_text(st, 14);
  d.job_id = opt_text(st, 15);
  d.created_at = st.text(16);
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

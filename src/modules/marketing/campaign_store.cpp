#include "modules/marketing/campaign_store.hpp"

#include "platform/case_fold.hpp"

namespace rapport::marketing::campaign_store {
namespace json = boost::json;

namespace {

constexpr const char* kColumns =
    "id, name, subject, from_address, html_body, text_body, audience, rate_per_minute, status, scheduled_at, frozen_at, "
    "finished_at, send_job_id, error, created_by, version, created_at, updated_at, utm";

std::optional<std::string> optional_text(const db::Statement& st, int col) {
  if (st.is_null(col)) return std::nullopt;
  return st.text(col);
}

db::Value nullable(const std::optional<std::string>& s) { return s ? db::Value(*s) : db::Value(nullptr); }
db::Value nullable(const std::string& s) { return s.empty() ? db::Value(nullptr) : db::Value(s); }

// The UTM parameters as given (empty ones stay empty: their defaults are applied when read).
db::Value stored_utm(const std::optional<Utm>& u) {
  if (!u) return nullptr;
  return json::serialize(json::object{{"source", u->source}, {"medium", u->medium}, {"campaign", u->campaign}});
}

// The stored JSON is the server's own (written by insert and update).
Campaign read(const db::Statement& st) {
  Campaign v;
  v.id = st.text(0);
  v.name = st.text(1);
  v.subject = st.text(2);
  v.from = st.text(3);
  v.html = st.text(4);
  v.text = st.text(5);
  v.audience = Audience::from_json(json::parse(st.text(6)));
  v.rate_per_minute = st.int64(7);
  v.status = st.text(8);
  v.scheduled_at = optional_text(st, 9);
  v.frozen_at = optional_text(st, 10);
  v.finished_at = optional_text(st, 11);
  v.send_job_id = optional_text(st, 12).value_or("");
  v.error = optional_text(st, 13);
  v.created_by = optional_text(st, 14).value_or("");
  v.version = st.int64(15);
  v.created_at = st.text(16);
  v.updated_at = st.text(17);
  if (!st.is_null(18)) {
    const json::object u = json::parse(st.text(18)).as_object();
    v.utm = Utm{.source = std::string(u.at("source").as_string()), .medium = std::string(u.at("medium").as_string()),
                .campaign = std::string(u.at("campaign").as_string())};
  }
  return v;
}

}  // namespace

std::optional<Campaign> find(db::Connection& c, const std::string& workspace_id, const std::string& id) {
  auto& st = c.prepare(std::string("SELECT ") + kColumns + " FROM campaigns WHERE workspace_id = ? AND id = ?");
  st.bind_all({workspace_id, id});
  if (!st.step()) return std::nullopt;
  Campaign v = read(st);
  st.reset();
  return v;
}

std::vector<Campaign> list(db::Connection& c, const std::string& workspace_id) {
  auto& st = c.prepare(std::string("SELECT ") + kColumns + " FROM campaigns WHERE workspace_id = ? ORDER BY id DESC");
  st.bind_all({workspace_id});
  std::vector<Campaign> out;
  while (st.step()) out.push_back(read(st));
  return out;
}

int64_t count(db::Connection& c, const std::string& workspace_id) {
  return std::get<int64_t>(c.scalar("SELECT count(*) FROM campaigns WHERE workspace_id = ?", {workspace_id}));
}

std::optional<std::string> same_name(db::Connection& c, const std::string& workspace_id, const std::string& name,
                                     const std::string& except_id) {
  auto v = c.scalar("SELECT id FROM campaigns WHERE workspace_id = ? AND name_key = ? AND id != ?",
                    {workspace_id, case_fold::key(name), except_id});
  if (auto* id = std::get_if<std::string>(&v)) return *id;
  return std::nullopt;
}

void insert(db::Connection& c, const std::string& workspace_id, const Campaign& v) {
  c.prepare("INSERT INTO campaigns(id, workspace_id, name, name_key, subject, from_address, html_body, text_body, audience, "
            "rate_per_minute, status, scheduled_at, frozen_at, finished_at, send_job_id, error, created_by, version, created_at, "
            "updated_at, utm) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all({v.id, workspace_id, v.name, case_fold::key(v.name), v.subject, v.from, v.html, v.text,
                 json::serialize(v.audience.to_json()), v.rate_per_minute, v.status, nullable(v.scheduled_at),
                 nullable(v.frozen_at), nullable(v.finished_at), nullable(v.send_job_id), nullable(v.error),
                 nullable(v.created_by), v.version, v.created_at, v.updated_at, stored_utm(v.utm)})
      .run();
}

void update(db::Connection& c, const std::string& workspace_id, const Campaign& v) {
  c.prepare("UPDATE campaigns SET name = ?, name_key = ?, subject = ?, from_address = ?, html_body = ?, text_body = ?, "
            "audience = ?, rate_per_minute = ?, status = ?, scheduled_at = ?, frozen_at = ?, finished_at = ?, send_job_id = ?, "
            "error = ?, version = ?, updated_at = ?, utm = ? WHERE workspace_id = ? AND id = ?")
      .bind_all({v.name, case_fold::key(v.name), v.subject, v.from, v.html, v.text, json::serialize(v.audience.to_json()),
                 v.rate_per_minute, v.status, nullable(v.scheduled_at), nullable(v.frozen_at), nullable(v.finished_at),
                 nullable(v.send_job_id), nullable(v.error), v.version, v.updated_at, stored_utm(v.utm), workspace_id, v.id})
      .run();
}

void set_send_job(db::Connection& c, const std::string& workspace_id, const std::string& id, const std::string& job_id) {
  c.prepare("UPDATE campaigns SET send_job_id = ? WHERE workspace_id = ? AND id = ?").bind_all({nullable(job_id), workspace_id, id}).run();
}

void remove(db::Connection& c, const std::string& workspace_id, const std::string& id) {
  // Its links and the opens and clicks of its messages go with it (tracking_links has no foreign
  // key: migration 0052); a click on an old message then finds no link (404).
  c.prepare("DELETE FROM tracking_events WHERE workspace_id = ? AND campaign_id = ?").bind_all({workspace_id, id}).run();
  c.prepare("DELETE FROM tracking_links WHERE workspace_id = ? AND campaign_id = ?").bind_all({workspace_id, id}).run();
  c.prepare("DELETE FROM campaign_recipients WHERE workspace_id = ? AND campaign_id = ?").bind_all({workspace_id, id}).run();
  c.prepare("DELETE FROM campaigns WHERE workspace_id = ? AND id = ?").bind_all({workspace_id, id}).run();
}

}  // namespace rapport::marketing::campaign_store

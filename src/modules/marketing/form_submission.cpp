#include "modules/marketing/form_submission.hpp"

#include "platform/db/row_reader.hpp"

namespace rapport::marketing {
namespace json = boost::json;

std::string consent_note(const std::string& form_id, int64_t version, const std::string& submission_id) {
  std::string note = "Web form ";
  note += form_id;
  note += ", consent text version ";
  note += std::to_string(version);
  note += ", submission ";
  note += submission_id;
  return note;
}

json::object FormSubmission::to_json() const {
  json::object utm;
  for (std::size_t i = 0; i + 1 < visit_keys().size(); ++i)
    utm[visit_keys()[i].substr(4)] = visit[i] ? json::value(*visit[i]) : json::value(nullptr);
  return json::object{{"id", id},
                      {"form_id", form_id},
                      {"object_type", object_type},
                      {"record_id", record_id},
                      {"created", created},
                      {"consents", consents},
                      {"utm", std::move(utm)},
                      {"referrer", visit.back() ? json::value(*visit.back()) : json::value(nullptr)},
                      {"submitted_at", submitted_at}};
}

namespace submission_store {

void insert(db::Connection& c, const std::string& workspace_id, const FormSubmission& s) {
  std::vector<db::Value> params{s.id, workspace_id, s.form_id, s.object_type, s.record_id, int64_t{s.created ? 1 : 0},
                                json::serialize(s.consents)};
  for (const auto& v : s.visit) params.push_back(v ? db::Value(*v) : db::Value(nullptr));
  params.push_back(s.submitted_at);
  c.prepare(
       "INSERT INTO form_submissions(id, workspace_id, form_id, object_type, record_id, created, consents, utm_source, utm_medium, "
       "utm_campaign, utm_term, utm_content, referrer, submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all(params)
      .run();
}

std::vector<FormSubmission> page(db::Connection& c, const std::string& workspace_id, const std::string& form_id,
                                 const std::string& before, int limit) {
  std::string sql =
      "SELECT id, form_id, object_type, record_id, created, consents, utm_source, utm_medium, utm_campaign, utm_term, utm_content, "
      "referrer, submitted_at FROM form_submissions WHERE workspace_id = ? AND form_id = ?";
  std::vector<db::Value> params{workspace_id, form_id};
  if (!before.empty()) {
    sql += " AND id < ?";
    params.push_back(before);
  }
  sql += " ORDER BY id DESC LIMIT ?";
  params.push_back(int64_t{limit});
  auto& st = c.prepare(sql);
  st.bind_all(params);
  std::vector<FormSubmission> out;
  while (st.step()) {
    db::RowReader r(st);
    FormSubmission s;
    s.id = r.text();
    s.form_id = r.text();
    s.object_type = r.text();
    s.record_id = r.text();
    s.created = r.boolean();
    s.consents = r.array();
    for (std::size_t i = 0; i < visit_keys().size(); ++i) s.visit.push_back(r.opt_text());
    s.submitted_at = r.text();
    out.push_back(std::move(s));
  }
  st.reset();
  return out;
}

int64_t count(db::Connection& c, const std::string& workspace_id, const std::string& form_id) {
  return std::get<int64_t>(
      c.scalar("SELECT count(*) FROM form_submissions WHERE workspace_id = ? AND form_id = ?", {workspace_id, form_id}));
}

}  // namespace submission_store
}  // namespace rapport::marketing

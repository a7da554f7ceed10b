#include "modules/scoring/history.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "platform/clock.hpp"
#include "platform/records/custom_fields.hpp"

namespace rapport::scoring {
namespace json = boost::json;

namespace {

constexpr int64_t kDayMs = 86'400'000;
// Activities and engagement read per training or scoring run at most (bounded memory).
constexpr std::size_t kMaxLinks = 5'000'000;

int64_t ms_of(const std::string& text) { return clock::parse_datetime(text).value_or(0); }

double days(int64_t from, int64_t to) { return std::max<int64_t>(0, to - from) / kDayMs; }

struct Moment {
  std::string what;
  int64_t ms;
};
using Timeline = std::unordered_map<std::string, std::vector<Moment>>;

// The activities linked to the object's records: (type, when) by record.
Timeline activities(db::Connection& c, const std::string& ws, std::string_view object) {
  Timeline out;
  auto& st = c.prepare(
      "SELECT l.target_id, a.type, l.occurred_at FROM activity_links l JOIN activities a ON a.id = l.activity_id "
      "WHERE l.workspace_id = ? AND l.target_type = ? AND a.deleted_at IS NULL");
  st.bind_all({ws, std::string(object)});
  std::size_t n = 0;
  while (st.step() && ++n <= kMaxLinks) out[st.text(0)].push_back({st.text(1), ms_of(st.text(2))});
  st.reset();
  return out;
}

void add_activity_facts(Example& e, const Timeline& acts) {
  static const char* kTypes[] = {"call", "meeting", "email", "note", "task"};
  std::map<std::string, std::pair<int, int>> counts;  // 14 days, in all
  int64_t last = -1;
  if (auto it = acts.find(e.id); it != acts.end())
    for (const auto& m : it->second) {
      if (m.ms > e.ref_ms) continue;  // after the outcome was known
      auto& n = counts[m.what];
      ++n.second;
      if (m.ms >= e.ref_ms - 14 * kDayMs) ++n.first;
      last = std::max(last, m.ms);
    }
  for (const char* t : kTypes) {
    std::string k = t;
    e.numbers[k + "s_14d"] = counts[t].first;
    e.numbers[k + "s_total"] = counts[t].second;
  }
  if (last >= 0) e.numbers["days_since_activity"] = days(last, e.ref_ms);
}

void add_custom_facts(Example& e, const std::string& custom, const std::vector<records::CustomFieldDef>& defs) {
  if (defs.empty()) return;
  json::error_code ec;
  auto v = json::parse(custom, ec);
  if (ec || !v.is_object()) return;
  for (const auto& d : defs) {
    const auto* x = v.as_object().if_contains(d.name);
    if (!x || x->is_null()) continue;
    const std::string key = "custom." + d.name;
    if ((d.type == "number" || d.type == "money") && x->is_number()) e.numbers[key] = x->to_number<double>();
    else if (d.type == "bool" && x->is_bool()) e.numbers[key] = x->as_bool() ? 1 : 0;
    else if ((d.type == "select" || d.type == "text") && x->is_string() && !x->as_string().empty())
      e.categories[key] = std::string(x->as_string());
  }
}

void category(Example& e, db::Statement& st, int col, const char* key) {
  if (!st.is_null(col) && !st.text_view(col).empty()) e.categories[key] = st.text(col);
}

History load_leads(db::Connection& c, const std::string& ws, bool open, int64_t now_ms, std::size_t limit,
                   const std::vector<records::CustomFieldDef>& defs) {
  History h;
  std::string sql =
      "SELECT id, source, country, email, phone, company_name, domain, job_title, website, converted_at, updated_at, "
      "created_at, custom FROM leads WHERE workspace_id = ? AND deleted_at IS NULL AND ";
  sql += open ? "converted_at IS NULL AND status <> 'unqualified' ORDER BY id LIMIT ?"
              : "(converted_at IS NOT NULL OR status = 'unqualified') ORDER BY COALESCE(converted_at, updated_at) DESC, id LIMIT ?";
  auto& st = c.prepare(sql);
  st.bind_all({ws, static_cast<int64_t>(limit)});
  while (st.step()) {
    Example e;
    e.id = st.text(0);
    category(e, st, 1, "source");
    category(e, st, 2, "country");
    const char* flags[] = {"has_email_address", "has_phone_number", "has_company_name", "has_domain", "has_job_title", "has_website"};
    for (int i = 0; i < 6; ++i) e.numbers[flags[i]] = st.is_null(3 + i) || st.text_view(3 + i).empty() ? 0 : 1;
    if (open) {
      e.ref_ms = now_ms;
    } else {
      e.label = st.is_null(9) ? 0 : 1;
      e.ref_ms = ms_of(st.text(st.is_null(9) ? 10 : 9));
    }
    e.numbers["days_open"] = days(ms_of(st.text(11)), e.ref_ms);
    add_custom_facts(e, st.text(12), defs);
    h.records.push_back(std::move(e));
  }
  st.reset();
  return h;
}

History load_deals(db::Connection& c, const std::string& ws, bool open, int64_t now_ms, std::size_t limit,
                   const std::vector<records::CustomFieldDef>& defs) {
  History h;
  std::unordered_map<std::string, std::pair<std::string, bool>> stages;  // id: name, open
  {
    auto& st = c.prepare("SELECT id, name, type FROM pipeline_stages WHERE workspace_id = ?");
    st.bind_all({ws});
    while (st.step()) stages[st.text(0)] = {st.text(1), st.text_view(2) == "open"};
    st.reset();
  }
  std::unordered_map<std::string, std::string> lead_source;  // deal: the source of the lead it came from
  {
    auto& st = c.prepare("SELECT converted_deal_id, source FROM leads WHERE workspace_id = ? AND converted_deal_id IS NOT NULL AND source IS NOT NULL");
    st.bind_all({ws});
    while (st.step()) lead_source[st.text(0)] = st.text(1);
    st.reset();
  }
  std::string sql =
      "SELECT d.id, d.amount, d.currency, d.created_at, d.closed_at, s.type, co.industry, co.size, co.country, "
      "co.employee_count, d.custom FROM deals d JOIN pipeline_stages s ON s.id = d.stage_id "
      "LEFT JOIN companies co ON co.id = d.company_id AND co.workspace_id = d.workspace_id AND co.deleted_at IS NULL "
      "WHERE d.workspace_id = ? AND d.deleted_at IS NULL AND ";
  sql += open ? "s.type = 'open' ORDER BY d.id LIMIT ?" : "s.type IN ('won', 'lost') AND d.closed_at IS NOT NULL ORDER BY d.closed_at DESC, d.id LIMIT ?";
  auto& st = c.prepare(sql);
  st.bind_all({ws, static_cast<int64_t>(limit)});
  std::unordered_map<std::string, std::size_t> index;
  while (st.step()) {
    Example e;
    e.id = st.text(0);
    if (!st.is_null(1)) e.numbers["amount"] = static_cast<double>(st.int64(1)) / 100.0;
    category(e, st, 2, "currency");
    if (open) {
      e.ref_ms = now_ms;
    } else {
      e.label = st.text_view(5) == "won" ? 1 : 0;
      e.ref_ms = ms_of(st.text(4));
    }
    e.numbers["days_open"] = days(ms_of(st.text(3)), e.ref_ms);
    category(e, st, 6, "company_industry");
    category(e, st, 7, "company_size");
    category(e, st, 8, "company_country");
    if (!st.is_null(9)) e.numbers["company_employees"] = static_cast<double>(st.int64(9));
    add_custom_facts(e, st.text(10), defs);
    if (auto s = lead_source.find(e.id); s != lead_source.end()) e.categories["source"] = s->second;
    index[e.id] = h.records.size();
    h.records.push_back(std::move(e));
  }
  st.reset();
  // The last open stage each deal was in by its outcome (now, for an open deal) and for how long.
  {
    auto& hs = c.prepare("SELECT deal_id, to_stage_id, changed_at FROM deal_stage_history WHERE workspace_id = ? ORDER BY deal_id, id");
    hs.bind_all({ws});
    std::string current;
    std::string stage;
    int64_t since = -1, until = -1;
    auto flush = [&] {
      auto it = index.find(current);
      if (it == index.end() || since < 0) return;
      Example& e = h.records[it->second];
      if (auto s = stages.find(stage); s != stages.end()) e.categories["stage"] = s->second.first;
      e.numbers["days_in_stage"] = days(since, until >= 0 ? until : e.ref_ms);
    };
    while (hs.step()) {
      std::string deal = hs.text(0);
      if (deal != current) {
        flush();
        current = deal;
        since = until = -1;
      }
      auto it = index.find(deal);
      if (it == index.end()) continue;
      const int64_t at = ms_of(hs.text(2));
      if (at > h.records[it->second].ref_ms) continue;
      auto s = stages.find(hs.text(1));
      if (s != stages.end() && s->second.second) {
        stage = hs.text(1);
        since = at;
        until = -1;
      } else if (since >= 0 && until < 0) {
        until = at;  // left its open stage for the won or lost one
      }
    }
    flush();
    hs.reset();
  }
  // Its contacts and their campaign emails opened and clicked by then.
  std::unordered_map<std::string, std::vector<Moment>> engagement;  // contact: opened / clicked
  {
    auto& st2 = c.prepare("SELECT contact_id, state, updated_at FROM campaign_recipients WHERE workspace_id = ? AND state IN ('opened', 'clicked')");
    st2.bind_all({ws});
    std::size_t n = 0;
    while (st2.step() && ++n <= kMaxLinks) engagement[st2.text(0)].push_back({st2.text(1), ms_of(st2.text(2))});
    st2.reset();
  }
  {
    auto& dc = c.prepare("SELECT deal_id, contact_id FROM deal_contacts WHERE workspace_id = ?");
    dc.bind_all({ws});
    for (auto& e : h.records) e.numbers["contacts"] = 0;
    while (dc.step()) {
      auto it = index.find(dc.text(0));
      if (it == index.end()) continue;
      Example& e = h.records[it->second];
      e.numbers["contacts"] += 1;
      if (auto en = engagement.find(dc.text(1)); en != engagement.end())
        for (const auto& m : en->second) {
          if (m.ms > e.ref_ms) continue;
          e.numbers["emails_opened"] += 1;  // a click is an open too
          if (m.what == "clicked") e.numbers["links_clicked"] += 1;
        }
    }
    dc.reset();
  }
  h.labels = {{"company_industry", "company industry"}, {"company_size", "company size"}, {"company_country", "company country"},
              {"stage", "last stage"}};
  return h;
}

}  // namespace

bool is_scored(std::string_view object) { return object == "leads" || object == "deals"; }

History load_history(db::Connection& c, const std::string& workspace_id, std::string_view object, bool open,
                     int64_t now_ms, std::size_t limit) {
  const auto defs = records::load_custom_fields(c, workspace_id, std::string(object));
  History h = object == "leads" ? load_leads(c, workspace_id, open, now_ms, limit, defs)
                                : load_deals(c, workspace_id, open, now_ms, limit, defs);
  const Timeline acts = activities(c, workspace_id, object);
  for (auto& e : h.records) add_activity_facts(e, acts);
  for (const auto& d : defs) h.labels["custom." + d.name] = d.label.empty() ? d.name : d.label;
  return h;
}

}  // namespace rapport::scoring

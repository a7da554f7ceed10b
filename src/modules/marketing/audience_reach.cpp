#include "modules/marketing/audience_reach.hpp"

#include <algorithm>
#include <unordered_map>
#include <vector>

#include "modules/privacy/consents.hpp"
#include "platform/db/in_chunks.hpp"
#include "platform/db/in_list.hpp"

namespace rapport::marketing {

namespace {

// Addresses the suppression lookup takes at once.
constexpr std::size_t kSuppressionBatch = 500;

struct Granted {
  std::string hash, granted_at;
};

// How many of `granted` are suppressed by an entry newer than their grant (may_contact's rule: a
// person who opted in again after being suppressed is mailed).
int64_t count_suppressed(db::Connection& c, const std::string& workspace_id, const std::vector<Granted>& granted) {
  int64_t n = 0;
  for (std::size_t from = 0; from < granted.size(); from += kSuppressionBatch) {
    const std::size_t to = std::min(granted.size(), from + kSuppressionBatch);
    std::vector<db::Value> hashes;
    for (std::size_t i = from; i < to; ++i) hashes.emplace_back(granted[i].hash);
    std::string sql = "SELECT email_hash, created_at FROM suppressions WHERE workspace_id = ? AND email_hash IN ";
    std::vector<db::Value> params{workspace_id};
    db::append_in_list(sql, params, hashes);
    std::unordered_map<std::string, std::string> since;
    auto& st = c.prepare(sql);
    st.bind_all(params);
    while (st.step()) since.emplace(st.text(0), st.text(1));
    st.reset();
    for (std::size_t i = from; i < to; ++i) {
      auto it = since.find(granted[i].hash);
      if (it != since.end() && !(granted[i].granted_at > it->second)) ++n;
    }
  }
  return n;
}

}  // namespace

AudienceReach count_reach(db::Connection& c, const std::string& workspace_id, const Sql& audience) {
  // The audience's contacts first, then their consents by chunks of ids. Not a correlated look-up of
  // each contact's newest consent: PostgreSQL plans that once for every row, and on a freshly filled
  // table (no statistics yet) it planned a scan of consents per contact (10,000 contacts ran past
  // the statement timeout); a chunk's look-up costs at most one scan whatever the plan.
  std::string sql = "SELECT id, email FROM contacts WHERE workspace_id = ? AND deleted_at IS NULL AND erased_at IS NULL";
  sql += audience.text;
  std::vector<db::Value> params{workspace_id};
  params.insert(params.end(), audience.params.begin(), audience.params.end());

  AudienceReach r;
  std::vector<std::pair<std::string, std::string>> with_email;  // (contact id, email)
  auto& st = c.prepare(sql);
  st.bind_all(params);
  while (st.step()) {
    ++r.contacts;
    if (st.is_null(1) || st.text(1).empty()) ++r.no_email;
    else with_email.emplace_back(st.text(0), st.text(1));
  }
  st.reset();

  // Each contact's newest email_marketing consent (recorded_at, then id, as may_contact orders them).
  struct Newest {
    std::string status, at, id;
  };
  std::unordered_map<std::string, Newest> newest;
  std::vector<db::Value> ids;
  ids.reserve(with_email.size());
  for (const auto& [id, email] : with_email) ids.emplace_back(id);
  db::rows_in_chunks(c,
                     "SELECT contact_id, status, recorded_at, id FROM consents WHERE workspace_id = ? "
                     "AND channel = 'email_marketing' AND contact_id IN ",
                     {workspace_id}, ids, "", [&](const db::Statement& row) {
                       Newest n{row.text(1), row.text(2), row.text(3)};
                       auto [it, added] = newest.try_emplace(row.text(0), n);
                       if (!added && (n.at > it->second.at || (n.at == it->second.at && n.id > it->second.id))) it->second = std::move(n);
                     });
  std::vector<Granted> granted;
  for (const auto& [id, email] : with_email) {
    auto it = newest.find(id);
    if (it == newest.end() || it->second.status != "granted") ++r.no_consent;
    else granted.push_back({privacy::email_hash(email), it->second.at});
  }
  r.suppressed = count_suppressed(c, workspace_id, granted);
  r.will_receive = static_cast<int64_t>(granted.size()) - r.suppressed;
  return r;
}

}  // namespace rapport::marketing

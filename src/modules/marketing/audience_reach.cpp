#include "modules/marketing/audience_reach.hpp"

#include <algorithm>
#include <unordered_map>
#include <vector>

#include "modules/privacy/consents.hpp"
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
  const char* newest = "FROM consents s WHERE s.workspace_id = contacts.workspace_id AND s.contact_id = contacts.id "
                       "AND s.channel = 'email_marketing' ORDER BY s.recorded_at DESC, s.id DESC LIMIT 1)";
  std::string sql = "SELECT email, (SELECT s.status ";
  sql += newest;
  sql += ", (SELECT s.recorded_at ";
  sql += newest;
  sql += " FROM contacts WHERE workspace_id = ? AND deleted_at IS NULL AND erased_at IS NULL";
  sql += audience.text;
  std::vector<db::Value> params{workspace_id};
  params.insert(params.end(), audience.params.begin(), audience.params.end());

  AudienceReach r;
  std::vector<Granted> granted;
  auto& st = c.prepare(sql);
  st.bind_all(params);
  while (st.step()) {
    ++r.contacts;
    const std::string email = st.is_null(0) ? "" : st.text(0);
    if (email.empty()) {
      ++r.no_email;
    } else if (st.is_null(1) || st.text(1) != "granted") {
      ++r.no_consent;
    } else {
      granted.push_back({privacy::email_hash(email), st.text(2)});
    }
  }
  st.reset();
  r.suppressed = count_suppressed(c, workspace_id, granted);
  r.will_receive = static_cast<int64_t>(granted.size()) - r.suppressed;
  return r;
}

}  // namespace rapport::marketing

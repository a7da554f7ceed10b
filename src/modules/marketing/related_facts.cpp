#include "modules/marketing/related_facts.hpp"

#include <algorithm>
#include <chrono>

#include "modules/marketing/tracking_facts.hpp"
#include "modules/privacy/consents.hpp"
#include "platform/clock.hpp"
#include "platform/ids.hpp"

namespace rapport::marketing {
namespace json = boost::json;

namespace {

constexpr int64_t kMaxDays = 3650;

bool exists(db::Connection& c, const std::string& sql, std::vector<db::Value> params) {
  return !std::holds_alternative<std::nullptr_t>(c.scalar(sql, params));
}

// {"pipeline_id"?, "stage_id"?}: ids of the workspace's pipeline and stage (of that pipeline when both).
// Whether any open deal exists reads the kept count (contacts.open_deals, migration 0083: the
// partial indexes of migration 0088 hold only the contacts with one, by creation time and by
// lifecycle stage, so that a page is read in its order); a pipeline or stage is then
// checked for those contacts only, on the pipeline and stage each link keeps of its deal while the
// deal is open (deal_contacts.open_pipeline_id / open_stage_id, migration 0088): one seek of a
// covering index a contact (at 1M contacts and 28,000 with an open deal, about 16 ms of CPU on
// SQLite, where reading each link's deal took 40 ms and the list of a pipeline's deals' contacts
// 500 ms).
std::optional<Sql> open_deal(const json::value& v, const std::string& path, const FilterScope& s, std::vector<FieldError>& errors) {
  const std::string& ws = s.caller.workspace_id;
  Sql deals{"EXISTS (SELECT 1 FROM deal_contacts dc WHERE dc.workspace_id = ? AND dc.contact_id = " + s.contacts.object + ".id", {ws}};
  bool wanted = true;
  bool narrowed = false;
  if (v.is_bool()) {
    wanted = v.as_bool();
  } else if (v.is_object()) {
    std::string pipeline, stage;
    for (const auto& [key, id] : v.as_object()) {
      const std::string at = path + "." + std::string(key);
      if (key != "pipeline_id" && key != "stage_id") {
        errors.push_back({at, "unknown", "is not a condition of has_open_deal (pipeline_id, stage_id)"});
        return std::nullopt;
      }
      if (!id.is_string() || !ids::is_uuid(id.as_string())) {
        errors.push_back({at, "type", "must be the id of a " + std::string(key == "stage_id" ? "stage" : "pipeline")});
        return std::nullopt;
      }
      (key == "pipeline_id" ? pipeline : stage) = std::string(id.as_string());
    }
    if (!pipeline.empty() && !exists(s.c, "SELECT 1 FROM pipelines WHERE workspace_id = ? AND id = ?", {ws, pipeline})) {
      errors.push_back({path + ".pipeline_id", "not_found", "names no pipeline of the workspace"});
      return std::nullopt;
    }
    if (!stage.empty() &&
        !exists(s.c, "SELECT 1 FROM pipeline_stages WHERE workspace_id = ? AND id = ?" + std::string(pipeline.empty() ? "" : " AND pipeline_id = ?"),
                pipeline.empty() ? std::vector<db::Value>{ws, stage} : std::vector<db::Value>{ws, stage, pipeline})) {
      errors.push_back({path + ".stage_id", "not_found", pipeline.empty() ? "names no stage of the workspace" : "names no stage of that pipeline"});
      return std::nullopt;
    }
    if (!pipeline.empty()) {
      deals.text += " AND dc.open_pipeline_id = ?";
      deals.params.emplace_back(pipeline);
    }
    if (!stage.empty()) {
      deals.text += " AND dc.open_stage_id = ?";
      deals.params.emplace_back(stage);
    }
    narrowed = !pipeline.empty() || !stage.empty();
  } else {
    errors.push_back({path, "type", "must be true, false or {\"pipeline_id\", \"stage_id\"}"});
    return std::nullopt;
  }
  if (!narrowed) return Sql{wanted ? "open_deals > 0" : "open_deals = 0", {}};
  deals.text = (wanted ? "(open_deals > 0 AND " : "(open_deals = 0 OR NOT ") + deals.text + "))";
  return deals;
}

// N: a live activity linked to the contact occurred in the last N days, up to now. The newest such
// time is kept (contacts.last_activity_at, migration 0083): at or after the bound and not in the
// future answers it from the index alone; a contact whose newest activity is still to come (a
// planned meeting) has its links read for one in the window.
std::optional<Sql> recent_activity(const json::value& v, const std::string& path, const FilterScope& s,
                                   std::vector<FieldError>& errors) {
  if (!v.is_int64() || v.as_int64() < 1 || v.as_int64() > kMaxDays) {
    errors.push_back({path, "range", "must be a whole number of days from 1 to " + std::to_string(kMaxDays)});
    return std::nullopt;
  }
  const int64_t since = s.now_ms - v.as_int64() * int64_t{86'400'000};
  const std::string from = clock::format_ms(since), to = clock::format_ms(s.now_ms);
  // The links are read per contact, and only for those whose newest activity is still to come: the
  // test of the contact's own last_activity_at inside the subquery keeps PostgreSQL from turning it
  // into a hashed set of every link in the window (the cost of the former subquery, 300 ms at 1M).
  const std::string& contacts = s.contacts.object;
  return Sql{"(last_activity_at >= ? AND (last_activity_at <= ? OR EXISTS (SELECT 1 FROM activity_links l JOIN activities a "
             "ON a.id = l.activity_id WHERE " +
                 contacts + ".last_activity_at > ? AND l.workspace_id = ? AND l.target_type = 'contacts' AND l.target_id = " +
                 contacts + ".id AND l.occurred_at >= ? AND l.occurred_at <= ? AND a.deleted_at IS NULL)))",
             {from, to, to, s.caller.workspace_id, from, to}};
}

bool one_of(const json::value& v, const std::vector<std::string>& choices) {
  return v.is_string() && std::find(choices.begin(), choices.end(), std::string(v.as_string())) != choices.end();
}

std::string listed(const std::vector<std::string>& choices) {
  std::string out;
  for (const auto& c : choices) out += (out.empty() ? "" : ", ") + c;
  return out;
}

// {"channel", "state"}: the channel's newest consent has that status (privacy's rule: the newest
// row by recorded_at, then id), or for "none" the contact has no consent row of the channel.
std::optional<Sql> consent(const json::value& v, const std::string& path, const FilterScope&, std::vector<FieldError>& errors) {
  static const std::vector<std::string> states = [] {
    auto out = privacy::consent_statuses();
    out.emplace_back("none");
    return out;
  }();
  if (!v.is_object()) {
    errors.push_back({path, "type", "must be {\"channel\", \"state\"}"});
    return std::nullopt;
  }
  const auto& o = v.as_object();
  bool ok = true;
  for (const auto& [key, value] : o)
    if (key != "channel" && key != "state") {
      errors.push_back({path + "." + std::string(key), "unknown", "is not part of a consent condition (channel, state)"});
      ok = false;
    }
  const json::value* channel = o.if_contains("channel");
  const json::value* state = o.if_contains("state");
  if (!channel || !one_of(*channel, privacy::consent_channels())) {
    errors.push_back({path + ".channel", channel ? "enum" : "required", "must be one of " + listed(privacy::consent_channels())});
    ok = false;
  }
  if (!state || !one_of(*state, states)) {
    errors.push_back({path + ".state", state ? "enum" : "required", "must be one of " + listed(states)});
    ok = false;
  }
  if (!ok) return std::nullopt;
  // The channel's newest status is kept per contact (contacts.consent_<channel>, migration 0083;
  // the channels are privacy's fixed list, each a column).
  const std::string column = "consent_" + std::string(channel->as_string()), st(state->as_string());
  if (st == "none") return Sql{column + " IS NULL", {}};
  return Sql{column + " = ?", {st}};
}

}  // namespace

Sql among_ids(const FilterScope& scope, Sql ids, bool among) {
  if (among || scope.c.dialect() != db::Dialect::Postgres) {
    ids.text = std::string(among ? "id IN (" : "id NOT IN (") + ids.text + ")";
    return ids;
  }
  ids.text = "NOT EXISTS (SELECT 1 FROM (" + ids.text + ") AS absent(contact_id) WHERE absent.contact_id = " + scope.contacts.object + ".id)";
  return ids;
}

const std::map<std::string, FactCompiler>& related_facts() {
  static const std::map<std::string, FactCompiler> facts = {
      {"has_open_deal", open_deal},
      {"activity_within_days", recent_activity},
      {"consent", consent},
      {"opened_campaign", opened_campaign},
      {"clicked_campaign", clicked_campaign},
  };
  return facts;
}

}  // namespace rapport::marketing

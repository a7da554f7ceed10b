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
std::optional<Sql> open_deal(const json::value& v, const std::string& path, const FilterScope& s, std::vector<FieldError>& errors) {
  const std::string& ws = s.caller.workspace_id;
  Sql deals{"SELECT dc.contact_id FROM deal_contacts dc JOIN deals d ON d.id = dc.deal_id WHERE dc.workspace_id = ? "
            "AND d.workspace_id = ? AND d.deleted_at IS NULL AND d.closed_at IS NULL",
            {ws, ws}};
  bool wanted = true;
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
      deals.text += " AND d.pipeline_id = ?";
      deals.params.emplace_back(pipeline);
    }
    if (!stage.empty()) {
      deals.text += " AND d.stage_id = ?";
      deals.params.emplace_back(stage);
    }
  } else {
    errors.push_back({path, "type", "must be true, false or {\"pipeline_id\", \"stage_id\"}"});
    return std::nullopt;
  }
  return among_ids(s, std::move(deals), wanted);
}

// N: a live activity linked to the contact occurred in the last N days, up to now.
std::optional<Sql> recent_activity(const json::value& v, const std::string& path, const FilterScope& s,
                                   std::vector<FieldError>& errors) {
  if (!v.is_int64() || v.as_int64() < 1 || v.as_int64() > kMaxDays) {
    errors.push_back({path, "range", "must be a whole number of days from 1 to " + std::to_string(kMaxDays)});
    return std::nullopt;
  }
  const int64_t since = s.now_ms - v.as_int64() * int64_t{86'400'000};
  return Sql{"id IN (SELECT l.target_id FROM activity_links l JOIN activities a ON a.id = l.activity_id WHERE l.workspace_id = ? "
             "AND l.target_type = 'contacts' AND l.occurred_at >= ? AND l.occurred_at <= ? AND a.deleted_at IS NULL)",
             {s.caller.workspace_id, clock::format_ms(since), clock::format_ms(s.now_ms)}};
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
std::optional<Sql> consent(const json::value& v, const std::string& path, const FilterScope& s, std::vector<FieldError>& errors) {
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
  const std::string ch(channel->as_string()), st(state->as_string());
  if (st == "none")
    return among_ids(s, Sql{"SELECT contact_id FROM consents WHERE workspace_id = ? AND channel = ?", {s.caller.workspace_id, ch}}, false);
  return Sql{"id IN (SELECT k.contact_id FROM consents k WHERE k.workspace_id = ? AND k.channel = ? AND k.status = ? "
             "AND NOT EXISTS (SELECT 1 FROM consents n WHERE n.workspace_id = k.workspace_id AND n.contact_id = k.contact_id "
             "AND n.channel = k.channel AND (n.recorded_at > k.recorded_at OR (n.recorded_at = k.recorded_at AND n.id > k.id))))",
             {s.caller.workspace_id, ch, st}};
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

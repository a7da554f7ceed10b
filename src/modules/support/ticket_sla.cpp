#include "modules/support/ticket_sla.hpp"

#include <algorithm>
#include <map>
#include <optional>

#include "modules/support/kpi_durations.hpp"
#include "modules/support/sla_clock.hpp"
#include "modules/support/sla_store.hpp"
#include "modules/support/specs.hpp"
#include "modules/support/status_intervals.hpp"
#include "platform/clock.hpp"
#include "platform/db/in_chunks.hpp"
#include "platform/records/service.hpp"

namespace rapport::support {
namespace json = boost::json;

namespace {

// A stored target (a row of ticket_sla).
struct TargetRow {
  std::string policy_id;
  std::optional<int64_t> minutes;
  std::string started_at;
  std::optional<std::string> due_at, warn_at, met_at, warned_at, breached_at;
};

std::optional<int64_t> ms_of(const std::optional<std::string>& t) {
  return t ? clock::parse_datetime(*t) : std::nullopt;
}
std::optional<std::string> text_of(const std::optional<int64_t>& ms) {
  return ms ? std::optional<std::string>(clock::format_ms(*ms)) : std::nullopt;
}
db::Value value_of(const std::optional<std::string>& s) { return s ? db::Value(*s) : db::Value(nullptr); }
json::value json_of(const std::optional<std::string>& s) { return s ? json::value(*s) : json::value(nullptr); }
std::string field_text(const json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

bool stops_everything(std::string_view status) { return status == "solved" || status == "closed"; }

const Calendar& around_the_clock() {
  static const Calendar cal = [] {
    std::array<std::vector<OpenHours>, 7> week;
    for (auto& day : week) day = {{0, kMinutesPerDay}};
    return *make_calendar(*jobs::time_zone("UTC"), week, {});
  }();
  return cal;
}

// The columns of a stored target after its ticket_id: kTargetColumns read by read_target.
constexpr const char* kTargetColumns = "target, policy_id, minutes, started_at, due_at, warn_at, met_at, warned_at, breached_at";

// The target named in column `at` and its row from the columns after it.
std::pair<std::string, TargetRow> read_target(const db::Statement& st, int at) {
  auto opt = [&](int col) { return st.is_null(at + col) ? std::nullopt : std::optional<std::string>(st.text(at + col)); };
  TargetRow r;
  r.policy_id = st.text(at + 1);
  if (!st.is_null(at + 2)) r.minutes = st.int64(at + 2);
  r.started_at = st.text(at + 3);
  r.due_at = opt(4);
  r.warn_at = opt(5);
  r.met_at = opt(6);
  r.warned_at = opt(7);
  r.breached_at = opt(8);
  return {st.text(at), std::move(r)};
}

std::map<std::string, TargetRow> stored_targets(db::Connection& c, const std::string& workspace_id, const std::string& ticket_id) {
  auto& st = c.prepare(std::string("SELECT ") + kTargetColumns + " FROM ticket_sla WHERE workspace_id = ? AND ticket_id = ?");
  st.bind_all({workspace_id, ticket_id});
  std::map<std::string, TargetRow> out;
  while (st.step()) out.insert(read_target(st, 0));
  st.reset();
  return out;
}

void save_target(db::Connection& c, const std::string& workspace_id, const std::string& ticket_id, const std::string& target,
                 const TargetRow& r) {
  c.prepare(
       "INSERT INTO ticket_sla(workspace_id, ticket_id, target, policy_id, minutes, started_at, due_at, warn_at, met_at, warned_at, "
       "breached_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(ticket_id, target) DO UPDATE SET policy_id = excluded.policy_id, "
       "minutes = excluded.minutes, started_at = excluded.started_at, due_at = excluded.due_at, warn_at = excluded.warn_at, "
       "met_at = excluded.met_at, warned_at = excluded.warned_at, breached_at = excluded.breached_at")
      .bind_all({workspace_id, ticket_id, target, r.policy_id, r.minutes ? db::Value(*r.minutes) : db::Value(nullptr), r.started_at,
                 value_of(r.due_at), value_of(r.warn_at), value_of(r.met_at), value_of(r.warned_at), value_of(r.breached_at)})
      .run();
}

void drop_target(db::Connection& c, const std::string& workspace_id, const std::string& ticket_id, const std::string& target) {
  c.prepare("DELETE FROM ticket_sla WHERE workspace_id = ? AND ticket_id = ? AND target = ?").bind_all({workspace_id, ticket_id, target}).run();
}

// When the ticket was solved, if it is now: the start of its trailing run of solved/closed intervals.
std::optional<int64_t> solved_at(const std::vector<StatusInterval>& intervals) {
  std::optional<int64_t> at;
  for (auto it = intervals.rbegin(); it != intervals.rend() && stops_everything(it->status); ++it) at = it->start;
  return at;
}

// The pauses before `met` (all of them while the target is open).
std::vector<Pause> pauses_until(const std::vector<Pause>& pauses, std::optional<int64_t> met) {
  if (!met) return pauses;
  std::vector<Pause> out;
  for (const auto& p : pauses)
    if (p.start < *met) out.push_back({p.start, std::min(p.end, *met)});
  return out;
}

// A due (or warning) time that moved lets its event fire again, unless it is still past.
std::optional<std::string> keep_fired(const std::optional<std::string>& fired, const std::optional<std::string>& before,
                                      const std::optional<std::string>& after, int64_t now_ms) {
  if (!fired || before == after) return fired;
  const auto at = ms_of(after);
  return at && *at <= now_ms ? fired : std::nullopt;
}

json::object target_json(const TargetRow& r, int64_t now_ms) {
  const auto due = ms_of(r.due_at), met = ms_of(r.met_at);
  const bool breached = due && (met ? *met > *due : *due <= now_ms);
  return {{"due_at", json_of(r.due_at)},
          {"warn_at", json_of(r.warn_at)},
          {"met_at", json_of(r.met_at)},
          {"breached", breached},
          {"paused", !r.met_at && !r.due_at}};
}

json::value sla_of(const std::map<std::string, TargetRow>& rows, int64_t now_ms) {
  json::object out;
  for (const auto& [target, r] : rows) {
    if (!r.minutes) continue;
    out["policy_id"] = r.policy_id;
    out[target] = target_json(r, now_ms);
  }
  if (out.empty()) return nullptr;
  return out;
}

}  // namespace

Calendar sla_calendar(db::Connection& c, const std::string& workspace_id, const SlaPolicy& p, const std::string& team_id) {
  if (p.calendar_time) return around_the_clock();
  std::optional<BusinessHours> b;
  if (p.business_hours_id) b = sla_store::find_calendar(c, workspace_id, *p.business_hours_id);
  else b = sla_store::calendar_for_team(c, workspace_id, team_id.empty() ? std::nullopt : std::optional<std::string>(team_id));
  auto cal = b ? b->clock_calendar() : std::nullopt;
  return cal ? std::move(*cal) : around_the_clock();
}

SlaSetup::SlaSetup(db::Connection& c, std::string workspace_id)
    : c_(c), workspace_id_(std::move(workspace_id)), policies_(sla_store::policies(c, workspace_id_)) {}

const Calendar& SlaSetup::calendar(const SlaPolicy& p, const std::string& team_id) {
  // What sla_calendar reads: nothing (calendar time), the policy's calendar, or the team's (else the default).
  std::string key = p.calendar_time ? "*" : p.business_hours_id ? "b:" : "t:";
  if (!p.calendar_time) key += p.business_hours_id ? *p.business_hours_id : team_id;
  auto it = calendars_.find(key);
  if (it == calendars_.end()) it = calendars_.emplace(std::move(key), sla_calendar(c_, workspace_id_, p, team_id)).first;
  return it->second;
}

void track_sla(db::Connection& c, const std::string& workspace_id, json::object& ticket, int64_t now_ms) {
  SlaSetup setup(c, workspace_id);
  track_sla(c, workspace_id, ticket, now_ms, setup);
}

void track_sla(db::Connection& c, const std::string& workspace_id, json::object& ticket, int64_t now_ms, SlaSetup& setup) {
  const std::string id = field_text(ticket, "id"), status = field_text(ticket, "status");
  record_status(c, workspace_id, id, status, clock::format_ms(now_ms));
  // solved_at follows the status as its interval does: set on entering solved/closed, kept while there.
  if (!stops_everything(status)) ticket["solved_at"] = nullptr;
  else if (field_text(ticket, "solved_at").empty()) ticket["solved_at"] = clock::format_ms(now_ms);
  auto rows = stored_targets(c, workspace_id, id);
  const auto& all = setup.policies();
  const auto policy = std::find_if(all.begin(), all.end(), [&](const SlaPolicy& p) { return p.matches(ticket); });
  if (policy == all.end()) {
    // No policy: no targets; a customer's message (next_response's start) is remembered.
    for (auto& [target, r] : rows) {
      if (target != "next_response") {
        drop_target(c, workspace_id, id, target);
        continue;
      }
      r.minutes.reset();
      r.due_at.reset();
      r.warn_at.reset();
      save_target(c, workspace_id, id, target, r);
    }
    ticket["sla_due_at"] = nullptr;
    ticket["sla"] = nullptr;
    time_kpi_durations(ticket, KpiClock{});
    set_kpi_sla(ticket, std::nullopt, std::nullopt, std::nullopt);
    time_next_responses(c, {id}, true);
    return;
  }
  const Calendar& cal = setup.calendar(*policy, field_text(ticket, "team_id"));
  const auto intervals = status_intervals(c, workspace_id, id);
  const std::vector<Pause> pauses = sla_pauses(*policy, intervals);
  const std::string created = field_text(ticket, "created_at"), priority = field_text(ticket, "priority");
  const std::string first_response = field_text(ticket, "first_response_at");
  std::map<std::string, TargetRow> now_rows;
  for (const char* target : kSlaTargets) {
    auto found = rows.find(target);
    if (std::string_view(target) == "next_response" && found == rows.end()) continue;  // the customer has not written since
    TargetRow r;
    if (found != rows.end()) r = found->second;
    const TargetRow before = r;
    r.policy_id = policy->id;
    r.minutes = policy->minutes(target, priority);
    if (std::string_view(target) == "first_response") {
      r.started_at = created;
      r.met_at = first_response.empty() ? std::nullopt : std::optional<std::string>(first_response);
    } else if (std::string_view(target) == "resolution") {
      r.started_at = created;
      r.met_at = text_of(solved_at(intervals));
    }
    if (!r.minutes && std::string_view(target) != "next_response") {
      if (found != rows.end()) drop_target(c, workspace_id, id, target);
      continue;
    }
    r.due_at.reset();
    r.warn_at.reset();
    if (r.minutes) {
      const auto start = clock::parse_datetime(r.started_at).value_or(now_ms);
      const auto paused = pauses_until(pauses, ms_of(r.met_at));
      r.due_at = text_of(add_business_minutes(cal, start, *r.minutes, paused));
      if (auto w = policy->warn_after(*r.minutes)) r.warn_at = text_of(add_business_minutes(cal, start, *w, paused));
    }
    r.breached_at = keep_fired(r.breached_at, before.due_at, r.due_at, now_ms);
    r.warned_at = keep_fired(r.warned_at, before.warn_at, r.warn_at, now_ms);
    save_target(c, workspace_id, id, target, r);
    now_rows.emplace(target, std::move(r));
  }
  std::optional<std::string> due;
  for (const auto& [target, r] : now_rows)
    if (r.minutes && !r.met_at && r.due_at && (!due || ms_of(r.due_at) < ms_of(due))) due = r.due_at;
  ticket["sla_due_at"] = json_of(due);
  ticket["sla"] = sla_of(now_rows, now_ms);
  // The KPIs' business time: on the policy's clock when it times the ticket (a target of its priority).
  const bool timed = std::any_of(now_rows.begin(), now_rows.end(), [](const auto& kv) { return kv.second.minutes.has_value(); });
  time_kpi_durations(ticket, timed ? KpiClock{&cal, pauses} : KpiClock{});
  // Met when met at or before its due time (or with none: paused throughout); null while open.
  auto met = [&](const char* target) -> std::optional<bool> {
    const auto r = now_rows.find(target);
    if (r == now_rows.end() || !r->second.minutes || !r->second.met_at) return std::nullopt;
    const auto due = ms_of(r->second.due_at);
    return !due || ms_of(r->second.met_at).value_or(0) <= *due;
  };
  set_kpi_sla(ticket, timed ? std::optional<std::string>(policy->id) : std::nullopt, met("first_response"), met("resolution"));
  time_next_responses(c, {id}, true);  // the one a reply just gave (note_reply), on the same clock
}

json::value sla_json(db::Connection& c, const std::string& workspace_id, const std::string& ticket_id, int64_t now_ms) {
  return sla_of(stored_targets(c, workspace_id, ticket_id), now_ms);
}

std::vector<json::value> sla_json_of(db::Connection& c, const std::string& workspace_id, const std::vector<std::string>& ticket_ids,
                                     int64_t now_ms) {
  std::map<std::string, std::map<std::string, TargetRow>> targets;  // by ticket id
  if (!ticket_ids.empty())
    db::rows_in_chunks(c, std::string("SELECT ticket_id, ") + kTargetColumns + " FROM ticket_sla WHERE workspace_id = ? AND ticket_id IN ",
                       {workspace_id}, std::vector<db::Value>(ticket_ids.begin(), ticket_ids.end()), "",
                       [&](const db::Statement& st) { targets[st.text(0)].insert(read_target(st, 1)); });
  static const std::map<std::string, TargetRow> none;
  std::vector<json::value> out;
  for (const auto& id : ticket_ids) {
    const auto found = targets.find(id);
    out.push_back(sla_of(found == targets.end() ? none : found->second, now_ms));
  }
  return out;
}

db::Value kept_sla(const json::object& ticket) {
  const auto* sla = ticket.if_contains("sla");
  return sla ? db::Value(json::serialize(*sla)) : db::Value(nullptr);
}

std::optional<json::value> sla_of_kept(std::string_view kept, int64_t now_ms) {
  boost::system::error_code ec;
  const json::value v = json::parse(kept, ec);
  if (ec) return std::nullopt;
  if (v.is_null()) return json::value(nullptr);
  const auto* o = v.if_object();
  const auto* policy = o ? o->if_contains("policy_id") : nullptr;
  if (!policy || !policy->is_string()) return std::nullopt;
  // Each target's times; sla_of judges them and orders the answer as sla_json does.
  std::map<std::string, TargetRow> rows;
  for (const auto& [target, times] : *o) {
    if (target == "policy_id") continue;
    const auto* t = times.if_object();
    if (!t) return std::nullopt;
    auto time = [&](std::string_view key) {
      const auto* x = t->if_contains(key);
      return x && x->is_string() ? std::optional<std::string>(x->as_string()) : std::nullopt;
    };
    TargetRow r;
    r.policy_id = policy->as_string();
    r.minutes = 0;  // a target of the policy (the kept text holds no others)
    r.due_at = time("due_at");
    r.warn_at = time("warn_at");
    r.met_at = time("met_at");
    rows.emplace(target, std::move(r));
  }
  return sla_of(rows, now_ms);
}

void note_reply(db::Connection& c, const std::string& workspace_id, const std::string& ticket_id, const std::string& at) {
  // The next response it gives, kept for the KPIs (track_sla times it).
  c.prepare("INSERT INTO ticket_next_responses (workspace_id, ticket_id, started_at, met_at) SELECT workspace_id, ticket_id, started_at, ? "
            "FROM ticket_sla WHERE workspace_id = ? AND ticket_id = ? AND target = 'next_response' AND met_at IS NULL "
            "ON CONFLICT (ticket_id, started_at) DO NOTHING")
      .bind_all({at, workspace_id, ticket_id})
      .run();
  c.prepare("UPDATE ticket_sla SET met_at = ? WHERE workspace_id = ? AND ticket_id = ? AND target = 'next_response' AND met_at IS NULL")
      .bind_all({at, workspace_id, ticket_id})
      .run();
}

Status customer_replied(db::Connection& c, const identity::Context& ctx, const std::string& ticket_id, int64_t at_ms) {
  const auto before = ticket_store().find(c, ctx, ticket_id);
  if (!before) return Problem::not_found();
  // Before the first response, first_response covers the customer's messages.
  if (before->at("first_response_at").is_null()) return ok_status();
  auto rows = stored_targets(c, ctx.workspace_id, ticket_id);
  TargetRow r;
  if (auto it = rows.find("next_response"); it != rows.end()) r = it->second;
  r.started_at = clock::format_ms(at_ms);
  r.met_at.reset();
  r.warned_at.reset();
  r.breached_at.reset();
  save_target(c, ctx.workspace_id, ticket_id, "next_response", r);
  json::object after = *before;
  track_sla(c, ctx.workspace_id, after, clock::now_ms());
  auto written = records::write_change(c, ctx, ticket_store(), *before, std::move(after), "customer_reply");
  if (!written) return written.take_problem();
  return ok_status();
}

}  // namespace rapport::support

#include <utility>
#include <variant>

#include "modules/support/assignment.hpp"
#include "modules/support/satisfaction.hpp"
#include "modules/support/specs.hpp"
#include "modules/support/ticket_sla.hpp"
#include "platform/clock.hpp"
#include "platform/records/page_decoration.hpp"

namespace rapport::support {
using records::FieldType;
namespace json = boost::json;

namespace {

// The workspace's next ticket number, taken in the write transaction: the counter row stays locked
// until the commit (PostgreSQL) or the single writer serialises it (SQLite), and a write that fails
// rolls its increment back, so numbers follow each other without gaps and are never reused.
int64_t next_number(db::Connection& c, const std::string& workspace_id) {
  auto v = c.scalar(
      "INSERT INTO ticket_numbers(workspace_id, last_number) VALUES (?, 1) ON CONFLICT(workspace_id) DO UPDATE SET "
      "last_number = ticket_numbers.last_number + 1 RETURNING last_number",
      {workspace_id});
  return std::get<int64_t>(v);
}

std::string stored_text(db::Connection& c, const access::Context& ctx, const std::string& column, const std::string& id) {
  auto v = c.scalar("SELECT " + column + " FROM tickets WHERE workspace_id = ? AND id = ?", {ctx.workspace_id, id});
  auto* s = std::get_if<std::string>(&v);
  return s ? *s : std::string();
}

void check_ticket(db::Connection& c, const access::Context& ctx, const json::object& rec, bool creating,
                  std::vector<FieldError>& errors) {
  const std::string id(rec.at("id").as_string());
  if (!creating && stored_text(c, ctx, "status", id) == "closed" && rec.at("status") != "closed")
    errors.push_back({"status", "closed", "a closed ticket stays closed: POST /api/v1/tickets/{id}/follow-up opens a follow-up"});
  // A new team must exist; an unchanged one is left alone (its team may have been deleted since).
  if (const auto& team = rec.at("team_id"); team.is_string()) {
    const std::string team_id(team.as_string());
    if ((creating || team_id != stored_text(c, ctx, "team_id", id)) &&
        std::holds_alternative<std::nullptr_t>(
            c.scalar("SELECT 1 FROM teams WHERE workspace_id = ? AND id = ?", {ctx.workspace_id, team_id})))
      errors.push_back({"team_id", "not_found", "refers to no team of this workspace"});
  }
  const auto& of = rec.at("follow_up_of");
  const std::string follows = of.is_string() ? std::string(of.as_string()) : std::string();
  if (!creating) {
    if (follows != stored_text(c, ctx, "follow_up_of", id))
      errors.push_back({"follow_up_of", "read_only", "is set when the follow-up is created"});
  } else if (!follows.empty() && stored_text(c, ctx, "status", follows) != "closed") {
    // The reference check saw a live ticket the caller may read; a follow-up follows a closed one.
    errors.push_back({"follow_up_of", "not_closed", "names a ticket that is not closed"});
  }
}

}  // namespace

const records::ObjectSpec& ticket_spec() {
  static const records::ObjectSpec spec = [] {
    records::ObjectSpec s;
    s.object = "tickets";
    s.singular = "ticket";
    s.title = "Ticket";
    s.display = {{"subject"}};
    s.default_sort = "-number";
    auto& number = s.add("number", FieldType::Integer);
    number.writable = false;
    number.sortable = true;
    number.description = "The ticket's number in its workspace (#1042): 1, 2, 3, ... in order of creation, never reused";
    auto& subject = s.add("subject", FieldType::String, 255);
    subject.required = true;
    subject.sortable = true;
    subject.nocase = true;
    s.add("description", FieldType::Text, 50000);
    auto& status = s.add("status", FieldType::Enum);
    status.options = {"new", "open", "pending", "on_hold", "solved", "closed"};
    status.sortable = true;
    status.description = "new (default), open, pending, on_hold, solved or closed; closed is final (a follow-up reopens "
                         "the conversation: POST /api/v1/tickets/{id}/follow-up)";
    auto& priority = s.add("priority", FieldType::Enum);
    priority.options = {"low", "normal", "high", "urgent"};
    priority.sortable = true;
    priority.description = "low, normal (default), high or urgent";
    s.add("type", FieldType::String, 50).description = "Free text: question, incident, problem, task, ...";
    auto& channel = s.add("channel", FieldType::Enum);
    channel.options = {"email", "web", "phone", "api"};
    channel.description = "Where the request came from: email, web (form), phone or api (default)";
    auto& requester = s.add("requester_id", FieldType::Reference);
    requester.ref_table = "contacts";
    requester.description = "The contact who asked";
    auto& company = s.add("company_id", FieldType::Reference);
    company.ref_table = "companies";
    auto& assignee = s.add("assignee_id", FieldType::Reference);
    assignee.ref_table = "users";
    assignee.ref_policy = records::ReferencePolicy::Active;
    assignee.description = "The agent working on the ticket (a user who can sign in)";
    // A team is configuration, not a record (no recycle bin): checked by check_ticket, not as a Reference.
    auto& team = s.add("team_id", FieldType::String, 36);
    team.description = "The id of the team (queue) the ticket belongs to: a role's team scope covers its team's tickets";
    s.add("tags", FieldType::Tags).description =
        "Labels (at most 50, each 1 to 64 characters, unique regardless of case); filter[tags][in]=a,b keeps the tickets "
        "with any of them, filter[tags][all]=a,b those with every one";
    auto& follow = s.add("follow_up_of", FieldType::Reference);
    follow.ref_table = "tickets";
    follow.description = "The closed ticket this one follows up (set on creation)";
    auto& first_response = s.add("first_response_at", FieldType::DateTime);
    first_response.writable = false;
    first_response.sortable = true;
    first_response.description = "When the first reply was added (POST /api/v1/tickets/{id}/messages, kind reply)";
    auto& solved = s.add("solved_at", FieldType::DateTime);
    solved.writable = false;
    solved.sortable = true;
    solved.description = "When the ticket was last solved (or closed without being solved); null while it is not solved or closed";
    // The KPIs' durations (kpi_durations.hpp), written with first_response_at and solved_at.
    const std::pair<const char*, const char*> durations[] = {
        {"first_response_seconds", "Seconds from creation to the first reply (null: unanswered)"},
        {"first_response_business_seconds",
         "Business seconds from creation to the first reply, on the business hours of the ticket's SLA policy (calendar seconds "
         "when no policy times it, or its policy is in calendar time)"},
        {"resolution_seconds", "Seconds from creation to solved_at (null: not solved or closed)"},
        {"resolution_business_seconds", "Business seconds from creation to solved_at, on the business hours of the ticket's SLA policy"}};
    for (const auto& [name, what] : durations) {
      auto& d = s.add(name, FieldType::Integer);
      d.writable = false;
      d.description = what;
    }
    // The SLA's outcome beside them, so that the report's attainment reads the same index range.
    auto& policy = s.add("sla_policy_id", FieldType::String, 36);
    policy.writable = false;
    policy.description = "The SLA policy that times the ticket (null: none, or none of its targets applies to the priority)";
    const std::pair<const char*, const char*> outcomes[] = {
        {"first_response_sla_met", "Whether the first reply came by its SLA due time (null: no such target, or not answered yet)"},
        {"resolution_sla_met", "Whether the ticket was solved by its SLA due time (null: no such target, or not solved)"}};
    for (const auto& [name, what] : outcomes) {
      auto& o = s.add(name, FieldType::Boolean);
      o.writable = false;
      o.description = what;
    }
    auto& sla_due = s.add("sla_due_at", FieldType::DateTime);
    sla_due.writable = false;
    sla_due.sortable = true;
    sla_due.description = "The earliest due time of the ticket's open SLA targets (null: none, or its clock is paused); "
                          "`sla` holds each target";
    auto& satisfaction = s.add("satisfaction", FieldType::Enum);
    satisfaction.options = {"good", "bad"};
    satisfaction.writable = false;
    satisfaction.sortable = true;
    satisfaction.description = "The requester's rating of the help they got (the satisfaction survey), or null";
    auto& comment = s.add("satisfaction_comment", FieldType::Text, 2000);
    comment.writable = false;
    comment.description = "What the requester wrote with their rating";
    auto& rated = s.add("satisfaction_at", FieldType::DateTime);
    rated.writable = false;
    rated.sortable = true;
    rated.description = "When the requester last rated";
    s.hooks.normalize = [](json::object& rec, bool creating) {
      if (!creating) return;
      if (rec["status"].is_null()) rec["status"] = "new";
      if (rec["priority"].is_null()) rec["priority"] = "normal";
      if (rec["channel"].is_null()) rec["channel"] = "api";
    };
    s.hooks.resolve = [](db::Connection& c, const access::Context& ctx, json::object& rec, bool creating) {
      if (creating) {
        rec["number"] = next_number(c, ctx.workspace_id);
        // A new ticket without a company is its requester's company's (as one from an email is), so
        // that the company's page and an SLA policy's company condition see it.
        if (const auto& requester = rec.at("requester_id"); requester.is_string() && rec.at("company_id").is_null()) {
          auto company = c.scalar(
              "SELECT co.id FROM contacts ct JOIN companies co ON co.workspace_id = ct.workspace_id AND co.id = ct.company_id "
              "AND co.deleted_at IS NULL WHERE ct.workspace_id = ? AND ct.id = ? AND ct.deleted_at IS NULL",
              {ctx.workspace_id, std::string(requester.as_string())});
          if (auto* id = std::get_if<std::string>(&company)) rec["company_id"] = *id;
        }
        // A new ticket in a team's queue without an assignee: the team's round robin, when it has one.
        if (const auto& team = rec.at("team_id"); team.is_string() && rec.at("assignee_id").is_null())
          if (auto agent = pick_assignee(c, ctx.workspace_id, std::string(team.as_string()))) rec["assignee_id"] = *agent;
      }
      // Solved now and not before: the workspace's satisfaction survey, if it sends one, goes with this change.
      if (!creating && rec.at("status") == "solved" && stored_text(c, ctx, "status", std::string(rec.at("id").as_string())) != "solved")
        enqueue_survey(c, ctx.workspace_id, std::string(rec.at("id").as_string()));
      // A new ticket's clock starts at its created_at (its first status interval with it).
      const auto created = creating ? clock::parse_datetime(rec.at("created_at").as_string()) : std::nullopt;
      track_sla(c, ctx.workspace_id, rec, created.value_or(clock::now_ms()));
    };
    s.hooks.check = [](db::Connection& c, const access::Context& ctx, const json::object& rec, const json::object&,
                       bool creating, std::vector<FieldError>& errors) { check_ticket(c, ctx, rec, creating, errors); };
    s.hooks.decorate = [](db::Connection& c, const access::Context& ctx, json::object& out) {
      out["sla"] = sla_json(c, ctx.workspace_id, std::string(out.at("id").as_string()), clock::now_ms());
    };
    // A list page's SLA from the text each ticket's last write kept (no query); the tickets none has
    // kept yet (written before migration 0085, or seeded by SQL) have their targets read in one query.
    s.kept_columns.push_back({"sla_kept", kept_sla});
    records::set_page_decorator(s.object, [](db::Connection& c, const access::Context& ctx, const std::vector<records::PageRecord>& page) {
      const int64_t now = clock::now_ms();
      std::vector<json::object> members(page.size());
      std::vector<std::string> unkept;
      std::vector<std::size_t> unkept_at;
      for (std::size_t i = 0; i < page.size(); ++i) {
        auto sla = page[i].kept.at(0) ? sla_of_kept(*page[i].kept[0], now) : std::nullopt;
        if (sla) {
          members[i]["sla"] = std::move(*sla);
        } else {
          unkept.push_back(page[i].id);
          unkept_at.push_back(i);
        }
      }
      auto read = sla_json_of(c, ctx.workspace_id, unkept, now);
      for (std::size_t j = 0; j < read.size(); ++j) members[unkept_at[j]]["sla"] = std::move(read[j]);
      return members;
    });
    return s;
  }();
  return spec;
}

const records::Store& ticket_store() {
  static const records::Store s(ticket_spec());
  return s;
}

}  // namespace rapport::support

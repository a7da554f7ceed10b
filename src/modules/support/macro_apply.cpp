#include "modules/support/macro_apply.hpp"

#include <set>

#include "modules/support/macro_merge.hpp"
#include "modules/support/macro_service.hpp"
#include "modules/support/macro_store.hpp"
#include "modules/support/messages.hpp"
#include "modules/support/specs.hpp"
#include "platform/case_fold.hpp"
#include "platform/http/api.hpp"
#include "platform/http/body_reader.hpp"
#include "platform/ids.hpp"
#include "platform/journal.hpp"
#include "platform/records/existing_records.hpp"
#include "platform/records/scope.hpp"

namespace rapport::support {
namespace json = boost::json;

namespace {

const json::array& tags_of(const json::object& changes, const char* key) {
  static const json::array none;
  auto* v = changes.if_contains(key);
  return v && v->is_array() ? v->as_array() : none;
}

// The PATCH body a macro makes of its changes for this ticket.
json::object ticket_patch(const json::object& changes, const json::object& ticket) {
  json::object patch;
  for (const char* key : {"status", "priority", "assignee_id", "team_id"})
    if (auto* v = changes.if_contains(key)) patch[key] = *v;
  if (changes.contains("add_tags") || changes.contains("remove_tags"))
    patch["tags"] = merged_tags(ticket.at("tags").as_array(), tags_of(changes, "add_tags"), tags_of(changes, "remove_tags"));
  return patch;
}

}  // namespace

json::array merged_tags(const json::array& current, const json::array& add, const json::array& remove) {
  std::set<std::string> gone, kept;
  for (const auto& t : remove) gone.insert(case_fold::key(t.as_string()));
  json::array out;
  for (const auto& t : current)
    if (!gone.count(case_fold::key(t.as_string())) && kept.insert(case_fold::key(t.as_string())).second) out.push_back(t);
  for (const auto& t : add)
    if (kept.insert(case_fold::key(t.as_string())).second) out.push_back(t);
  return out;
}

Result<std::string> read_apply_body(const json::object& body) {
  http::BodyReader in(body);
  in.only({"macro_id"}, "an application of a macro (macro_id)");
  auto id = in.text("macro_id", 1, 36, true);
  if (id && !ids::is_uuid(*id)) in.error("macro_id", "format", "must be the id of a macro");
  if (!in.ok()) return in.problem();
  return *id;
}

Result<AppliedMacro> apply_macro(db::Database& db, const access::Context& ctx, const std::string& ticket_id,
                                 const std::string& macro_id, std::string_view if_match,
                                 const std::vector<const records::ObjectSpec*>& specs) {
  if (!ids::is_uuid(ticket_id)) return Problem::not_found();
  AppliedMacro out;
  Status st = db.write([&](db::Connection& c) -> Status {
    // The ticket's row is locked first on PostgreSQL, as a message does, so the changes and the
    // message are judged against the same ticket (SQLite has one writer).
    if (c.dialect() == db::Dialect::Postgres)
      (void)c.scalar("SELECT id FROM tickets WHERE workspace_id = ? AND id = ? FOR UPDATE", {ctx.workspace_id, ticket_id});
    auto ticket = ticket_store().find(c, ctx, ticket_id);
    if (!ticket) return Problem::not_found();
    if (!ticket_store().in_scope(c, ctx, ticket_id, access::Action::Update)) return records::not_allowed(access::Action::Update, "ticket");
    if (!http::if_match_allows(if_match, ticket->at("version").as_int64()))
      return Problem::precondition_failed("The ticket changed since you read it; read it again and retry");
    auto macro = macro_store::find(c, ctx.workspace_id, macro_id);
    if (!macro || !may_see(ctx, *macro)) return Problem::invalid({{"macro_id", "not_found", "refers to no macro of yours in this workspace"}});
    const json::object patch = ticket_patch(macro->changes, *ticket);
    // The message first, rendered with the ticket as the changes leave it: a change may take the
    // ticket out of the caller's reach (another team's queue), after which they could not post.
    out.message = nullptr;
    if (!macro->body.empty()) {
      json::object changed = *ticket;
      for (const auto& kv : patch) changed[kv.key()] = kv.value();
      auto text = render_macro_body(c, ctx, specs, macro->body, changed);
      if (!text) return text.take_problem();
      auto message = write_message(c, ctx, ticket_id, MessageInput{macro->kind, std::move(*text)}, specs);
      if (!message) return message.take_problem();
      out.message = std::move(*message);
    }
    if (!patch.empty()) {
      auto changed = records::update_existing(c, ctx, ticket_store(), ticket_id, patch);
      if (!changed) return changed.take_problem();
      ticket = std::move(*changed);
    } else if (!out.message.is_null()) {
      ticket = ticket_store().find(c, ctx, ticket_id);  // a first reply set first_response_at
    }
    journal::audit(c, ctx, "tickets", ticket_id, "macro",
                   json::array{json::object{{"field", "macro_id"}, {"before", nullptr}, {"after", macro_id}}});
    out.version = ticket->at("version").as_int64();
    records::strip_hidden(ctx, "tickets", *ticket);
    out.ticket = std::move(*ticket);
    return ok_status();
  });
  if (!st) return st.take_problem();
  return out;
}

}  // namespace rapport::support

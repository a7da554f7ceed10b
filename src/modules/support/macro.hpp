// A macro: a saved reply or internal note, with merge fields, and the ticket changes that go with it
// (status, priority, assignee, team, tags to add and remove), applied to a ticket in one action
// (macro_apply.hpp). A shared macro (no owner) belongs to the workspace and only admins change it; a
// personal one is its owner's alone (404 to everyone else).
#pragma once
#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>

namespace rapport::support {

inline constexpr std::size_t kMaxMacroNameChars = 200;
inline constexpr std::size_t kMaxMacros = 1000;  // per workspace, shared and personal together

struct Macro {
  std::string id, workspace_id, name;
  std::string kind = "reply";  // of its message: reply or note
  std::string body;            // the message's text with merge fields; empty: the macro posts no message
  // What it changes on the ticket, normalised by read_macro_body: status, priority, assignee_id (a
  // user's id or null), team_id, add_tags, remove_tags; each key only when the macro changes it.
  boost::json::object changes;
  std::string owner_id;  // empty: shared
  std::string created_by, created_at, updated_at;
  int64_t version = 1;

  bool shared() const { return owner_id.empty(); }
  boost::json::object to_json() const;
};

// What a POST or PATCH body asks for; absent members leave the macro as it is.
struct MacroChange {
  std::optional<std::string> name, kind, body;
  std::optional<boost::json::object> changes;
  std::optional<bool> shared;
};

}  // namespace rapport::support

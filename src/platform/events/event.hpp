// A domain event as it leaves the outbox: which record changed how, in which workspace. The record
// itself stays in the outbox row; what travels to real-time clients is only this notice, because a
// client's role may not let it see the record (it fetches it through the API, where scopes apply).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rapport::events {

struct Event {
  int64_t id = 0;            // outbox row id: increasing in commit order of the relay
  std::string workspace_id;
  std::string type;          // e.g. "contact.created"
  std::string object_type;   // e.g. "contact"
  std::string object_id;
  std::string occurred_at;   // RFC 3339 UTC, when the write happened
  // The owner of the record (empty: none, or an object without owners). Never sent to clients: the
  // hub decides with it who may hear the event (audience.hpp).
  std::string owner_id;
  // The record's team, for objects whose records belong to a team (a ticket's queue; empty: none or
  // another object). Never sent to clients: the "team" read scope covers its members (audience.hpp).
  std::string team_id;
  // How many automation runs led to the change (identity::Context::automation_depth); never sent to
  // clients.
  int depth = 0;
};

// The JSON notice sent to clients:
// {"op":"event","id":12,"type":"contact.created","object_type":"contacts","object_id":"...","occurred_at":"..."}
std::string client_message(const Event& e);
// The same notice with the workspace, the owner and the team, as it travels between nodes (PostgreSQL NOTIFY
// payload).
std::string wire_message(const Event& e);
// Parses a wire_message; nullopt when the text is not one.
std::optional<Event> parse_wire_message(std::string_view text);

}  // namespace rapport::events

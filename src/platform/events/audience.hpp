// Who a real-time subscriber speaks for, and so which events it may hear: those about records its
// role lets it read, decided as reads are (the read scope on the event's object: all, its own
// records, its teams' records, none) from the owner each event carries, without a query per event.
// Objects without owners (pipelines, custom fields: configuration every member reads) are heard by
// every member of the workspace. An event whose record has no owner is heard with scope "all" only,
// unless its object's records belong to a team (a ticket's queue): then the "team" scope also covers
// the events stamped with one of the subscriber's teams, as records/scope.cpp covers such records.
#pragma once
#include <string>
#include <unordered_set>

#include "platform/identity/context.hpp"
#include "platform/db/connection.hpp"
#include "platform/events/event.hpp"

namespace rapport::events {

struct Audience {
  identity::Context ctx;                   // the subscriber's grants as of its last check
  std::unordered_set<std::string> team;  // users sharing a team with ctx.user_id (when a read scope is "team")
  std::unordered_set<std::string> teams;  // the teams of ctx.user_id (likewise)

  bool may_hear(const Event& e) const;
  // Whether `now` reads less than this audience did (a read scope narrowed): the client may hold
  // data it can no longer see.
  bool reads_less(const Audience& now) const;
};

// Whether one of the caller's read scopes is "team" (its audience needs its teams' members).
bool needs_team(const identity::Context& ctx);
// The audience of a caller: loads its teams and their members when needs_team.
Audience audience_of(db::Connection& c, identity::Context ctx);

}  // namespace rapport::events

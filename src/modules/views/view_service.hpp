// The rules of saved views, each use case one transaction:
// - who sees a view: its owner (a private view) or every member of the workspace (a shared one),
//   provided their role reads its object type (read scope not none); anyone else gets 404, as for a
//   missing view;
// - who changes or deletes it: its owner, or for a shared view also an admin
//   (Context::is_admin(), the permission that guards custom fields and pipelines); another member
//   who sees it gets 403;
// - what it holds: filters, sort and columns the object's list takes (view_check.hpp), a name
//   unique among the owner's private views of the object type, or among the workspace's shared ones
//   (409 naming the other view), at most kMaxViews of either kind (409);
// - every create, change and delete is audited (object "views"); those of shared views (before or
//   after the change) are announced as view.created / view.updated / view.deleted, which every member
//   of the workspace hears, so a private view's never are.
// An API key acts as its user. Routes (routes.cpp) have read the body's shape (view_input.hpp).
#pragma once
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "access/context.hpp"
#include "modules/views/view_input.hpp"
#include "modules/views/view_scrub.hpp"
#include "platform/db/database.hpp"
#include "platform/records/spec.hpp"

namespace rapport::views {

class ViewService {
 public:
  // `specs`: the record objects views can be of (every securable object has one).
  ViewService(db::Database& db, const std::vector<const records::ObjectSpec*>& specs);

  // The caller's private views and the workspace's shared ones of a known object type; none when the
  // caller's role reads none of that object.
  std::vector<View> list(const access::Context& ctx, const std::string& object_type);
  Result<View> get(const access::Context& ctx, const std::string& id);
  // 403 when the caller's role reads none of the object type.
  Result<View> create(const access::Context& ctx, const ViewChange& in);
  // `if_match`: the ETag the caller read (empty: none); a stale one is 412.
  Result<View> update(const access::Context& ctx, const std::string& id, const ViewChange& in, std::string_view if_match);
  Status remove(const access::Context& ctx, const std::string& id, std::string_view if_match);

 private:
  const records::ObjectSpec& spec_of(const std::string& object_type) const;

  db::Database& db_;
  std::map<std::string, const records::ObjectSpec*> specs_;
};

// Upkeep of the stored views when what they name goes away. Both run inside the caller's write
// transaction (`c` is the writer; its other work and this stand or fall together), over every view
// of ctx's workspace whatever its owner or visibility, and never touch another workspace's. A view
// that changes gets a new version and updated_at, an audit entry (object "views", action as below,
// actor ctx's) and, when shared, the event view.updated; it is otherwise kept as it was (name,
// visibility, owner, position, the other conditions and columns). They return how many views
// changed.
//
// forget_field: a custom field of `object_type` was deleted (`field` is "custom.<name>"). Its views
// lose their conditions on the field, its column, and a sort on it, which falls back to the list's
// default (no sort). Action "custom_field_deleted", changes as a PATCH's.
int64_t forget_field(db::Connection& c, const access::Context& ctx, const std::string& object_type, const std::string& field);
//
// forget_person: a person was erased (privacy/erase.cpp gives the values it clears from the contact:
// its e-mail addresses, phone numbers, first and last names and "First Last"). Views of every object
// type lose the filter conditions whose value is one of them (view_scrub.hpp says when a value
// matches: e-mail addresses and names case-insensitively, phone numbers exactly; an `in` condition
// loses only their items). The audit entry (action "erase_filter") shows the removed values as
// `replacement`; and in every earlier audit entry of the workspace's views (deleted ones
// included), the person's values inside "filters" become `replacement`. A view's name is not
// searched: names are the users' words, not conditions.
int64_t forget_person(db::Connection& c, const access::Context& ctx, const PersonValues& person, std::string_view replacement);

}  // namespace rapport::views

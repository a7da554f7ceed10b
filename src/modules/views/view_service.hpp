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

}  // namespace rapport::views

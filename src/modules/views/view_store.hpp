// The SQL of saved views (table `views`, migration 0017). Every statement is scoped by workspace;
// the rules (who sees and changes what) are view_service's.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "modules/views/view.hpp"
#include "platform/db/connection.hpp"

namespace rapport::views {

std::optional<View> load_view(db::Connection& c, const std::string& workspace_id, const std::string& id);
// The user's private views of the object type and the workspace's shared ones, by position, then
// name (case-folded), then id.
std::vector<View> list_views(db::Connection& c, const std::string& workspace_id, const std::string& object_type,
                             const std::string& user_id);
// Every view of the workspace, of any owner, of the object type or (empty) of every type, by id.
std::vector<View> workspace_views(db::Connection& c, const std::string& workspace_id, const std::string& object_type);
// The id of another view than `except` whose name has the same case-folded key among the owner's
// private views of the object type (visibility private) or the workspace's shared ones.
std::optional<std::string> same_name(db::Connection& c, const std::string& workspace_id, const View& v, const std::string& except);
// How many views share v's limit (kMaxViews): the owner's private views of its object type, or the
// workspace's shared ones; `except` is left out.
int64_t views_in_limit(db::Connection& c, const std::string& workspace_id, const View& v, const std::string& except);
// After the last view the user sees of the object type (at most kMaxPosition).
int64_t next_position(db::Connection& c, const std::string& workspace_id, const std::string& object_type,
                      const std::string& user_id);
void insert_view(db::Connection& c, const std::string& workspace_id, const View& v);
// Writes every changeable column of v (name, visibility, filters, sort, columns, position,
// updated_at, version).
void update_view(db::Connection& c, const std::string& workspace_id, const View& v);
void delete_view(db::Connection& c, const std::string& workspace_id, const std::string& id);

}  // namespace rapport::views

// The SQL of segments (table `segments`, migration 0049). Every statement names the workspace.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "modules/marketing/segment.hpp"
#include "platform/db/connection.hpp"

namespace rapport::marketing::segment_store {

std::optional<Segment> find(db::Connection& c, const std::string& workspace_id, const std::string& id);
// By name (case-folded), then id.
std::vector<Segment> list(db::Connection& c, const std::string& workspace_id);
int64_t count(db::Connection& c, const std::string& workspace_id);
// The id of another segment with this name (case-insensitively), if any.
std::optional<std::string> same_name(db::Connection& c, const std::string& workspace_id, const std::string& name,
                                     const std::string& except_id);
void insert(db::Connection& c, const std::string& workspace_id, const Segment& s);
void update(db::Connection& c, const std::string& workspace_id, const Segment& s);
void remove(db::Connection& c, const std::string& workspace_id, const std::string& id);

}  // namespace rapport::marketing::segment_store

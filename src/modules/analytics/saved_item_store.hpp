// The SQL of saved reports and dashboards (tables `saved_reports` and `dashboards`, migration 0060).
// Every statement names the workspace, so no call reaches another workspace's rows.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "modules/analytics/saved_item.hpp"
#include "platform/db/connection.hpp"

namespace rapport::analytics::item_store {

std::optional<SavedItem> find(db::Connection& c, const ItemKind& kind, const std::string& workspace_id, const std::string& id);
// Every item of the workspace by name then id (the service keeps those the caller sees).
std::vector<SavedItem> list(db::Connection& c, const ItemKind& kind, const std::string& workspace_id);
int64_t count(db::Connection& c, const ItemKind& kind, const std::string& workspace_id);
void insert(db::Connection& c, const SavedItem& item);
void update(db::Connection& c, const SavedItem& item);
void remove(db::Connection& c, const ItemKind& kind, const std::string& workspace_id, const std::string& id);

}  // namespace rapport::analytics::item_store

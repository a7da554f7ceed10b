// Saved reports and dashboards: named, versioned items of a workspace with a visibility. A saved
// report holds a report definition (definition.hpp, normalised) of one object; a dashboard holds a
// grid of widgets, each showing a saved report (dashboard_widgets.hpp). Both share the rules of who
// sees and changes them (sharing.hpp) and one store (saved_item_store.hpp), in two tables.
#pragma once
#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "platform/problem.hpp"

namespace rapport::analytics {

inline constexpr std::size_t kMaxItemNameChars = 200;

// Who sees an item: "private" (its owner), "team" (the members of team_id) or "workspace".
struct Sharing {
  std::string visibility = "private";
  std::string team_id;  // with "team" only
  std::string owner_id;
};

// What kind of item a table holds.
struct ItemKind {
  const char* table;       // "saved_reports", also the audit object
  const char* payload;     // its JSON column and key: "definition" or "widgets"
  const char* what;        // "saved report", in messages
  bool has_object;         // the object_type column (saved reports)
  std::size_t max_per_workspace;
};
inline constexpr ItemKind kSavedReports{"saved_reports", "definition", "saved report", true, 1000};
inline constexpr ItemKind kDashboards{"dashboards", "widgets", "dashboard", false, 200};

struct SavedItem {
  std::string id, workspace_id, name;
  std::string object_type;     // saved reports
  boost::json::value payload;  // a definition (object) or widgets (array)
  Sharing sharing;
  std::string created_by, created_at, updated_at;
  int64_t version = 1;
  const ItemKind* kind = &kSavedReports;

  boost::json::object to_json() const;
  // What an audit entry compares: everything the caller can change.
  boost::json::object audited() const;
};

// A POST or PATCH body: absent members leave the item as it is.
struct ItemChange {
  std::optional<std::string> name, visibility;
  std::optional<std::string> team_id;  // "" clears it
  std::optional<boost::json::value> payload;
};

// The body's shape: name (1..200 characters), visibility, team_id (a team's id or null), and the
// kind's payload (an object for a definition, an array for widgets; checked further by the service).
// 422 naming each bad member.
Result<ItemChange> read_item_body(const ItemKind& kind, const boost::json::object& body, bool creating);

}  // namespace rapport::analytics

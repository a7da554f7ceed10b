// A saved view of a list page: an object type's filters, sort and columns under a name, private to
// its owner or shared with the workspace. Filters and sort are in the list route's own terms
// (records/list_query.hpp): a view is a list request the UI can replay.
#pragma once
#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "platform/records/list_query.hpp"

namespace rapport::views {

// Every size a view can have, bounded.
constexpr std::size_t kMaxNameChars = 100;          // code points
constexpr std::size_t kMaxFilters = records::kMaxFilters;  // the list's own limit (20)
constexpr std::size_t kMaxFilterValueBytes = 4000;  // an `in` of 100 UUIDs fits
constexpr std::size_t kMaxFieldNameBytes = 100;     // custom.<63 characters> fits
constexpr std::size_t kMaxColumns = 50;
constexpr int64_t kMaxPosition = 1'000'000;
// Private views per owner and object type, and shared views per workspace and object type: so the
// list of one object type's views (the UI's tabs) needs no paging.
constexpr int64_t kMaxViews = 100;

constexpr const char* kPrivate = "private";
constexpr const char* kShared = "workspace";

struct View {
  std::string id, object_type, name, visibility, owner_id, created_at, updated_at;
  std::vector<records::Filter> filters;
  std::optional<std::string> sort;  // nullopt: the list's default order
  std::vector<std::string> columns;
  int64_t position = 0;
  int64_t version = 1;

  bool shared() const { return visibility == kShared; }
  boost::json::object to_json() const;
};

boost::json::array filters_json(const std::vector<records::Filter>& filters);
boost::json::array columns_json(const std::vector<std::string>& columns);

}  // namespace rapport::views

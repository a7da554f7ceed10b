// The bodies of the audience routes, their shape only (types, lengths, unknown keys), each failure a
// field error of one 422. Whether a filter compiles needs the workspace (segment_service).
#pragma once
#include <boost/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "platform/problem.hpp"

namespace rapport::marketing {

constexpr std::size_t kMaxDescriptionChars = 1000;
constexpr std::size_t kMaxBatch = 500;  // contact ids in one POST or DELETE of a list's members
constexpr int kMaxPreviewLimit = 100;

// What the marketing bodies share: an error for each key not in `known`; a string of 1..max
// characters of valid UTF-8, not only spaces (else an error naming `field`).
void unknown_keys(const boost::json::object& body, const std::set<std::string>& known, std::vector<FieldError>& errors);
std::optional<std::string> read_text(const boost::json::value& v, const std::string& field, std::size_t max,
                                     std::vector<FieldError>& errors);

// POST (creating: name required; object "contacts" and filter {} by default) and PATCH of a segment.
struct SegmentChange {
  std::optional<std::string> name;
  std::optional<boost::json::value> filter;  // an object; compiled later
};
Result<SegmentChange> read_segment_body(const boost::json::object& body, bool creating);

// POST /api/v1/segments/preview: {"filter", "limit"? (1..100, default 20)}.
struct Preview {
  boost::json::value filter;
  int limit = 20;
};
Result<Preview> read_preview_body(const boost::json::object& body);

// POST (creating: name required) and PATCH of a static list. description: null clears it.
struct ListChange {
  std::optional<std::string> name;
  std::optional<std::optional<std::string>> description;
};
Result<ListChange> read_list_body(const boost::json::object& body, bool creating);

// POST and DELETE /api/v1/lists/{id}/members: {"contact_ids": [1..kMaxBatch ids]}; a repeated id counts once.
Result<std::vector<std::string>> read_member_ids(const boost::json::object& body);

}  // namespace rapport::marketing

// Reads the body of POST and PATCH /api/v1/views: the shape of every field (types, lengths, counts,
// duplicates), each failing one as a field error with its JSON path (filters.2.op, columns.0), so
// one 422 names them all. What needs the object's fields or the database is view_check's.
#pragma once
#include <boost/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "modules/views/view.hpp"
#include "platform/problem.hpp"

namespace rapport::views {

// The fields a request gives; an absent one is nullopt.
struct ViewChange {
  std::optional<std::string> object_type;  // on create only
  std::optional<std::string> name, visibility;
  std::optional<std::vector<records::Filter>> filters;
  std::optional<std::optional<std::string>> sort;  // given: the new sort, nullopt (null) for the list's default
  std::optional<std::vector<std::string>> columns;
  std::optional<int64_t> position;
};

// `creating`: object_type and name are required and object_type is taken; otherwise (PATCH)
// object_type cannot change. 422 with every field error.
Result<ViewChange> read_view_body(const boost::json::object& body, bool creating);

}  // namespace rapport::views

// A segment: a named filter over contacts (segment_filter.hpp) whose members are computed when asked.
#pragma once
#include <boost/json.hpp>
#include <string>

namespace rapport::marketing {

constexpr std::size_t kMaxNameChars = 200;
constexpr std::size_t kMaxSegments = 500;  // per workspace: the list needs no paging

struct Segment {
  std::string id, name, object_type = "contacts";
  boost::json::value filter = boost::json::object{};
  std::string created_by;  // empty for the server's own
  int64_t version = 1;
  std::string created_at, updated_at;

  boost::json::object to_json() const;
};

}  // namespace rapport::marketing

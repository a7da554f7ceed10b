// A static list: a named set of contacts, members added and removed by hand (and later by imports
// and automation). A contact that is deleted leaves every list (the triggers of migration 0049).
#pragma once
#include <boost/json.hpp>
#include <optional>
#include <string>

namespace rapport::marketing {

constexpr std::size_t kMaxLists = 500;  // per workspace: the list of lists needs no paging

struct StaticList {
  std::string id, name;
  std::optional<std::string> description;
  std::string created_by;  // empty for the server's own
  int64_t version = 1;
  std::string created_at, updated_at;

  boost::json::object to_json() const;
};

}  // namespace rapport::marketing

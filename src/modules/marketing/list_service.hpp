// The rules of static lists, each use case one transaction (audience_access.hpp says who):
// - names are unique in the workspace, case-insensitively (409 naming the other list); at most
//   kMaxLists a workspace (409);
// - members are added and removed by contact id, at most kMaxBatch a request; adding a member
//   already there or removing one that is not changes nothing (idempotent). A contact added must be
//   a live contact the caller may read: otherwise 422 naming contact_ids.<i>, nothing stored;
// - the members are read as the contacts list reads them (the caller's scope, keyset paging, count);
// - every write is audited (object "lists"; members as `members_added` / `members_removed` with the ids).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "modules/marketing/audience_input.hpp"
#include "modules/marketing/static_list.hpp"
#include "platform/db/database.hpp"
#include "platform/records/store.hpp"

namespace rapport::marketing {

struct MemberChange {
  int64_t changed = 0;    // added or removed
  int64_t unchanged = 0;  // already members, or not members
};

class ListService {
 public:
  ListService(db::Database& db, const records::Store& contacts) : db_(db), contacts_(contacts) {}

  Result<std::vector<StaticList>> list(const identity::Context& ctx);
  Result<StaticList> get(const identity::Context& ctx, const std::string& id);
  Result<StaticList> create(const identity::Context& ctx, const ListChange& in);
  Result<StaticList> update(const identity::Context& ctx, const std::string& id, const ListChange& in, std::string_view if_match);
  Status remove(const identity::Context& ctx, const std::string& id, std::string_view if_match);
  Result<std::string> members(const identity::Context& ctx, const std::string& id,
                              const std::vector<std::pair<std::string, std::string>>& query);
  Result<MemberChange> add_members(const identity::Context& ctx, const std::string& id, const std::vector<std::string>& contact_ids);
  Result<MemberChange> remove_members(const identity::Context& ctx, const std::string& id, const std::vector<std::string>& contact_ids);

 private:
  db::Database& db_;
  const records::Store& contacts_;
};

}  // namespace rapport::marketing

// The rules of macros. Everyone reads the shared macros and their own; another's personal macro, or
// another workspace's, is 404. An admin creates, changes and deletes shared macros; a personal
// macro is changed by its owner only, and only someone who may change tickets has one (403
// otherwise). At save time the body's merge fields ({{ticket.*}}, {{contact.*}} for the requester,
// {{company.*}}: macro_merge.hpp) are compiled, and the assignee and team must exist: 422 naming the
// field, nothing stored. Writes are audited (object "macros"); PATCH and DELETE take If-Match.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "modules/support/macro.hpp"
#include "platform/db/database.hpp"
#include "platform/identity/context.hpp"
#include "platform/records/spec.hpp"

namespace rapport::support {

class MacroService {
 public:
  MacroService(db::Database& db, std::vector<const records::ObjectSpec*> specs) : db_(db), specs_(std::move(specs)) {}

  Result<std::vector<Macro>> list(const identity::Context& ctx);
  Result<Macro> get(const identity::Context& ctx, const std::string& id);
  // 409 beyond kMaxMacros per workspace.
  Result<Macro> create(const identity::Context& ctx, const MacroChange& in);
  Result<Macro> update(const identity::Context& ctx, const std::string& id, const MacroChange& in, std::string_view if_match);
  Status remove(const identity::Context& ctx, const std::string& id, std::string_view if_match);

 private:
  db::Database& db_;
  std::vector<const records::ObjectSpec*> specs_;
};

// Whether the caller sees the macro (shared, or their own) and may change it (shared: an admin;
// personal: its owner).
bool may_see(const identity::Context& ctx, const Macro& m);
bool may_change(const identity::Context& ctx, const Macro& m);
// 403 for a caller who can hold no macro at all (not an admin, no right to change tickets), before
// a body is read.
Status may_create_macros(const identity::Context& ctx);

}  // namespace rapport::support

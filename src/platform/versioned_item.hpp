// The change of a module's versioned configuration item (an email template, a macro: id, version,
// updated_at, audited as a whole): the If-Match precondition and the save of the next version with
// its audit entry, the same for every such item, inside the caller's write transaction.
#pragma once
#include <string>
#include <string_view>

#include "platform/clock.hpp"
#include "platform/http/api.hpp"
#include "platform/journal.hpp"

namespace rapport {

// http::if_match_allows as a use case's precondition: 412 "The <what> changed since you read it".
inline Status require_if_match(std::string_view if_match, int64_t version, std::string_view what) {
  if (http::if_match_allows(if_match, version)) return ok_status();
  return Problem::precondition_failed("The " + std::string(what) + " changed since you read it");
}

// Saves `after` (before with the change applied) when a field of `audited(item)` differs: version + 1,
// updated_at now, `write(after)` and an audit entry "update" on `object` naming the fields. When none
// differs nothing is written and `after` is `before` again (the caller answers the stored item).
template <typename T, typename Audited, typename Write>
void save_version(db::Connection& c, const identity::Context& ctx, const std::string& object, const T& before, T& after,
                  Audited audited, Write write) {
  auto changes = journal::diff(audited(before), audited(after));
  if (changes.empty()) {
    after = before;
    return;
  }
  after.version = before.version + 1;
  after.updated_at = clock::now_text();
  write(after);
  journal::audit(c, ctx, object, after.id, "update", changes);
}

}  // namespace rapport

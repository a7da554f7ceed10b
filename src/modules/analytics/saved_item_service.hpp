// The use cases of saved reports and dashboards (one class, two kinds). Each write is one transaction
// with its audit entry (object saved_reports or dashboards, field by field); PATCH and DELETE take
// If-Match (412 on a stale version); a PATCH that changes nothing writes nothing.
//
// A saved report's definition is checked as POST /api/v1/reports/run checks it, under the caller's
// role (an object they cannot read: 403; a hidden field: 403; anything else: 422 naming
// definition.<path>), and stored normalised. Someone whose role no longer reads the object does not
// see the report (404, left out of the list). A dashboard's widgets are checked by
// dashboard_widgets.hpp: each names a saved report the caller sees. At most
// ItemKind::max_per_workspace items per workspace (409).
#pragma once
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "modules/analytics/saved_item.hpp"
#include "platform/db/database.hpp"
#include "platform/identity/context.hpp"
#include "platform/records/spec.hpp"

namespace rapport::analytics {

class SavedItemService {
 public:
  SavedItemService(const ItemKind& kind, db::Database& db, std::vector<const records::ObjectSpec*> specs)
      : kind_(kind), db_(db), specs_(std::move(specs)) {}

  Result<std::vector<SavedItem>> list(const identity::Context& ctx) const;
  Result<SavedItem> get(const identity::Context& ctx, const std::string& id) const;
  Result<SavedItem> create(const identity::Context& ctx, const ItemChange& in);
  Result<SavedItem> update(const identity::Context& ctx, const std::string& id, const ItemChange& in, std::string_view if_match);
  Status remove(const identity::Context& ctx, const std::string& id, std::string_view if_match);

  const ItemKind& kind() const { return kind_; }
  // Whether the caller sees the item (its sharing, and for a saved report its object's read scope).
  bool visible(const identity::Context& ctx, const SavedItem& item, const std::vector<std::string>& teams) const;

 private:
  // Checks and normalises the item's payload in the write transaction.
  Status check_payload(db::Connection& c, const identity::Context& ctx, SavedItem& item, const std::vector<std::string>& teams) const;

  const ItemKind& kind_;
  db::Database& db_;
  std::vector<const records::ObjectSpec*> specs_;
};

}  // namespace rapport::analytics

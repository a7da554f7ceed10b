// Writes planned rows (row_plan.hpp) in one write transaction: each row resolves its lookups, finds
// its duplicate (match_on) and is created, updated or skipped through the record engine's own
// use cases (records::insert_new, records::update_existing: the importer's scope and field rules,
// validation, hooks, audit entry and event, as for POST and PATCH). A row runs under its own
// savepoint: a Problem (or a database error) rolls back that row alone, companies it created
// included, and becomes its reason, so a bad row is a failed row, never half-stored. What each row
// wrote goes to the undo log (import_rows) in the same transaction; the history dates of an admin's
// import overwrite what the engine set (created_at, a deal's closed_at and its stage history).
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "modules/imports/import_record.hpp"
#include "modules/imports/import_store.hpp"
#include "modules/imports/lookups.hpp"
#include "modules/imports/mapping.hpp"
#include "modules/imports/row_plan.hpp"
#include "platform/records/existing_records.hpp"
#include "platform/records/service.hpp"

namespace rapport::imports {

// The record services by object ("contacts", "companies", ...): the app's.
using Services = std::function<records::Service*(std::string_view object)>;

// A row of the file as read and as planned.
struct PlannedRow {
  std::vector<std::string> cells;
  RowPlan plan;
};

class RowWriter {
 public:
  // `ctx`: the importing user's (their scope and field rules apply to every row).
  RowWriter(const identity::Context& ctx, const Import& import, const ImportOptions& options, const records::Store& store,
            const records::Store& companies);

  // Writes the rows in `c` (the caller's write transaction); counts and failures accumulate. A dry
  // run does the same, and the caller rolls the transaction back (forget_batch then).
  void write(db::Connection& c, std::vector<PlannedRow>& rows);
  // The batch was rolled back (a dry run): forget the companies it created.
  void forget_batch() { lookups_.forget_since(batch_mark_); }

  Counts counts;
  std::vector<store::FailedRow> failed;  // of the last batch, for the caller to store
  std::vector<store::WrittenRow> written;  // of the last batch (ids and before-images), likewise

 private:
  // One row; a Problem leaves the row's savepoint to be rolled back by the caller.
  Status write_row(db::Connection& c, const PlannedRow& row, std::string& outcome);
  Status resolve(db::Connection& c, const RowPlan& p, boost::json::object& body);
  std::optional<std::string> duplicate_of(db::Connection& c, const RowPlan& p);
  void keep_history(db::Connection& c, const RowPlan& p, const std::string& id);
  void fail(const PlannedRow& row, const std::string& column, const std::string& value, const std::string& message);

  const identity::Context& ctx_;
  const Import& import_;
  const ImportOptions& options_;
  const records::Store& store_;
  Lookups lookups_;
  std::string match_on_;
  std::size_t batch_mark_ = 0;
  std::vector<store::WrittenRow> row_written_;  // what the current row wrote (companies, then the record)
};

}  // namespace rapport::imports

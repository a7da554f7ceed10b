// Writes planned rows (row_plan.hpp) in one write transaction: each row resolves its lookups, finds
// its duplicate (match_on) and is created, updated or skipped through the record engine's own
// use cases (records::insert_many, records::update_existing: the importer's scope and field rules,
// validation and hooks as for POST and PATCH). A created record's journal is the import's: one
// `import` audit entry naming the import and file, and a `<singular>.created` event {"id",
// "import_id"} (records::ImportedFrom); an updated one gets its `update` entry and event, and an
// `import` entry. A bad row is a
// failed row with its reason, never half-stored. What each row wrote goes to the undo log
// (import_rows) in the same transaction; the history dates of an admin's import overwrite what the
// engine set (created_at, a deal's closed_at and its stage history).
//
// Two paths give the same result. Set-based (row_writer_batch.cpp), tried first: the batch's
// lookups in a query each (companies by domain and name, duplicates), the companies to create and
// the records in records::insert_many (with their audit entries and events), the undo log and
// external ids in multi-row INSERTs; a row the checks refuse fails alone. Row by row (row_writer.cpp), each row under
// its own savepoint (a Problem or a database error rolls back that row alone, the companies it
// created included): taken for the whole batch, in a second write once the first is rolled back,
// when the set-based path cannot give the rows' own result — a statement the database refused (a constraint no check foresaw), a match key twice in
// the batch (the second row must see the first), a row that fails after creating a company.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "modules/imports/import_record.hpp"
#include "modules/imports/import_store.hpp"
#include "modules/imports/lookups.hpp"
#include "modules/imports/mapping.hpp"
#include "modules/imports/row_plan.hpp"
#include "platform/db/database.hpp"
#include "platform/records/existing_records.hpp"
#include "platform/records/service.hpp"

namespace rapport::imports {

// The record services by object ("contacts", "companies", ...): the app's.
using Services = std::function<records::Service*(std::string_view object)>;

// A row of the file as read and as planned, with its body's checks when the run made them off the
// writer thread (RowWriter::check).
struct PlannedRow {
  std::vector<std::string> cells;
  RowPlan plan;
  std::optional<records::CheckedBody> checked;
};

// A Problem as a failed row's reason: (the first field, its field errors "email: is taken"), else ("", its detail).
std::pair<std::string, std::string> reason_of(const Problem& p);
// A company's Problem as the reason of the row that needed it (fields under `company.`).
Problem company_problem(Problem p);

class RowWriter {
 public:
  // `ctx`: the importing user's (their scope and field rules apply to every row).
  // `defs`: the object's custom fields as the run loaded them (those check() uses).
  RowWriter(const identity::Context& ctx, const Import& import, const ImportOptions& options, const records::Store& store,
            const records::Store& companies, std::vector<records::CustomFieldDef> defs = {});

  // The checks of a planned row's body that need no database (records::check_body), for the run to
  // make on its own thread while the writer writes the batch before; write() takes them when the
  // workspace's custom fields are still `defs` (else it checks the body again). Thread-safe: reads
  // only what the writer never changes.
  records::CheckedBody check(const RowPlan& plan) const;
  // What the caller writes in the batch's transaction after its rows (the failed rows, the
  // progress); its Problem rolls the whole write back.
  using Also = std::function<Status(db::Connection&)>;
  // Writes the rows and then `also` in one write of `db`; counts and failures accumulate; the rows'
  // `checked` bodies are taken. Set-based first; when that path cannot give the rows' own result,
  // its write is rolled back whole and the batch written row by row in a second write. (Not under
  // a savepoint: while one is open, SQLite copies every page each statement changes into its
  // statement journal and walks that journal as each statement ends, a tenth of a batch's CPU:
  // docs/benchmarks.md, session 22.) A dry run does the same, and its `also` rolls the write back
  // (forget_batch then). Answers the write's Status.
  Status write(db::Database& db, std::vector<PlannedRow>& rows, const Also& also = {});
  // The batch was rolled back (a dry run): forget the companies it created.
  void forget_batch() { lookups_.forget_since(batch_mark_); }

  Counts counts;
  std::vector<store::FailedRow> failed;  // of the last batch, for the caller to store
  std::vector<store::WrittenRow> written;  // of the last batch (ids and before-images), likewise

 private:
  // The set-based path; false: the batch must be written row by row (its write rolled back).
  bool write_set(db::Connection& c, std::vector<PlannedRow>& rows);
  // The batch row by row.
  void write_rows(db::Connection& c, const std::vector<PlannedRow>& rows);
  // One row; a Problem leaves the row's savepoint to be rolled back by the caller.
  Status write_row(db::Connection& c, const PlannedRow& row, std::string& outcome);
  // An update of the row's duplicate `existing` with `body` (lookups resolved), its undo-log row, external id and audit entry.
  Status update_row(db::Connection& c, const RowPlan& p, const boost::json::object& body, const std::string& existing);
  Status resolve(db::Connection& c, const RowPlan& p, boost::json::object& body);
  // The lookups a row resolves before its company (owner) and after it (a deal's pipeline, stage, contact).
  Status resolve_owner(db::Connection& c, const RowPlan& p, boost::json::object& body);
  Status resolve_deal(db::Connection& c, const RowPlan& p, boost::json::object& body);
  // The key a row is matched on (match_on), empty for none.
  std::string match_key(const RowPlan& p) const;
  // Counts the row as read; false when there is nothing to write (blank, or failed by its plan).
  bool admit(const PlannedRow& row);
  void fail_plan(const PlannedRow& row);
  void fail_problem(const PlannedRow& row, const Problem& problem);
  std::optional<std::string> duplicate_of(db::Connection& c, const RowPlan& p);
  // The history dates of an admin's file: created_at, a deal's closed_at and stage history, on the
  // record the row created (`created`: a deal's one stage entry then dated too) or updated.
  void keep_history(db::Connection& c, const RowPlan& p, const std::string& id, bool created);
  // A deal's stage history as the file gives it (deal_links.hpp), in place of the entries it had
  // (the one its creation wrote, or an updated deal's).
  void keep_stage_history(db::Connection& c, const RowPlan& p, const std::string& id);
  void fail(const PlannedRow& row, const std::string& column, const std::string& value, const std::string& message);

  const identity::Context& ctx_;
  const Import& import_;
  const ImportOptions& options_;
  const records::Store& store_;
  const records::ImportedFrom imported_;  // the journal of the records the import creates (insert_many)
  const std::vector<records::CustomFieldDef> defs_;
  Lookups lookups_;
  std::string match_on_;
  std::size_t batch_mark_ = 0;
  std::vector<store::WrittenRow> row_written_;  // what the current row wrote (companies, then the record)
};

}  // namespace rapport::imports

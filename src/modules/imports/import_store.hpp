// The SQL of imports (migration 0030): the import rows, the uploaded text, failed rows and the undo
// log, saved mappings and external ids. Every read is scoped to a workspace by its caller.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "modules/imports/import_record.hpp"
#include "platform/db/connection.hpp"

namespace rapport::imports::store {

// Failed rows kept per import (counted beyond it, not kept: the errors CSV says so).
constexpr int64_t kMaxErrorRows = 100000;

void insert_import(db::Connection& c, const Import& i);
void add_text(db::Connection& c, const std::string& import_id, int64_t seq, std::string_view text);
// The piece `seq` of the file's text, nullopt past the last.
std::optional<std::string> read_text(db::Connection& c, const std::string& import_id, int64_t seq);

std::optional<Import> find_import(db::Connection& c, const std::string& workspace_id, const std::string& id);
// Newest first; `created_by` empty: everyone's.
std::vector<Import> list_imports(db::Connection& c, const std::string& workspace_id, const std::string& created_by, int64_t limit);
// queued → running; false when it was not queued (a second run of the job).
bool start_import(db::Connection& c, const std::string& id, const std::string& now);
// The progress of the batches committed so far, saved in the last one's transaction: its counts, the
// text read and the file's records they hold (where a resumed run starts again: run_import.hpp).
void save_progress(db::Connection& c, const std::string& id, const Counts& counts, int64_t bytes_done, int64_t records_done);
void end_import(db::Connection& c, const std::string& id, const std::string& state, const std::optional<std::string>& error,
                const std::string& now);

// A failed row: where, which cell (empty column: the row as a whole), why, and its cells as read.
struct FailedRow {
  int64_t line = 0;
  std::string column, value, message;
  std::string cells;  // JSON array of the row's cells
};
// Failed rows, in multi-row INSERTs.
void add_failed_many(db::Connection& c, const std::string& import_id, const std::string& object, const std::vector<FailedRow>& rows);
void for_each_failed(db::Connection& c, const std::string& import_id, const std::function<void(const FailedRow&)>& fn);

// A record the import wrote: created, or updated with its stored form before (JSON).
struct WrittenRow {
  int64_t row_id = 0;  // import_rows.id (when read back)
  int64_t line = 0;
  std::string kind;  // "created" | "updated"
  std::string record_id;
  std::string before;
  std::string object;  // the record's ("companies" for a company a lookup created)
};
// Written rows (the undo log), in multi-row INSERTs.
void add_written_many(db::Connection& c, const std::string& import_id, const std::vector<WrittenRow>& rows);
// The next `limit` records not undone yet, newest first (an update undone before the create of the
// same record it followed).
std::vector<WrittenRow> written_to_undo(db::Connection& c, const std::string& import_id, int64_t limit);
void mark_undone(db::Connection& c, int64_t row_id);
// The import undone: its state, and its text no longer kept.
void set_undone(db::Connection& c, const std::string& id, const std::string& now);

std::optional<std::string> find_external_id(db::Connection& c, const std::string& workspace_id, const std::string& object,
                                            const std::string& external_id);
void put_external_id(db::Connection& c, const std::string& workspace_id, const std::string& object,
                     const std::string& external_id, const std::string& record_id);
// find_external_id for many ids (one query a chunk): external id -> record id.
std::unordered_map<std::string, std::string> find_external_ids(db::Connection& c, const std::string& workspace_id,
                                                               const std::string& object, const std::vector<std::string>& external_ids);
// put_external_id for many (external id, record id) pairs; the last pair of an external id wins.
void put_external_ids(db::Connection& c, const std::string& workspace_id, const std::string& object,
                      const std::vector<std::pair<std::string, std::string>>& pairs);

void insert_mapping(db::Connection& c, const SavedMapping& m);
std::optional<SavedMapping> find_mapping(db::Connection& c, const std::string& workspace_id, const std::string& id);
std::vector<SavedMapping> list_mappings(db::Connection& c, const std::string& workspace_id);
// Another mapping of the object with this name (case-insensitively), if any.
std::optional<std::string> mapping_named(db::Connection& c, const std::string& workspace_id, const std::string& object,
                                         const std::string& name, const std::string& except_id);
bool update_mapping(db::Connection& c, const SavedMapping& m);  // version - 1 must be stored
void delete_mapping(db::Connection& c, const std::string& workspace_id, const std::string& id);
int64_t count_mappings(db::Connection& c, const std::string& workspace_id);

}  // namespace rapport::imports::store

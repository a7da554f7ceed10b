// An import as stored (migration 0030) and as GET /api/v1/imports/{id} shows it: its state, counts,
// and progress with the rate and the time left.
#pragma once
#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>

namespace rapport::imports {

// queued → running → done | failed; done (or failed part-way) → undone.
inline constexpr const char* kImportStates[] = {"queued", "running", "done", "failed", "undone"};

struct Counts {
  int64_t read = 0, created = 0, updated = 0, skipped = 0, failed = 0;
};

struct Import {
  std::string id, workspace_id, object, state;
  bool dry_run = false;
  std::string file_name;
  int64_t file_bytes = 0, text_bytes = 0;
  std::string encoding;
  std::string file_kind = "csv";  // file_kind_name(): the reader the run opens (migration 0034)
  std::string sheet;              // XLSX: the sheet read; empty: the first
  std::string options;  // the mapping document used (JSON text)
  std::string headers;  // the header row (JSON array text)
  Counts counts;
  int64_t bytes_done = 0;
  // The file's records (after the header, blank ones too) the committed batches hold: a run taken
  // over after a crash skips them (migration 0035). Not shown by GET.
  int64_t records_done = 0;
  std::optional<std::string> error;
  std::string created_by, created_at;
  std::optional<std::string> started_at, finished_at, undone_at;

  // `now_ms` gives a running import's rate and time left.
  boost::json::object to_json(int64_t now_ms) const;
};

struct SavedMapping {
  std::string id, workspace_id, object, name;
  boost::json::object body;
  int64_t version = 1;
  std::string created_by, created_at, updated_at;
  boost::json::object to_json() const;
};

}  // namespace rapport::imports

#include "modules/imports/run_import.hpp"

#include <algorithm>
#include <atomic>
#include <future>

#include "access/user_context.hpp"
#include "access/workspace_settings.hpp"
#include "modules/imports/batch_size.hpp"
#include "modules/imports/column_rules.hpp"
#include "modules/imports/file_reader.hpp"
#include "modules/imports/history_image.hpp"
#include "platform/clock.hpp"
#include "platform/db/bulk_writing.hpp"
#include "platform/db/planner_statistics.hpp"
#include "platform/db/unavailable.hpp"
#include "platform/db/write_classes.hpp"
#include "platform/ids.hpp"
#include "platform/jobs/attempt.hpp"
#include "platform/records/custom_fields.hpp"

namespace rapport::imports {
namespace json = boost::json;

namespace {

// A batch's rows (batch_size.hpp): kBulkBatchRows while no request's write was committed since the
// import's batch before and none was queued as the last batch ended; otherwise sized to the writer
// time a request may wait for. Background writes (db::BackgroundWrites: the outbox relay's, the job
// runner's, this and other imports' batches) do not count: nobody waits on them. Each batch is written
// alone (Database::write_alone): a write never waits for a group commit a batch joined. The decision
// lags a batch (the next batch is planned while one is written).

// Everything a run needs, read once at its start.
struct Setup {
  Import import;
  identity::Context ctx;
  std::vector<records::CustomFieldDef> defs;
  std::vector<Target> targets;
  Mapping mapping;
  std::string zone;
};

// `resumable`: a run of the job may take over a running import (its node died or stopped: the queue's
// lease says no other run holds it); `rapport import` only starts a queued one.
Result<Setup> set_up(RunDeps& deps, const std::string& workspace_id, const std::string& id, bool resumable) {
  return deps.db.read([&](db::Connection& c) -> Result<Setup> {
    auto import = store::find_import(c, workspace_id, id);
    if (!import) return Problem::not_found("No such import");
    if (import->state != "queued" && !(resumable && import->state == "running"))
      return Problem::conflict("The import is " + import->state + ", not queued");
    auto ctx = access::user_context(c, workspace_id, import->created_by);
    if (!ctx) return Problem::forbidden("The user who uploaded the import is no longer active");
    Setup s{.import = std::move(*import), .ctx = std::move(*ctx), .defs = {}, .targets = {}, .mapping = {}, .zone = {}};
    s.defs = records::load_custom_fields(c, workspace_id, s.import.object);
    s.zone = access::workspace_time_zone(c, workspace_id);
    return s;
  });
}

constexpr std::size_t kFeedBytes = 16 * 1024;

// The database's storage full (507) or failing (503, db::Unavailable): a write that may succeed later.
bool storage_fault(const Status& st) { return !st && (st.problem().status == 507 || st.problem().status == 503); }

}  // namespace

Status run_import(RunDeps& deps, const std::string& workspace_id, const std::string& id, std::stop_token stop,
                  const OnProgress& on_progress, jobs::JobContext* jc) {
  auto setup = set_up(deps, workspace_id, id, jc != nullptr);
  if (!setup) return setup.take_problem();
  Setup& s = *setup;
  // A run taken over after a crash or a stop: the committed batches stay, the file's records they
  // hold are skipped, and the counts go on from theirs.
  const bool resumed = s.import.state == "running";
  const int64_t skip = resumed ? s.import.records_done : 0;
  records::Service* service = deps.services(s.import.object);
  records::Service* companies = deps.services("companies");
  if (!service || !companies) return Problem::not_found("No such object: " + s.import.object);
  s.targets = import_targets(service->spec(), s.defs);
  auto mapping = read_mapping(json::parse(s.import.options), s.import.object, s.targets);
  auto zone = jobs::time_zone(s.zone);
  std::string now = clock::now_text();
  // The batch being written while the job plans the next one (one at a time: memory stays flat).
  std::future<Status> in_flight;
  int64_t records_committed = skip;  // the file's records the committed batches hold
  auto end = [&](const std::string& state, std::optional<std::string> error, const Counts& counts, int64_t bytes) {
    if (in_flight.valid()) {  // a run that stops early waits for its last write, whatever it answers
      try {
        Status ignored = in_flight.get();  // the run's end says what stopped it
      } catch (const std::exception&) {
      }
    }
    s.import.state = state;
    s.import.error = error;
    s.import.counts = counts;
    s.import.bytes_done = bytes;
    s.import.finished_at = clock::now_text();
    auto write = [&](db::Connection& c) -> Status {
      db::set_bulk_writing(c, false);
      store::save_progress(c, id, counts, bytes, records_committed);
      store::end_import(c, id, state, error, *s.import.finished_at);
      // Thousands of new rows: the planner learns of them now (a contacts import also makes companies).
      if (!s.import.dry_run && counts.created + counts.updated >= db::kAnalyzeAfterRows) {
        std::vector<std::string> tables{s.import.object};
        if (s.import.object == "contacts") tables.emplace_back("companies");
        db::refresh_planner_statistics(c, tables);
      }
      return ok_status();
    };
    Status st = jc ? jc->finish(write) : deps.db.write(write);
    if (on_progress) on_progress(s.import);
    return st;
  };
  // A resumed run finds its import running already; both give the writer its bulk settings.
  Status started = deps.db.write([&](db::Connection& c) -> Status {
    if (!resumed && !store::start_import(c, id, now)) return Problem::conflict("The import is no longer queued");
    db::set_bulk_writing(c, true);  // until end() (SQLite: the writer's larger page cache)
    return ok_status();
  });
  if (!started) return started;
  if (!resumed) {
    s.import.state = "running";
    s.import.started_at = now;
  }
  if (on_progress) on_progress(s.import);
  // The mapping and zone were checked when the import was accepted; they fail here only if the
  // workspace changed since (a custom field deleted).
  if (!mapping) return end("failed", "the mapping no longer fits the object: " + mapping.problem().detail, {}, 0);
  if (!zone) return end("failed", "the workspace's time zone is unknown: " + s.zone, {}, 0);

  std::vector<std::string> headers = column_headers(s.import.headers);
  auto matches = resolve_columns(*mapping, s.import.object, headers, s.targets);
  RowPlanner planner(s.import.object, s.targets, headers, matches, mapping->options, *zone);
  RowWriter writer(s.ctx, s.import, mapping->options, service->store(), companies->store(), s.defs);
  writer.counts = s.import.counts;
  const FileKind kind = s.import.file_kind == "xlsx" ? FileKind::Xlsx : s.import.file_kind == "vcard" ? FileKind::Vcard : FileKind::Csv;
  auto opened = open_reader(kind, {.csv = {}, .vcard = {}, .xlsx = {}, .sheet = s.import.sheet, .spool_dir = {}});
  RecordReader& reader = *opened;
  std::vector<PlannedRow> batch;
  batch.reserve(kBatchRows);
  // Other writes seen around the last batch: queued behind it as its transaction ended (set on the
  // writer's thread), or committed since the batch before (the writes the database counts, less the
  // batch's own). The first batches are small ones.
  std::atomic<bool> queued_behind = true;
  bool other_writes = true;
  // Writes of requests: the background ones (the relay's, the jobs', this import's own) left out.
  auto request_writes = [&] { return db::request_writes(deps.db).done; };
  int64_t writes_seen = request_writes();
  std::optional<BatchTiming> last_batch;  // the last committed batch's rows and write time
  auto batch_rows = [&] { return next_batch_rows(other_writes, last_batch, kBatchRows); };
  bool header_seen = false;
  int64_t bytes_done = 0;
  int64_t records = 0;  // the file's records after the header, read so far (skipped ones too)
  // The progress in bytes, following the rows planned: a CSV file's text up to the last record read,
  // the file's share of the rows read when the reader takes the file whole first (XLSX: all its bytes
  // are fed before its first row), else the bytes fed.
  auto progress_bytes = [&] {
    if (auto t = reader.text_read()) return static_cast<int64_t>(*t);
    auto f = reader.fraction_read();
    return f ? static_cast<int64_t>(*f * static_cast<double>(s.import.text_bytes)) : bytes_done;
  };

  // Writes `rows` (a dry run: writes and rolls back) with the progress; failed rows are kept up to
  // kMaxErrorRows (those of the batches before: the stored count).
  auto write_batch = [&](std::vector<PlannedRow>& rows, int64_t bytes, int64_t batch_end) -> Status {
    if (s.import.dry_run) {
      // Written as a real run would, then rolled back: the engine's own checks, nothing kept.
      Status st = writer.write(deps.db, rows, [](db::Connection&) -> Status { return Problem{409, "Conflict", "dry run", {}, "conflict"}; });
      writer.forget_batch();
      if (st.problem().detail != "dry run") return st;
    }
    // The failed rows and the progress, in the transaction of the batch's rows.
    auto keep = [&](db::Connection& c) -> Status {
      // A run that lost its job (its lease expired and another run took it over) keeps nothing more.
      if (jc && !jobs::attempt_holds(c, jc->job)) return Problem::conflict("the import's job is no longer this run's (its lease expired)");
      const int64_t room = std::clamp<int64_t>(store::kMaxErrorRows - s.import.counts.failed, 0, static_cast<int64_t>(writer.failed.size()));
      if (room == static_cast<int64_t>(writer.failed.size())) store::add_failed_many(c, id, s.import.object, writer.failed);
      else store::add_failed_many(c, id, s.import.object, {writer.failed.begin(), writer.failed.begin() + room});
      // Where a run taken over after a crash goes on from, committed with the batch: no row twice.
      store::save_progress(c, id, writer.counts, bytes, batch_end);
      queued_behind = db::request_writes(deps.db).waiting > 0;
      return ok_status();
    };
    if (s.import.dry_run) return deps.db.write(keep);
    // A batch the database did not commit (its storage full or failing) counts nothing and leaves
    // none of its companies to the next batch's lookups: the counts stay those of the rows written.
    const Counts before = writer.counts;
    Status st = writer.write(deps.db, rows, keep);
    if (!st) {
      writer.counts = before;
      writer.forget_batch();
    }
    return st;
  };
  std::vector<PlannedRow> writing;
  int64_t writing_bytes = 0, writing_end = 0;
  std::chrono::steady_clock::duration writing_took{};  // set on the writing thread, read after get()
  // Waits for the batch in flight; its counts and progress are then the import's.
  auto settle = [&]() -> Status {
    if (!in_flight.valid()) return ok_status();
    Status st = in_flight.get();
    if (!st) return st;
    const int64_t writes = request_writes();
    other_writes = queued_behind || writes > writes_seen;
    writes_seen = writes;
    last_batch = BatchTiming{.rows = writing.size(), .took = writing_took};
    s.import.counts = writer.counts;
    s.import.bytes_done = writing_bytes;
    records_committed = writing_end;
    writing.clear();
    if (on_progress) on_progress(s.import);
    return ok_status();
  };
  // Hands the planned batch to a writing thread once the one before is written: the job plans the
  // next batch (reading, converting, checking cells) while the database writes this one.
  auto flush = [&]() -> Status {
    if (batch.empty()) return ok_status();
    if (auto st = settle(); !st) return st;
    writing.swap(batch);
    writing_bytes = progress_bytes();  // the rows planned so far
    writing_end = records;
    in_flight = std::async(std::launch::async, [&] {
      db::BackgroundWrites background;
      const auto started = std::chrono::steady_clock::now();
      Status st = write_batch(writing, writing_bytes, writing_end);
      writing_took = std::chrono::steady_clock::now() - started;
      return st;
    });
    return ok_status();
  };
  auto drain = [&]() -> Status {
    while (auto record = reader.next()) {
      if (!header_seen) {  // the header row, read when the import was accepted
        header_seen = true;
        continue;
      }
      if (records++ < skip) continue;  // written by the run before this one
      PlannedRow row{.cells = {}, .plan = planner.plan(*record), .checked = std::nullopt};
      row.cells = std::move(record->fields);
      // The body's own checks here, on the job's thread, while the writer writes the batch before.
      if (!row.plan.blank && row.plan.errors.empty()) row.checked = writer.check(row.plan);
      batch.push_back(std::move(row));
      if (batch.size() >= batch_rows())
        if (auto st = flush(); !st) return st;
    }
    return ok_status();
  };

  // The node stopping: the job goes back to the queue (run_job_type), and the next run resumes after
  // the batches committed, the one in flight included (its failure is the next run's to meet again).
  auto stopped = [&]() -> Status {
    if (!jc) return end("failed", "the import was stopped; undo it and import again", writer.counts, bytes_done);
    if (in_flight.valid()) (void)settle();
    return Problem::unavailable("the server stopped during the import; it resumes when a server runs it again");
  };

  // A write the storage refused (full: 507; failing: 503) while the job runs the import: the import
  // stays running with its committed batches and the job is run again after its back-off (run_job_type),
  // resuming after them, so the import goes on by itself once space is freed. The last attempt ends it.
  auto failed = [&](const Status& st) -> Status {
    if (jc && storage_fault(st) && jc->job.attempt < kRunAttempts) {
      if (in_flight.valid()) {  // the batch in flight: its outcome is the next run's to see
        try {
          Status ignored = in_flight.get();
        } catch (const std::exception&) {
        }
      }
      return st;
    }
    return end("failed", st.problem().detail, writer.counts, bytes_done);
  };

  try {
    for (int64_t seq = 0;; ++seq) {
      if (stop.stop_requested()) return stopped();
      auto text = deps.db.read([&](db::Connection& c) { return store::read_text(c, id, seq); });
      if (!text) break;
      if (kind != FileKind::Csv) {  // a vCard or XLSX file is kept as its bytes, base64 (import_service.hpp)
        std::string bytes;
        if (!ids::base64_decode(*text, bytes)) return end("failed", "the stored file is damaged (piece " + std::to_string(seq) + ")", writer.counts, bytes_done);
        *text = std::move(bytes);
      }
      // Fed in smaller steps, so that the progress (text read) moves with the batches.
      for (std::size_t at = 0; at < text->size(); at += kFeedBytes) {
        if (stop.stop_requested()) return stopped();  // a stop waits for a feed step, not a whole piece
        std::string_view piece = std::string_view(*text).substr(at, kFeedBytes);
        bool fed = reader.feed(piece);
        bytes_done += static_cast<int64_t>(piece.size());
        if (auto st = drain(); !st) return failed(st);
        if (!fed) return end("failed", reader.error(), writer.counts, bytes_done);
      }
    }
    bool finished = reader.finish();
    if (auto st = drain(); !st) return failed(st);
    if (!finished) return end("failed", reader.error(), writer.counts, bytes_done);
    if (auto st = flush(); !st) return failed(st);
    if (auto st = settle(); !st) return failed(st);
  } catch (const db::Unavailable& e) {  // a read of the stored file the storage failed
    return failed(Problem::unavailable(e.what()));
  } catch (const std::exception& e) {
    return end("failed", std::string("the import stopped: ") + e.what(), writer.counts, bytes_done);
  }
  return end("done", std::nullopt, writer.counts, bytes_done);
}

Status undo_import(RunDeps& deps, const std::string& workspace_id, const std::string& id, const std::string& user_id,
                   jobs::JobContext* jc) {
  auto ctx = deps.db.read([&](db::Connection& c) { return access::user_context(c, workspace_id, user_id); });
  if (!ctx) return Problem::forbidden("The user who asked for the undo is no longer active");
  auto import = deps.db.read([&](db::Connection& c) { return store::find_import(c, workspace_id, id); });
  if (!import) return Problem::not_found("No such import");
  if (import->state == "undone") return ok_status();
  while (true) {
    bool more = false;
    Status st = deps.db.write([&](db::Connection& c) -> Status {
      auto rows = store::written_to_undo(c, id, kUndoBatchRows);
      more = !rows.empty();
      for (const auto& w : rows) {
        records::Service* service = deps.services(w.object);
        if (!service) return Problem::not_found("No such object: " + w.object);
        const records::Store& store = service->store();
        if (w.kind == "created") {
          Status d = records::delete_existing(c, *ctx, store, w.record_id);
          if (!d && d.problem().status != 404) return d;  // deleted since: nothing to undo
        } else if (auto current = store.find(c, *ctx, w.record_id, true); current && !w.before.empty()) {
          json::object before = json::parse(w.before).as_object();
          // The history dates the import overwrote (history_image.hpp): back after the fields.
          std::optional<json::object> history;
          if (auto* h = before.if_contains(kHistoryKey); h && h->is_object()) history = h->as_object();
          before.erase(kHistoryKey);
          auto r = records::write_change(c, *ctx, store, *current, std::move(before), "import_undo");
          if (!r) return r.take_problem();
          if (history) restore_history(c, workspace_id, store.spec().object, w.record_id, *history);
        }
        store::mark_undone(c, w.row_id);
      }
      return ok_status();
    });
    if (!st) return st;
    if (!more) break;
  }
  auto finish = [&](db::Connection& c) -> Status {
    store::set_undone(c, id, clock::now_text());
    return ok_status();
  };
  return jc ? jc->finish(finish) : deps.db.write(finish);
}

namespace {

// The payload's string `key`, empty when absent.
std::string payload_text(const jobs::Job& job, std::string_view key) {
  const auto* v = job.payload.is_object() ? job.payload.as_object().if_contains(key) : nullptr;
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

}  // namespace

jobs::JobType run_job_type(RunDeps deps) {
  auto d = std::make_shared<RunDeps>(std::move(deps));
  jobs::Handler handler = [d](jobs::JobContext& jc) -> jobs::Outcome {
    std::string id = payload_text(jc.job, "import_id");
    if (id.empty()) return jobs::Outcome::fail("the payload names no import");
    Status st = run_import(*d, jc.job.workspace_id, id, jc.stop, d->on_progress, &jc);
    if (!st && !jc.finished()) {
      if (jc.stop.stop_requested()) return jobs::Outcome::release();  // resumed by the next run
      if (storage_fault(st)) return jobs::Outcome::retry(st.problem().detail);  // resumed after the back-off
      return jobs::Outcome::fail(st.problem().detail);
    }
    return jobs::Outcome::done();
  };
  // A run ends the import (done or failed) with the job's success; a node that dies mid-run leaves
  // the job to the queue, which runs it again once its lease expires: that run resumes the import.
  return jobs::JobType{.name = "import.run", .handler = std::move(handler), .max_attempts = kRunAttempts,
                       .backoff_base = std::chrono::seconds(1), .backoff_max = std::chrono::minutes(5), .concurrency = 1};
}

jobs::JobType undo_job_type(RunDeps deps) {
  auto d = std::make_shared<RunDeps>(std::move(deps));
  jobs::Handler handler = [d](jobs::JobContext& jc) -> jobs::Outcome {
    std::string id = payload_text(jc.job, "import_id");
    if (id.empty()) return jobs::Outcome::fail("the payload names no import");
    Status st = undo_import(*d, jc.job.workspace_id, id, payload_text(jc.job, "user_id"), &jc);
    if (!st && !jc.finished()) return jobs::Outcome::retry(st.problem().detail);
    if (st && d->on_progress)  // the state change to undone, as the run's notices say theirs
      if (auto i = d->db.read([&](db::Connection& c) { return store::find_import(c, jc.job.workspace_id, id); })) d->on_progress(*i);
    return jobs::Outcome::done();
  };
  return jobs::JobType{.name = "import.undo", .handler = std::move(handler), .max_attempts = 5, .concurrency = 1};
}

}  // namespace rapport::imports

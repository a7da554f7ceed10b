// Generated rows into PostgreSQL: multi-row INSERTs (pg_statements.hpp) streamed through libpq's
// pipeline mode (platform/db/pg_pipeline.hpp) without waiting for each answer, on one connection for
// small runs and two ("lanes") for big ones, so that two server processes share the index maintenance
// that is most of the cost (1M contacts: ~115 s on one lane, ~60-80 s on two, on two cores). Each lane
// commits every ~50k rows with the server's own synchronous_commit: turning it off per transaction
// measured no faster, a commit every ~50k rows being rare enough.
#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <variant>
#include <vector>

#include "app/demo/pg_statements.hpp"
#include "app/demo/rows.hpp"
#include "app/demo/sink.hpp"
#include "platform/db/pg_pipeline.hpp"

namespace rapport::app::demo {
namespace {

constexpr int64_t kBatchRows = 50000;

// An activity's timeline link, kept until its INSERT is sent (links are grouped across activities).
struct Link {
  std::string activity, target, occurred;
  const char* type = nullptr;
};

using Overrides = std::unordered_map<std::size_t, std::string>;

// One connection with its pipeline and its open transaction. Rows go to the lanes in turn (activities to the first only), statement
// by statement, so that several server processes insert at once.
struct Lane {
  explicit Lane(const db::PgOptions& opts) : conn(opts), pipe(conn) {}
  db::PgConnection conn;
  db::PgPipeline pipe;
  int64_t rows = 0;                                          // in the open transaction
  std::array<int64_t, 3> pending{};                          // records per kind, for record_counts
  std::vector<std::pair<std::size_t, std::size_t>> skipped;  // (first row, rows) of statements that skipped some
  std::vector<Link> links;                                   // links[0, links_used) await their INSERT
  std::size_t links_used = 0;
};

class PgSink final : public Sink {
 public:
  PgSink(const db::PgOptions& opts, std::size_t lanes, const std::string& ws, Generator& gen, GenerateReport& report)
      : ws_(ws), gen_(gen), report_(report) {
    try {
      for (std::size_t i = 0; i < lanes; ++i) {
        lanes_.push_back(std::make_unique<Lane>(opts));
        begin(*lanes_.back());
      }
    } catch (...) {
      rollback();
      throw;
    }
  }
  PgSink(const PgSink&) = delete;
  ~PgSink() override {
    if (!finished_) rollback();
  }

  void companies(Chunk& ch) override {
    insert_checked(ch, companies_, company_col::kDomain, gen_.domain_override, 0, report_.companies);
  }
  void contacts(Chunk& ch) override {
    insert_checked(ch, contacts_, contact_col::kEmail, gen_.email_override, 1, report_.contacts);
  }

  // An activity and its timeline links go through the same lane: the links' foreign key needs the
  // activity, which only that lane's transaction can see before it commits. All of them go through
  // the first lane: a link updates its contact's kept last_activity_at (migration 0083), which locks
  // the contact's row until the lane commits, and two lanes linking the same contacts in different
  // orders deadlock.
  void activities(Chunk& ch) override {
    using namespace activity_col;
    for (std::size_t first = 0; first < ch.rows;) {
      const std::size_t n = group_size(ch.rows - first);
      Lane& lane = *lanes_.front();
      params_.rows(ch, first, n, kCount);
      lane.pipe.send(activities_.statement(n), params_.data(), params_.count());
      int64_t rows = static_cast<int64_t>(n);
      for (std::size_t k = first; k < first + n; ++k) {
        const db::Value* row = ch.row(k);
        add_link(lane, row[kId], "contacts", row[kContactId], row[kOccurred]);
        ++rows;
        if (std::holds_alternative<std::nullptr_t>(row[kCompanyId])) continue;
        add_link(lane, row[kId], "companies", row[kCompanyId], row[kOccurred]);
        ++rows;
      }
      send_links(lane, false);  // every buffered link's activity has been sent
      first += n;
      report_.activities += static_cast<int64_t>(n);
      lane.pending[2] += static_cast<int64_t>(n);
      lane.rows += rows;
      if (lane.rows >= kBatchRows) {
        send_links(lane, true);
        commit(lane);
        begin(lane);
      }
    }
  }

  // The next phase's rows reference this one's (contacts their companies), so everything is committed
  // first: a lane's foreign-key check never waits for another lane's open transaction.
  void end_phase() override {
    for (auto& lane : lanes_) {
      send_links(*lane, true);
      commit(*lane);
      begin(*lane);
    }
  }

  void finish() override {
    for (auto& lane : lanes_) {
      send_links(*lane, true);
      commit(*lane);
    }
    for (auto& lane : lanes_) lane->pipe.sync();
    finished_ = true;
  }

 private:
  Lane& next_lane() {
    Lane& lane = *lanes_[next_];
    next_ = (next_ + 1) % lanes_.size();
    return lane;
  }

  void begin(Lane& lane) {
    lane.pipe.send("BEGIN");
  }
  // Counts go in the batch's own transaction; the next batch starts without waiting for this COMMIT
  // (a sync point after it keeps a later error from reaching back into it). The COMMIT is written out
  // at once: another lane's count update waits for this lane's transaction to end, and must not wait
  // for bytes still sitting in this client.
  void commit(Lane& lane) {
    static constexpr std::array<const char*, 3> kTypes = {"companies", "contacts", "activities"};
    for (std::size_t k = 0; k < kTypes.size(); ++k) {
      if (!lane.pending[k]) continue;
      lane.pipe.send(
          "INSERT INTO record_counts(workspace_id, object_type, live) VALUES ($1, $2, $3) "
          "ON CONFLICT (workspace_id, object_type, slot) DO UPDATE SET live = record_counts.live + excluded.live",
          {ws_, std::string(kTypes[k]), lane.pending[k]});
      lane.pending[k] = 0;
    }
    lane.pipe.send("COMMIT");
    lane.pipe.mark_sync();
    lane.pipe.flush();
    lane.rows = 0;
  }
  // Ends every lane's open transaction; harmless where none is open (a warning, not an error).
  void rollback() {
    for (auto& lane : lanes_) {
      try {
        lane->pipe.send("ROLLBACK");
        lane->pipe.sync();
      } catch (...) {
      }
    }
  }

  // Companies and contacts: a row whose domain or email a user-made row holds is skipped by ON CONFLICT
  // DO NOTHING (its statement reports fewer rows than it had) and inserted again by settle(), while
  // its chunk is still there.
  void insert_checked(Chunk& ch, MultiRowInsert& t, std::size_t unique_col, Overrides& overrides, std::size_t kind,
                      int64_t& reported) {
    for (std::size_t first = 0; first < ch.rows;) {
      const std::size_t n = group_size(ch.rows - first);
      Lane& lane = next_lane();
      params_.rows(ch, first, n, t.cols);
      lane.pipe.send(t.statement(n), params_.data(), params_.count(), [&lane, first, n](const db::PgResult& r) {
        if (r.affected() < static_cast<int64_t>(n)) lane.skipped.emplace_back(first, n);
      });
      first += n;
      reported += static_cast<int64_t>(n);
      lane.pending[kind] += static_cast<int64_t>(n);
      lane.rows += static_cast<int64_t>(n);
      if (lane.rows >= kBatchRows) {
        settle(lane, ch, t, unique_col, overrides);
        commit(lane);
        begin(lane);
      }
    }
    for (auto& lane : lanes_) lane->pipe.flush();  // no lane idles while another is waited for
    for (auto& lane : lanes_) settle(*lane, ch, t, unique_col, overrides);
  }

  // Waits for the results of everything the lane sent, then inserts the rows that were skipped.
  void settle(Lane& lane, Chunk& ch, MultiRowInsert& t, std::size_t unique_col, Overrides& overrides) {
    lane.pipe.wait_pending(0);
    if (lane.skipped.empty()) return;
    const auto groups = std::exchange(lane.skipped, {});
    for (const auto& [first, n] : groups) {
      std::string ids = "{";
      for (std::size_t k = first; k < first + n; ++k) {
        ids += std::get<std::string>(ch.row(k)[0]);  // column 0 is the id (a UUID: no quoting needed)
        ids.push_back(k + 1 < first + n ? ',' : '}');
      }
      std::unordered_set<std::string> inserted;
      lane.pipe.send("SELECT id FROM " + t.table + " WHERE id = ANY($1::text[])", {ids}, [&](const db::PgResult& r) {
        for (int i = 0; i < r.rows(); ++i) inserted.insert(r.text(i, 0));
      });
      lane.pipe.sync();
      for (std::size_t k = first; k < first + n; ++k)
        if (!inserted.count(std::get<std::string>(ch.row(k)[0]))) insert_again(lane, ch, k, t, unique_col, overrides);
    }
  }

  // The unique column with "-2" .. "-5" at the row's suffix_at, then NULL; as the SQLite sink does.
  void insert_again(Lane& lane, Chunk& ch, std::size_t k, MultiRowInsert& t, std::size_t col, Overrides& overrides) {
    db::Value* row = ch.row(k);
    const auto* s = std::get_if<std::string>(&row[col]);
    if (!s) throw db::ConstraintError(0, "generate: a generated row of " + t.table + " conflicts with a stored one");
    const std::string original = *s;
    for (int attempt = 2; attempt <= 6; ++attempt) {
      if (attempt <= 5) {
        std::string text = original;
        const char suffix[] = {'-', static_cast<char>('0' + attempt), '\0'};
        text.insert(std::min<std::size_t>(ch.suffix_at[k], text.size()), suffix);
        set(row[col], text);
      } else {
        set_null(row[col]);
      }
      bool done = false;
      params_.rows(ch, k, 1, t.cols);
      lane.pipe.send(t.statement(1), params_.data(), params_.count(),
                     [&](const db::PgResult& r) { done = r.affected() == 1; });
      lane.pipe.sync();
      if (done) {
        const auto* now = std::get_if<std::string>(&row[col]);
        overrides[static_cast<std::size_t>(ch.index[k])] = now ? *now : std::string();
        return;
      }
    }
    throw db::ConstraintError(0, "generate: cannot insert a generated row of " + t.table + ": " + original + " is taken");
  }

  static void add_link(Lane& lane, const db::Value& activity, const char* type, const db::Value& target,
                       const db::Value& occurred) {
    if (lane.links_used == lane.links.size()) lane.links.emplace_back();
    Link& l = lane.links[lane.links_used++];
    l.activity = std::get<std::string>(activity);
    l.type = type;
    l.target = std::get<std::string>(target);
    l.occurred = std::get<std::string>(occurred);
  }
  // Sends the lane's buffered links in full statements (all of them when `all`), keeping the rest.
  void send_links(Lane& lane, bool all) {
    std::size_t sent = 0;
    while (lane.links_used - sent >= kGroupRows || (all && sent < lane.links_used)) {
      const std::size_t n = group_size(lane.links_used - sent);
      params_.resize(n * 5);
      for (std::size_t r = 0; r < n; ++r) {
        const Link& l = lane.links[sent + r];
        params_.set(r * 5, ws_.c_str());
        params_.set(r * 5 + 1, l.activity.c_str());
        params_.set(r * 5 + 2, l.type);
        params_.set(r * 5 + 3, l.target.c_str());
        params_.set(r * 5 + 4, l.occurred.c_str());
      }
      lane.pipe.send(links_table_.statement(n), params_.data(), params_.count());
      sent += n;
    }
    for (std::size_t i = sent; i < lane.links_used; ++i) std::swap(lane.links[i - sent], lane.links[i]);
    lane.links_used -= sent;
  }

  const std::string& ws_;
  Generator& gen_;
  GenerateReport& report_;
  std::vector<std::unique_ptr<Lane>> lanes_;
  std::size_t next_ = 0;
  bool finished_ = false;
  // The conflict targets name the one unique index a user-made row can collide with; ON CONFLICT
  // without one would also probe the primary key first (~10% slower over a 1M run).
  MultiRowInsert companies_{"companies", kInsertCompany, company_col::kCount,
                   " ON CONFLICT (workspace_id, domain) WHERE deleted_at IS NULL AND domain IS NOT NULL DO NOTHING", {}};
  MultiRowInsert contacts_{"contacts", kInsertContact, contact_col::kCount,
                  " ON CONFLICT (workspace_id, email_key) WHERE deleted_at IS NULL AND email_key IS NOT NULL DO NOTHING", {}};
  MultiRowInsert activities_{"activities", kInsertActivity, activity_col::kCount, "", {}};
  MultiRowInsert links_table_{"activity_links", kInsertLink, 5, "", {}};
  Params params_;
};

}  // namespace

std::unique_ptr<Sink> make_pg_sink(const db::PgOptions& opts, std::size_t lanes, const std::string& ws, Generator& gen,
                                   GenerateReport& report) {
  return std::make_unique<PgSink>(opts, lanes, ws, gen, report);
}

}  // namespace rapport::app::demo

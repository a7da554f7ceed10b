// Generated sales data: three pipelines (5-6 stages each) and deals spread over them, with EUR and USD
// amounts, expected close dates over the next 12 months (open deals) or the past year (closed ones),
// owners among the workspace's users, one stage-history entry for the stage each deal is in, and board
// ranks 1024 apart per column. Written through db::Connection with multi-row INSERTs, so one code
// serves SQLite and PostgreSQL (the deal_totals triggers of migration 0007 keep the report totals).
#include "app/demo/deal_rows.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "app/demo/rows.hpp"
#include "app/demo/vocabulary.hpp"
#include "platform/case_fold.hpp"
#include "platform/clock.hpp"
#include "platform/ids.hpp"

namespace rapport::app::demo {
namespace {

struct StageDef {
  const char* name;
  int probability;
  const char* type;
  int weight;  // share of the pipeline's deals in this stage
};

struct PipelineDef {
  const char* name;
  int weight;  // share of all deals
  std::vector<StageDef> stages;
};

const std::vector<PipelineDef>& pipeline_defs() {
  static const std::vector<PipelineDef> defs = {
      {"New business", 50,
       {{"Qualify", 10, "open", 22}, {"Discovery", 25, "open", 17}, {"Proposal", 50, "open", 13}, {"Negotiation", 75, "open", 8},
        {"Won", 100, "won", 22}, {"Lost", 0, "lost", 18}}},
      {"Renewals", 30,
       {{"Upcoming", 40, "open", 25}, {"Quoted", 70, "open", 15}, {"Committed", 90, "open", 10}, {"Renewed", 100, "won", 40},
        {"Churned", 0, "lost", 10}}},
      {"Partnerships", 20,
       {{"Introduced", 10, "open", 30}, {"Pilot", 35, "open", 20}, {"Contract", 80, "open", 10}, {"Signed", 100, "won", 25},
        {"Declined", 0, "lost", 15}}},
  };
  return defs;
}

constexpr std::array<std::string_view, 8> kDealKinds = {"licences", "expansion", "renewal", "pilot", "onboarding",
                                                        "support plan", "platform deal", "upgrade"};
constexpr std::array<std::string_view, 5> kLostReasons = {"Price", "Timing", "Chose a competitor", "No budget", "No decision"};

constexpr int kDealCols = 22;
constexpr const char* kDealInsert =
    "INSERT INTO deals(id, workspace_id, name, pipeline_id, stage_id, amount, currency, expected_close_date, lost_reason, "
    "closed_at, board_rank, stage_entered_at, owner_id, custom, created_at, updated_at, created_by, version, company_id, "
    "description, deleted_at, name_key) VALUES ";
constexpr int kDealContactCols = 4;
constexpr const char* kDealContactInsert = "INSERT INTO deal_contacts(workspace_id, deal_id, contact_id, role) VALUES ";
constexpr std::array<std::string_view, 4> kContactRoles = {"decision_maker", "champion", "influencer", "economic_buyer"};  // the API's enum
constexpr int kHistoryCols = 6;
constexpr const char* kHistoryInsert =
    "INSERT INTO deal_stage_history(workspace_id, deal_id, from_stage_id, to_stage_id, changed_at, changed_by) VALUES ";
constexpr std::size_t kRowsPerInsert = 200;

// "INSERT ... VALUES (?, ...), (?, ...)" for `rows` rows of `cols` values.
std::string multi_row(const char* head, int cols, std::size_t rows) {
  std::string one = "(";
  for (int i = 0; i < cols; ++i) one += i ? ", ?" : "?";
  one += ")";
  std::string sql = head;
  for (std::size_t r = 0; r < rows; ++r) {
    if (r) sql += ", ";
    sql += one;
  }
  return sql;
}

// Inserts rows (cols values each) in statements of up to kRowsPerInsert rows.
void insert_rows(db::Connection& c, const char* head, int cols, const std::vector<db::Value>& values) {
  const std::size_t rows = values.size() / static_cast<std::size_t>(cols);
  for (std::size_t begin = 0; begin < rows; begin += kRowsPerInsert) {
    const std::size_t n = std::min(kRowsPerInsert, rows - begin);
    auto& st = c.prepare(multi_row(head, cols, n));
    const std::size_t first = begin * static_cast<std::size_t>(cols);
    for (std::size_t i = 0; i < n * static_cast<std::size_t>(cols); ++i) st.bind(static_cast<int>(i + 1), values[first + i]);
    st.run();
  }
}

std::string date_of(int64_t ms) { return clock::format_ms(ms).substr(0, 10); }

// A company of the workspace with the ids of its live contacts.
struct Customer {
  std::string company_id, company_name;
  std::vector<std::string> contact_ids;
};

// The workspace's live companies that have live contacts, in id order (the demo's few dozen).
std::vector<Customer> customers_of(db::Connection& c, const std::string& ws) {
  std::vector<Customer> out;
  auto& st = c.prepare(
      "SELECT co.id, co.name, ct.id FROM companies co JOIN contacts ct ON ct.workspace_id = co.workspace_id AND ct.company_id = co.id "
      "AND ct.deleted_at IS NULL WHERE co.workspace_id = ? AND co.deleted_at IS NULL ORDER BY co.id, ct.id");
  st.bind_all({ws});
  while (st.step()) {
    if (out.empty() || out.back().company_id != st.text(0)) out.push_back({st.text(0), st.text(1), {}});
    out.back().contact_ids.push_back(st.text(2));
  }
  st.reset();
  return out;
}

}  // namespace

DealReport generate_deals(db::Connection& c, const std::string& ws, const std::string& default_owner, int64_t n, uint64_t seed,
                          bool with_customers) {
  DealReport report;
  if (n <= 0) return report;
  Rng rng{seed ^ 0x5a1e5d3a1e5ULL};
  const int64_t now = clock::now_ms();
  const std::string now_text = clock::format_ms(now);

  std::vector<std::string> owners;
  {
    auto& st = c.prepare("SELECT id FROM users WHERE workspace_id = ? ORDER BY created_at, id");
    st.bind_all({ws});
    while (st.step()) owners.push_back(st.text(0));
    st.reset();
  }
  if (owners.empty()) owners.push_back(default_owner);
  const std::vector<Customer> customers = with_customers ? customers_of(c, ws) : std::vector<Customer>{};

  // The pipelines and their stages (a second run names its pipelines apart: names are unique).
  struct StageRow {
    std::string id, pipeline_id;
    const StageDef* def;
    double next_rank = 0;
  };
  std::vector<std::vector<StageRow>> stages;
  const int64_t existing = std::get<int64_t>(c.scalar("SELECT count(*) FROM pipelines WHERE workspace_id = ?", {ws}));
  c.exec("BEGIN");
  try {
    int64_t position = existing;
    for (const auto& p : pipeline_defs()) {
      std::string name = p.name;
      if (existing > 0) {
        name += " ";
        name += std::to_string(existing / 3 + 2);
      }
      std::string pid = ids::uuid_v7();
      c.prepare("INSERT INTO pipelines(id, workspace_id, name, name_key, position, created_at, updated_at, version) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, 1)")
          .bind_all({pid, ws, name, case_fold::key(name), position++, now_text, now_text})
          .run();
      std::vector<StageRow> rows;
      int64_t stage_position = 0;
      for (const auto& s : p.stages) {
        StageRow row{ids::uuid_v7(), pid, &s, 0};
        c.prepare("INSERT INTO pipeline_stages(id, workspace_id, pipeline_id, name, position, probability, type, created_at, updated_at) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
            .bind_all({row.id, ws, pid, std::string(s.name), stage_position++, int64_t{s.probability}, std::string(s.type), now_text, now_text})
            .run();
        rows.push_back(std::move(row));
      }
      stages.push_back(std::move(rows));
      ++report.pipelines;
    }
    c.exec("COMMIT");
  } catch (...) {
    c.exec("ROLLBACK");
    throw;
  }

  // Deals, in transactions of 25k deals (with their history entries and the record count).
  constexpr int64_t kBatch = 25'000;
  std::vector<db::Value> deals, history, deal_contacts;
  std::string name;
  for (int64_t begin = 0; begin < n; begin += kBatch) {
    const int64_t count = std::min(kBatch, n - begin);
    deals.clear();
    history.clear();
    deal_contacts.clear();
    deals.reserve(static_cast<std::size_t>(count * kDealCols));
    history.reserve(static_cast<std::size_t>(count * kHistoryCols));
    for (int64_t i = 0; i < count; ++i) {
      int pw = static_cast<int>(rng.below(100));
      std::size_t pi = 0;
      while (pi + 1 < pipeline_defs().size() && pw >= pipeline_defs()[pi].weight) pw -= pipeline_defs()[pi++].weight;
      auto& column = stages[pi];
      int sw = static_cast<int>(rng.below(100));
      std::size_t si = 0;
      while (si + 1 < column.size() && sw >= column[si].def->weight) sw -= column[si++].def->weight;
      StageRow& stage = column[si];
      const std::string type = stage.def->type;

      // Created within the last two years; closed deals closed 1 week to 6 months later (not in the
      // future); open ones are expected to close within the next 12 months.
      const int64_t created = now - static_cast<int64_t>(rng.range(20, 720)) * kDay - static_cast<int64_t>(rng.below(kDay));
      int64_t entered = created;
      db::Value closed_at = nullptr, lost_reason = nullptr;
      std::string close_date;
      if (type == "open") {
        close_date = date_of(now + static_cast<int64_t>(rng.below(365)) * kDay);
        entered = created + static_cast<int64_t>(rng.below(static_cast<uint64_t>(std::max<int64_t>(1, now - created))));
      } else {
        int64_t closed = std::min(now - kHour, created + rng.range(7, 180) * kDay + static_cast<int64_t>(rng.below(kDay)));
        entered = closed;
        closed_at = clock::format_ms(closed);
        close_date = date_of(closed);
        if (type == "lost") lost_reason = std::string(rng.pick(kLostReasons));
      }
      // Amounts: log-uniform from 500 to 250,000 in whole units; six deals in ten in EUR.
      const double units = 500.0 * std::exp(std::log(500.0) * static_cast<double>(rng.below(1'000'000)) / 1e6);
      const int64_t amount = static_cast<int64_t>(std::llround(units)) * 100;
      const char* currency = rng.chance(60) ? "EUR" : "USD";
      const Customer* customer = customers.empty() ? nullptr : &customers[rng.below(customers.size())];
      name.assign(customer ? std::string_view(customer->company_name) : rng.pick(kCompanyPrefixes));
      name += " ";
      name += rng.pick(kDealKinds);
      const std::string& owner = owners[rng.below(owners.size())];
      const std::string id = ids::uuid_v7();
      if (customer)
        deal_contacts.insert(deal_contacts.end(), {ws, id, customer->contact_ids[rng.below(customer->contact_ids.size())],
                                                   std::string(rng.pick(kContactRoles))});
      const std::string created_text = clock::format_ms(created), entered_text = clock::format_ms(entered);
      deals.insert(deals.end(), {id, ws, name, stage.pipeline_id, stage.id, amount, std::string(currency), close_date, lost_reason,
                                 closed_at, stage.next_rank, entered_text, owner, std::string("{}"), created_text, entered_text, owner,
                                 int64_t{1}, customer ? db::Value(customer->company_id) : db::Value(nullptr), nullptr, nullptr,
                                 case_fold::key(name)});
      stage.next_rank += 1024.0;
      history.insert(history.end(), {ws, id, nullptr, stage.id, entered_text, owner});
    }
    c.exec("BEGIN");
    try {
      insert_rows(c, kDealInsert, kDealCols, deals);
      insert_rows(c, kHistoryInsert, kHistoryCols, history);
      insert_rows(c, kDealContactInsert, kDealContactCols, deal_contacts);
      c.prepare("INSERT INTO record_counts(workspace_id, object_type, live) VALUES (?, ?, ?) "
                "ON CONFLICT(workspace_id, object_type, slot) DO UPDATE SET live = record_counts.live + excluded.live")
          .bind_all({ws, std::string("deals"), count})
          .run();
      c.exec("COMMIT");
    } catch (...) {
      c.exec("ROLLBACK");
      throw;
    }
    report.deals += count;
  }
  return report;
}

}  // namespace rapport::app::demo

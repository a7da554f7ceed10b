// RowWriter's set-based path (row_writer.hpp): a batch's lookups, checks and writes a few statements
// per table instead of ~10 a row, with the result the row-by-row path would give.
#include <unordered_set>

#include "modules/imports/row_writer.hpp"
#include "platform/records/custom_fields.hpp"

namespace rapport::imports {
namespace json = boost::json;

namespace {

// A row on its way through the batch.
struct Pending {
  PlannedRow* row;
  json::object added;     // the fields the lookups resolved (owner, company, a deal's pipeline, stage, contact)
  bool creator = false;   // the row created a company (it must not fail afterwards: see write_set)
  bool done = false;      // failed or skipped: nothing more to do
};

}  // namespace

bool RowWriter::write_set(db::Connection& c, std::vector<PlannedRow>& rows) {
  std::vector<Pending> to_write;
  to_write.reserve(rows.size());
  for (auto& row : rows) {
    if (!admit(row)) continue;
    Pending p{.row = &row, .added = {}};
    if (auto st = resolve_owner(c, row.plan, p.added); !st) {
      fail_problem(row, st.problem());
      continue;
    }
    to_write.push_back(std::move(p));
  }
  // A row matched on a key an earlier row of the batch has must see that row written: row by row.
  const bool matching = options_.on_duplicate != OnDuplicate::Create;
  std::vector<std::string> keys(to_write.size());
  if (matching) {
    std::unordered_set<std::string> seen;
    for (std::size_t i = 0; i < to_write.size(); ++i) {
      keys[i] = match_key(to_write[i].row->plan);
      if (!keys[i].empty() && !seen.insert(keys[i]).second) return false;
    }
  }

  // Companies, as the rows would find or create them one after the other (resolve's order: after
  // the owner, before a deal's pipeline).
  std::vector<store::WrittenRow> companies_created;
  {
    std::vector<std::pair<std::string, std::string>> wanted;
    wanted.reserve(to_write.size());
    for (const auto& p : to_write) wanted.emplace_back(p.row->plan.company, p.row->plan.company_domain);
    auto answers = lookups_.companies(c, wanted);
    for (std::size_t i = 0; i < to_write.size(); ++i) {
      auto& a = answers[i];
      if (!a.id) {
        fail_problem(*to_write[i].row, company_problem(a.id.take_problem()));
        to_write[i].done = true;
        continue;
      }
      if (*a.id) to_write[i].added["company_id"] = **a.id;
      if (a.created) {
        to_write[i].creator = true;
        companies_created.push_back({0, static_cast<int64_t>(to_write[i].row->plan.line), "created", **a.id, "", "companies"});
      }
    }
  }
  // A row that fails after creating a company would take the company with it, and the next row of
  // that company create it again: only the row-by-row path gives that result.
  auto fail_row = [&](Pending& p, const Problem& problem) {
    if (p.creator) return false;
    fail_problem(*p.row, problem);
    p.done = true;
    return true;
  };
  for (auto& p : to_write)
    if (!p.done)
      if (auto st = resolve_deal(c, p.row->plan, p.added); !st && !fail_row(p, st.problem())) return false;

  // Duplicates: one query for the batch's keys.
  std::vector<std::optional<std::string>> existing(to_write.size());
  if (matching && (match_on_ == "email" || match_on_ == "domain" || match_on_ == "external_id")) {
    std::vector<std::string> wanted;
    for (std::size_t i = 0; i < to_write.size(); ++i)
      if (!to_write[i].done && !keys[i].empty()) wanted.push_back(keys[i]);
    if (!wanted.empty()) {
      if (match_on_ == "external_id") {
        auto found = store::find_external_ids(c, ctx_.workspace_id, import_.object, wanted);
        for (std::size_t i = 0; i < to_write.size(); ++i)
          if (auto it = found.find(keys[i]); !keys[i].empty() && it != found.end() && store_.find(c, ctx_, it->second))
            existing[i] = it->second;  // a record deleted since is no duplicate
      } else {
        std::vector<std::string> values;  // as given: find_duplicates makes their keys
        for (std::size_t i = 0; i < to_write.size(); ++i)
          if (!to_write[i].done && !keys[i].empty()) values.emplace_back(to_write[i].row->plan.body.at(match_on_).as_string());
        auto found = store_.find_duplicates(c, ctx_, *store_.spec().field(match_on_), values);
        for (std::size_t i = 0; i < to_write.size(); ++i)
          if (auto it = found.find(keys[i]); !keys[i].empty() && it != found.end()) existing[i] = it->second;
      }
    }
  }

  // Duplicates skipped or updated (one by one: an update reads and merges its record), then the
  // new records in one insert_many.
  std::vector<store::WrittenRow> records_written;
  std::vector<std::size_t> to_create;
  for (std::size_t i = 0; i < to_write.size(); ++i) {
    Pending& p = to_write[i];
    if (p.done) continue;
    if (!existing[i]) {
      to_create.push_back(i);
      continue;
    }
    if (options_.on_duplicate == OnDuplicate::Skip) {
      ++counts.skipped;
      continue;
    }
    row_written_.clear();
    c.exec("SAVEPOINT import_row");
    json::object body = p.row->plan.body;
    for (const auto& kv : p.added) body[kv.key()] = kv.value();
    Status st = update_row(c, p.row->plan, body, *existing[i]);
    if (!st) {
      c.exec("ROLLBACK TO SAVEPOINT import_row");
      c.exec("RELEASE SAVEPOINT import_row");
      if (!fail_row(p, st.problem())) return false;
      continue;
    }
    c.exec("RELEASE SAVEPOINT import_row");
    ++counts.updated;
    for (auto& w : row_written_) records_written.push_back(std::move(w));
  }
  // The bodies as the run checked them on its own thread (RowWriter::check), unless the custom
  // fields changed since (or it did not): then checked here. The lookups' fields are checked with them.
  const auto defs = records::load_custom_fields(c, ctx_.workspace_id, import_.object);
  const bool checks_hold = records::custom_fields_unchanged(defs, defs_);
  std::vector<records::CheckedBody> checked;
  std::vector<json::object> added;
  checked.reserve(to_create.size());
  added.reserve(to_create.size());
  for (std::size_t i : to_create) {
    PlannedRow& row = *to_write[i].row;
    if (row.checked && checks_hold) checked.push_back(std::move(*row.checked));
    else checked.push_back(records::check_body(ctx_, store_.spec(), defs, row.plan.body));
    row.checked.reset();
    added.push_back(std::move(to_write[i].added));
  }
  auto results = records::insert_checked(c, ctx_, store_, defs, std::move(checked), added, &imported_);
  std::vector<std::pair<std::string, std::string>> external_ids;
  for (std::size_t k = 0; k < to_create.size(); ++k) {
    Pending& p = to_write[to_create[k]];
    if (!results[k]) {
      if (!fail_row(p, results[k].problem())) return false;
      continue;
    }
    const RowPlan& plan = p.row->plan;
    std::string id(results[k]->at("id").as_string());
    ++counts.created;
    records_written.push_back({0, static_cast<int64_t>(plan.line), "created", id, "", import_.object});
    if (plan.created_at || plan.closed_at || !plan.stage_history.empty()) keep_history(c, plan, id, true);
    if (!plan.external_id.empty()) external_ids.emplace_back(plan.external_id, std::move(id));
  }
  store::put_external_ids(c, ctx_.workspace_id, import_.object, external_ids);
  // The undo log: the companies first (undone last), then the records.
  for (auto& w : companies_created) written.push_back(std::move(w));
  for (auto& w : records_written) written.push_back(std::move(w));
  return true;
}

}  // namespace rapport::imports

#include "modules/imports/row_writer.hpp"

#include <algorithm>

#include "modules/imports/history_image.hpp"
#include "platform/db/multi_row.hpp"
#include "platform/db/write_classes.hpp"
#include "platform/journal.hpp"

namespace rapport::imports {
namespace json = boost::json;

std::pair<std::string, std::string> reason_of(const Problem& p) {
  if (p.errors.empty()) return {"", p.detail};
  std::string message;
  for (const auto& e : p.errors) message += (message.empty() ? "" : "; ") + e.field + ": " + e.message;
  return {p.errors.front().field, message};
}

Problem company_problem(Problem pr) {
  for (auto& e : pr.errors) e.field = "company." + e.field;
  pr.detail = "the company could not be created: " + pr.detail;
  return pr;
}

namespace {

json::array cells_json(const std::vector<std::string>& cells) {
  json::array a;
  for (const auto& s : cells) a.push_back(json::value(s));
  return a;
}

}  // namespace

RowWriter::RowWriter(const identity::Context& ctx, const Import& import, const ImportOptions& options, const records::Store& store,
                     const records::Store& companies, std::vector<records::CustomFieldDef> defs)
    : ctx_(ctx), import_(import), options_(options), store_(store), imported_{import.id, import.file_name}, defs_(std::move(defs)),
      lookups_(ctx, companies, options.create_companies, &imported_),
      match_on_(options.match_on.empty() ? default_match_on(import.object) : options.match_on) {}

void RowWriter::fail(const PlannedRow& row, const std::string& column, const std::string& value, const std::string& message) {
  ++counts.failed;
  failed.push_back({static_cast<int64_t>(row.plan.line), column, value, message, json::serialize(cells_json(row.cells))});
}

void RowWriter::fail_plan(const PlannedRow& row) {
  std::string message;
  for (const auto& e : row.plan.errors) message += (message.empty() ? "" : "; ") + (e.column.empty() ? "" : e.column + ": ") + e.message;
  const auto& first = row.plan.errors.front();
  fail(row, first.column, first.value, message);
}

bool RowWriter::admit(const PlannedRow& row) {
  if (row.plan.blank) return false;
  ++counts.read;
  if (row.plan.errors.empty()) return true;
  fail_plan(row);
  return false;
}

void RowWriter::fail_problem(const PlannedRow& row, const Problem& problem) {
  auto [column, message] = reason_of(problem);
  fail(row, column, "", message);
}

records::CheckedBody RowWriter::check(const RowPlan& plan) const { return records::check_body(ctx_, store_.spec(), defs_, plan.body); }

Status RowWriter::write(db::Database& db, std::vector<PlannedRow>& rows, const Also& also) {
  batch_mark_ = lookups_.mark();
  const Counts before = counts;
  bool set_based = true;
  bool refused = false;  // the set-based path could not give the rows' own result
  auto attempt = [&](db::Connection& c) -> Status {
    failed.clear();
    written.clear();
    if (set_based) {
      bool done = false;
      try {
        done = write_set(c, rows);
      } catch (const std::exception&) {
        done = false;  // a statement the database refused: the rows one by one say which
      }
      if (!done) {
        refused = true;
        return Problem::conflict("the batch is written row by row");  // this write rolled back
      }
    } else {
      write_rows(c, rows);
    }
    if (!import_.dry_run) store::add_written_many(c, import_.id, written);
    return also ? also(c) : ok_status();
  };
  Status st = db::write_alone(db, attempt);
  if (!refused) return st;
  lookups_.forget_since(batch_mark_);
  counts = before;
  set_based = false;
  return db::write_alone(db, attempt);
}

void RowWriter::write_rows(db::Connection& c, const std::vector<PlannedRow>& rows) {
  for (const auto& row : rows) {
    if (!admit(row)) continue;
    std::size_t mark = lookups_.mark();
    row_written_.clear();
    c.exec("SAVEPOINT import_row");
    std::string outcome;
    Status st = ok_status();
    try {
      st = write_row(c, row, outcome);
    } catch (const std::exception& e) {
      // A statement the database refused (a unique value a concurrent write took): this row only.
      st = Problem::conflict(std::string("the database refused the row: ") + e.what());
    }
    if (!st) {
      c.exec("ROLLBACK TO SAVEPOINT import_row");
      c.exec("RELEASE SAVEPOINT import_row");
      lookups_.forget_since(mark);
      fail_problem(row, st.problem());
      continue;
    }
    c.exec("RELEASE SAVEPOINT import_row");
    if (outcome == "created") ++counts.created;
    else if (outcome == "updated") ++counts.updated;
    else ++counts.skipped;
    for (auto& w : row_written_) written.push_back(std::move(w));
  }
}

Status RowWriter::resolve_owner(db::Connection& c, const RowPlan& p, json::object& body) {
  if (p.owner.empty()) return ok_status();
  auto id = lookups_.user(c, p.owner);
  if (!id) return Problem::invalid({{"owner", "not_found", "no user of this workspace has the e-mail address " + p.owner}});
  body["owner_id"] = *id;
  return ok_status();
}

Status RowWriter::resolve_deal(db::Connection& c, const RowPlan& p, json::object& body) {
  if (import_.object != "deals") return ok_status();
  auto pipeline = lookups_.pipeline(c, p.pipeline);
  if (!pipeline) return Problem::invalid({{"pipeline", "not_found", p.pipeline.empty() ? "the workspace has no pipeline" : "no pipeline is named " + p.pipeline}});
  body["pipeline_id"] = *pipeline;
  if (!p.stage.empty()) {
    auto stage = lookups_.stage(c, *pipeline, p.stage);
    if (!stage) return Problem::invalid({{"stage", "not_found", "the pipeline has no stage named " + p.stage}});
    body["stage_id"] = *stage;
  }
  json::array contacts;
  if (!p.contact_email.empty()) {
    auto contact = lookups_.contact(c, p.contact_email);
    if (!contact) return Problem::invalid({{"contact_email", "not_found", "no contact has the e-mail address " + p.contact_email}});
    contacts.push_back(json::object{{"contact_id", *contact}});
  }
  for (const auto& dc : p.contacts) {
    auto contact = lookups_.contact(c, dc.email);
    if (!contact) return Problem::invalid({{"deal_contacts", "not_found", "no contact has the e-mail address " + dc.email}});
    if (std::ranges::any_of(contacts, [&](const json::value& x) { return x.at("contact_id") == json::value(*contact); })) continue;
    json::object link{{"contact_id", *contact}};
    if (!dc.role.empty()) link["role"] = dc.role;  // the record engine checks it
    contacts.push_back(std::move(link));
  }
  if (!contacts.empty()) body["contacts"] = std::move(contacts);
  // The stages of its history must be the pipeline's; the deal is in the last one.
  for (const auto& e : p.stage_history)
    if (!lookups_.stage(c, *pipeline, e.stage))
      return Problem::invalid({{"stage_history", "not_found", "the pipeline has no stage named " + e.stage}});
  if (!p.stage_history.empty()) {
    auto last = lookups_.stage(c, *pipeline, p.stage_history.back().stage);
    if (p.stage.empty()) body["stage_id"] = *last;
    else if (body.at("stage_id") != json::value(*last))
      return Problem::invalid({{"stage_history", "mismatch", "ends in stage " + p.stage_history.back().stage + ", not in the deal's stage " + p.stage}});
  }
  return ok_status();
}

Status RowWriter::resolve(db::Connection& c, const RowPlan& p, json::object& body) {
  if (auto st = resolve_owner(c, p, body); !st) return st;
  if (!p.company.empty() || !p.company_domain.empty()) {
    std::optional<std::string> created;
    auto id = lookups_.company(c, p.company, p.company_domain, created);
    if (!id) return company_problem(id.take_problem());
    if (created) row_written_.push_back({0, static_cast<int64_t>(p.line), "created", *created, "", "companies"});
    if (*id) body["company_id"] = **id;
  }
  return resolve_deal(c, p, body);
}

std::optional<std::string> RowWriter::duplicate_of(db::Connection& c, const RowPlan& p) {
  if (match_on_ == "external_id") {
    if (p.external_id.empty()) return std::nullopt;
    auto id = store::find_external_id(c, ctx_.workspace_id, import_.object, p.external_id);
    if (id && store_.find(c, ctx_, *id)) return id;  // a record deleted since is no duplicate
    return std::nullopt;
  }
  if (match_on_ != "email" && match_on_ != "domain") return std::nullopt;
  const auto* value = p.body.if_contains(match_on_);
  const auto* field = store_.spec().field(match_on_);
  if (!value || !value->is_string() || !field) return std::nullopt;
  return store_.find_duplicate(c, ctx_, *field, std::string(value->as_string()), "");
}

void RowWriter::keep_history(db::Connection& c, const RowPlan& p, const std::string& id, bool created) {
  // Admins only: the service refuses a history column of anyone else's file before it is read.
  if (!ctx_.is_admin()) return;
  const std::string& table = store_.spec().object;
  if (p.created_at)
    c.prepare("UPDATE " + table + " SET created_at = ? WHERE workspace_id = ? AND id = ?").bind_all({*p.created_at, ctx_.workspace_id, id}).run();
  if (table != "deals") return;
  auto closed = c.scalar("SELECT closed_at FROM deals WHERE workspace_id = ? AND id = ?", {ctx_.workspace_id, id});
  bool is_closed = std::holds_alternative<std::string>(closed);
  if (p.closed_at && is_closed)
    c.prepare("UPDATE deals SET closed_at = ? WHERE workspace_id = ? AND id = ?").bind_all({*p.closed_at, ctx_.workspace_id, id}).run();
  if (!p.stage_history.empty()) {
    keep_stage_history(c, p, id);
    return;
  }
  // An updated deal keeps the history it had: the dates below are those of a deal's one entry.
  if (!created) return;
  // The deal entered its stage when it closed (a won or lost deal), else when it was created.
  std::optional<std::string> entered = is_closed && p.closed_at ? p.closed_at : p.created_at;
  if (entered)
    c.prepare("UPDATE deal_stage_history SET changed_at = ? WHERE workspace_id = ? AND deal_id = ?")
        .bind_all({*entered, ctx_.workspace_id, id})
        .run();
}

void RowWriter::keep_stage_history(db::Connection& c, const RowPlan& p, const std::string& id) {
  // The file's history replaces the entry the write made (resolve_deal checked its stages, and that
  // the deal is in the last one); the deal entered its stage when the history says.
  auto pipeline = c.scalar("SELECT pipeline_id FROM deals WHERE workspace_id = ? AND id = ?", {ctx_.workspace_id, id});
  if (!std::holds_alternative<std::string>(pipeline)) return;
  c.prepare("DELETE FROM deal_stage_history WHERE workspace_id = ? AND deal_id = ?").bind_all({ctx_.workspace_id, id}).run();
  std::vector<db::Value> rows;
  rows.reserve(p.stage_history.size() * 6);
  db::Value from = nullptr;
  const db::Value actor = ctx_.actor().empty() ? db::Value(nullptr) : db::Value(ctx_.actor());
  for (const auto& e : p.stage_history) {
    auto to = lookups_.stage(c, std::get<std::string>(pipeline), e.stage);
    if (!to) continue;
    rows.insert(rows.end(), {ctx_.workspace_id, id, from, *to, e.at, actor});
    from = *to;
  }
  if (!rows.empty())
    db::insert_rows(c, "deal_stage_history(workspace_id, deal_id, from_stage_id, to_stage_id, changed_at, changed_by)",
                    {"TEXT", "TEXT", "TEXT", "TEXT", "TEXT", "TEXT"}, rows);
  c.prepare("UPDATE deals SET stage_entered_at = ? WHERE workspace_id = ? AND id = ?")
      .bind_all({p.stage_history.back().at, ctx_.workspace_id, id})
      .run();
}

Status RowWriter::write_row(db::Connection& c, const PlannedRow& row, std::string& outcome) {
  const RowPlan& p = row.plan;
  json::object body = p.body;
  if (auto st = resolve(c, p, body); !st) return st;
  std::string id;
  std::optional<std::string> existing = options_.on_duplicate == OnDuplicate::Create ? std::nullopt : duplicate_of(c, p);
  if (existing && options_.on_duplicate == OnDuplicate::Skip) {
    outcome = "skipped";
    return ok_status();
  }
  if (existing) {
    outcome = "updated";
    return update_row(c, p, body, *existing);
  }
  // insert_many of one body: the set-based path's rules and the import's journal (its `import` entry, a compact event).
  auto made = records::insert_many(c, ctx_, store_, {body}, &imported_);
  if (!made[0]) return made[0].take_problem();
  id = std::string(made[0]->at("id").as_string());
  outcome = "created";
  row_written_.push_back({0, static_cast<int64_t>(p.line), "created", id, "", import_.object});
  keep_history(c, p, id, true);
  if (!p.external_id.empty()) store::put_external_id(c, ctx_.workspace_id, import_.object, p.external_id, id);
  return ok_status();
}

Status RowWriter::update_row(db::Connection& c, const RowPlan& p, const json::object& body, const std::string& existing) {
  auto before = store_.find(c, ctx_, existing);
  // The file's history dates apply to the record it updates as to one it creates (a deal's stage
  // history replaces the one it had); the undo log keeps what they replace.
  const bool history = ctx_.is_admin() && (p.created_at || p.closed_at || !p.stage_history.empty());
  if (before && history) (*before)[kHistoryKey] = read_history(c, ctx_.workspace_id, store_.spec().object, existing);
  auto rec = records::update_existing(c, ctx_, store_, existing, body);
  if (!rec) return rec.take_problem();
  row_written_.push_back({0, static_cast<int64_t>(p.line), "updated", existing, before ? json::serialize(*before) : "", import_.object});
  if (history) keep_history(c, p, existing, false);
  if (!p.external_id.empty()) store::put_external_id(c, ctx_.workspace_id, import_.object, p.external_id, existing);
  journal::audit(c, ctx_, import_.object, existing, "import", journal::import_changes(import_.id, import_.file_name));
  return ok_status();
}

std::string RowWriter::match_key(const RowPlan& p) const {
  if (match_on_ == "external_id") return p.external_id;
  if (match_on_ != "email" && match_on_ != "domain") return {};
  const auto* value = p.body.if_contains(match_on_);
  const auto* field = store_.spec().field(match_on_);
  if (!value || !value->is_string() || !field) return {};
  return records::Store::duplicate_key(*field, value->as_string());
}

}  // namespace rapport::imports

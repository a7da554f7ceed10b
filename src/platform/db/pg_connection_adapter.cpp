#include "platform/db/pg_connection_adapter.hpp"

#include <algorithm>

namespace rapport::db {

namespace {
// PostgreSQL type OIDs (pg_type.h) of the columns read back as numbers.
constexpr unsigned kInt8 = 20, kInt2 = 21, kInt4 = 23, kFloat4 = 700, kFloat8 = 701, kNumeric = 1700, kBool = 16;
}  // namespace

std::string to_pg_placeholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int next = 1;
  char quote = 0;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (quote) {
      out.push_back(c);
      if (c == quote) quote = 0;  // a doubled quote re-enters the string at once: same result
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
      out.push_back(c);
      continue;
    }
    if (c != '?') {
      out.push_back(c);
      continue;
    }
    std::size_t j = i + 1;
    while (j < sql.size() && sql[j] >= '0' && sql[j] <= '9') ++j;
    out.push_back('$');
    if (j > i + 1) {
      out.append(sql.substr(i + 1, j - i - 1));  // ?NNN keeps its number
      i = j - 1;
    } else {
      out.append(std::to_string(next++));
    }
  }
  return out;
}

void PgAdapterStatement::reset() {
  params_.clear();
  result_.reset();
  row_ = -1;
}

Statement& PgAdapterStatement::bind(int index, const Value& v) {
  auto i = static_cast<std::size_t>(index - 1);
  if (params_.size() <= i) params_.resize(i + 1, nullptr);
  params_[i] = v;
  return *this;
}

bool PgAdapterStatement::step() {
  if (!result_) {
    result_.emplace(c_.exec(sql_, params_));
    *last_ = this;
    row_ = 0;
  } else {
    ++row_;
  }
  return row_ < result_->rows();
}

int64_t PgAdapterStatement::int64(int col) const {
  if (result_->type_oid(col) == kBool) return result_->text(row_, col) == "t" ? 1 : 0;
  return result_->int64(row_, col);
}

std::string_view PgAdapterStatement::text_view(int col) const {
  return result_->view(row_, col);  // owned by the result until the next reset(), as promised
}

Value PgAdapterStatement::value(int col) const {
  if (result_->is_null(row_, col)) return nullptr;
  switch (result_->type_oid(col)) {
    case kInt2:
    case kInt4:
    case kInt8:
    case kBool: return int64(col);
    case kFloat4:
    case kFloat8:
    case kNumeric: return result_->real(row_, col);
    default: return result_->text(row_, col);
  }
}

Statement& PgAdapterConnection::prepare(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end())
    it = cache_.emplace(sql, std::make_unique<PgAdapterStatement>(c_, to_pg_placeholders(sql), &last_)).first;
  it->second->reset();
  if (std::find(used_.begin(), used_.end(), it->second.get()) == used_.end()) used_.push_back(it->second.get());
  return *it->second;
}

void PgAdapterConnection::trim_cache(std::size_t max_statements) {
  used_.clear();
  if (cache_.size() > max_statements) {
    cache_.clear();
    last_ = nullptr;
  }
}

void PgAdapterConnection::reset_used() {
  for (auto* st : used_) st->reset();
  used_.clear();
}

}  // namespace rapport::db

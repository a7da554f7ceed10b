#include "platform/records/tagged_ids.hpp"

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "platform/db/in_list.hpp"

namespace rapport::records {

namespace {

std::size_t placeholders(std::string_view sql) { return static_cast<std::size_t>(std::count(sql.begin(), sql.end(), '?')); }

// Where the one tags condition of `where` is: [at, end). nullopt for none or several.
std::optional<std::pair<std::size_t, std::size_t>> tags_condition(const std::string& where) {
  const std::size_t at = where.find(kTagsCondition);
  if (at == std::string::npos || where.find(kTagsCondition, at + 1) != std::string::npos) return std::nullopt;
  const std::size_t tail = at + kTagsCondition.size();
  if (where.compare(tail, 4, " = ?") == 0) return std::make_pair(at, tail + 5);  // " = ?)"
  const std::size_t close = where.find("))", tail);                              // " IN (?, ?))"
  if (where.compare(tail, 4, " IN ") != 0 || close == std::string::npos) return std::nullopt;
  return std::make_pair(at, close + 2);
}

}  // namespace

CompiledList for_tag_size(db::Connection& c, const CompiledList& q, const std::string& table) {
  const auto found = tags_condition(q.where);
  // Every `?` of the conditions is a bound value (names come from the spec, values are bound).
  if (!found || placeholders(q.where) != q.params.size()) return q;
  const auto [at, end] = *found;
  const std::size_t param_at = placeholders(std::string_view(q.where).substr(0, at));
  const std::size_t param_count = placeholders(std::string_view(q.where).substr(at, end - at));
  const auto first = q.params.begin() + static_cast<std::ptrdiff_t>(param_at);
  const auto last = first + static_cast<std::ptrdiff_t>(param_count);

  // The condition's subquery alone (" AND id IN (" ... ")" taken off), limited.
  static const std::size_t head = std::string_view(" AND id IN (").size();
  const std::string subquery = q.where.substr(at + head, end - at - head - 1);
  std::vector<db::Value> params(first, last);
  params.emplace_back(static_cast<int64_t>(kFewTagged + 1));
  auto& st = c.prepare(subquery + " LIMIT ?");
  st.bind_all(params);
  std::size_t rows = 0;
  std::set<std::string> seen;  // `in` finds a record once per tag it holds
  std::vector<db::Value> ids;
  while (st.step()) {
    ++rows;
    if (std::string id = st.text(0); seen.insert(id).second) ids.emplace_back(std::move(id));
  }
  st.reset();
  CompiledList out = q;
  if (rows > kFewTagged) {
    // "SELECT record_id FROM record_tags WHERE ..." -> "SELECT 1 FROM record_tags WHERE ... AND record_id = <table>.id"
    static const std::size_t select = std::string_view("SELECT record_id").size();
    out.where = q.where.substr(0, at) + " AND EXISTS (SELECT 1" + subquery.substr(select) + " AND record_id = " + table + ".id)" +
                q.where.substr(end);
    return out;
  }

  std::string condition = ids.empty() ? " AND 1 = 0" : " AND id IN ";
  std::vector<db::Value> id_params;
  if (!ids.empty()) db::append_in_list(condition, id_params, ids);
  out.where = q.where.substr(0, at) + condition + q.where.substr(end);
  out.params.assign(q.params.begin(), first);
  out.params.insert(out.params.end(), id_params.begin(), id_params.end());
  out.params.insert(out.params.end(), last, q.params.end());
  return out;
}

}  // namespace rapport::records

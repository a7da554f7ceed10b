#include "platform/records/tagged_ids.hpp"

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "platform/db/in_list.hpp"

namespace rapport::records {

namespace {

std::size_t placeholders(std::string_view sql) { return static_cast<std::size_t>(std::count(sql.begin(), sql.end(), '?')); }

// Where the tags condition that begins at `at` ends: after " = ?)" or " IN (?, ?))"; nullopt when
// the text is not one compile_tags wrote.
std::optional<std::size_t> condition_end(const std::string& where, std::size_t at) {
  const std::size_t tail = at + kTagsCondition.size();
  if (where.compare(tail, 5, " = ?)") == 0) return tail + 5;
  const std::size_t close = where.find("))", tail);
  if (where.compare(tail, 4, " IN ") != 0 || close == std::string::npos) return std::nullopt;
  return close + 2;
}

// The condition [at, end) of out.where, whose values are out.params[param_at, param_at + count),
// replaced as its tag's size asks (tagged_ids.hpp).
void size_one(db::Connection& c, CompiledList& out, std::size_t at, std::size_t end, const std::string& table, std::size_t few) {
  const std::size_t param_at = placeholders(std::string_view(out.where).substr(0, at));
  const std::size_t param_count = placeholders(std::string_view(out.where).substr(at, end - at));
  const auto first = out.params.begin() + static_cast<std::ptrdiff_t>(param_at);
  const auto last = first + static_cast<std::ptrdiff_t>(param_count);

  // The condition's subquery alone (" AND id IN (" ... ")" taken off), limited.
  static const std::size_t head = std::string_view(" AND id IN (").size();
  const std::string subquery = out.where.substr(at + head, end - at - head - 1);
  std::vector<db::Value> params(first, last);
  params.emplace_back(static_cast<int64_t>(few + 1));
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
  if (rows > few) {
    // "SELECT record_id FROM record_tags WHERE ..." -> "SELECT 1 FROM record_tags WHERE ... AND record_id = <table>.id"
    static const std::size_t select = std::string_view("SELECT record_id").size();
    out.where = out.where.substr(0, at) + " AND EXISTS (SELECT 1" + subquery.substr(select) + " AND record_id = " + table + ".id)" +
                out.where.substr(end);
    return;
  }
  std::string condition = ids.empty() ? " AND 1 = 0" : " AND id IN ";
  std::vector<db::Value> id_params;
  if (!ids.empty()) db::append_in_list(condition, id_params, ids);
  out.where = out.where.substr(0, at) + condition + out.where.substr(end);
  std::vector<db::Value> values(out.params.begin(), first);
  values.insert(values.end(), id_params.begin(), id_params.end());
  values.insert(values.end(), last, out.params.end());
  out.params = std::move(values);
}

}  // namespace

CompiledList for_tag_size(db::Connection& c, const CompiledList& q, const std::string& table, std::size_t few) {
  // Every `?` of the conditions is a bound value (names come from the spec, values are bound).
  if (placeholders(q.where) != q.params.size()) return q;
  CompiledList out = q;
  // The last condition first: the text and the values before each one stay where they were.
  for (std::size_t at = out.where.rfind(kTagsCondition); at != std::string::npos;
       at = at == 0 ? std::string::npos : out.where.rfind(kTagsCondition, at - 1)) {
    const auto end = condition_end(out.where, at);
    if (!end) return q;
    size_one(c, out, at, *end, table, few);
  }
  return out;
}

}  // namespace rapport::records

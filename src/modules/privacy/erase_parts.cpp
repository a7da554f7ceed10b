#include "modules/privacy/erase_parts.hpp"

#include <algorithm>

#include "platform/ascii.hpp"

namespace rapport::privacy {
namespace json = boost::json;

void rewrite_audit(db::Connection& c, const access::Context& ctx, const std::string& object, const std::string& id,
                   const std::function<bool(json::array&)>& edit) {
  std::vector<std::pair<int64_t, json::array>> rows;
  auto& st = c.prepare("SELECT id, changes FROM audit_log WHERE workspace_id = ? AND object_type = ? AND object_id = ?");
  st.bind_all({ctx.workspace_id, object, id});
  while (st.step()) {
    auto v = json::parse(st.text(1));
    rows.emplace_back(st.int64(0), v.is_array() ? std::move(v.as_array()) : json::array{});
  }
  st.reset();
  for (auto& [row, changes] : rows)
    if (edit(changes))
      c.prepare("UPDATE audit_log SET changes = ? WHERE id = ?").bind_all({json::serialize(changes), row}).run();
}

std::string holds_lower_sql(db::Dialect dialect, const std::string& column) {
  return dialect == db::Dialect::Postgres ? "strpos(lower(" + column + " COLLATE \"C\"), ?) > 0" : "instr(lower(" + column + "), ?) > 0";
}

SqlTerms sql_terms(const std::string& first, const Needles& needles) {
  SqlTerms t;
  t.ascii.push_back(ascii::lower(first));
  for (const auto& n : needles.values()) {
    if (std::any_of(n.begin(), n.end(), [](char ch) { return static_cast<unsigned char>(ch) >= 0x80; })) t.beyond_ascii = true;
    else t.ascii.push_back(ascii::lower(n));
  }
  return t;
}

}  // namespace rapport::privacy

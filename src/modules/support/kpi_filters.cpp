#include "modules/support/kpi_filters.hpp"

#include "platform/records/scope.hpp"

namespace rapport::support::kpi {

void append_filters(std::string& sql, std::vector<db::Value>& params, const access::Context& ctx, const Query& q,
                    std::string_view prefix) {
  const std::pair<const char*, const std::string*> filters[] = {
      {"team_id", &q.team_id}, {"assignee_id", &q.assignee_id}, {"channel", &q.channel}, {"priority", &q.priority}};
  for (const auto& [column, value] : filters) {
    if (value->empty()) continue;
    sql.append(" AND ").append(prefix).append(column).append(" = ?");
    params.emplace_back(*value);
  }
  records::append_scope(sql, params, ctx, "tickets", access::Action::Read, prefix);
}

}  // namespace rapport::support::kpi

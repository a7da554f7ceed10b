#include "platform/records/keyset_query.hpp"

#include <algorithm>
#include <set>

#include "platform/clock.hpp"

namespace rapport::records::keyset {

namespace {

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

// Every parameter the spec takes, in the order its refusal lists them.
std::vector<std::string> accepted(const QuerySpec& spec) {
  std::vector<std::string> out{"limit", "cursor"};
  for (const auto& f : spec.filters) out.push_back(f.name);
  if (spec.time_window) {
    out.emplace_back("since");
    out.emplace_back("until");
  }
  return out;
}

std::optional<Problem> check(const Filter& f, const std::string& v) {
  if (!f.values.empty()) {
    if (std::find(f.values.begin(), f.values.end(), v) == f.values.end())
      return Problem::bad_request(f.name + " must be one of " + joined(f.values));
  } else if (v.empty() || v.size() > f.max_size) {
    return Problem::bad_request(f.name + " must have 1 to " + std::to_string(f.max_size) + " characters");
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> Query::value(std::string_view name) const {
  for (const auto& [k, v] : equal)
    if (k == name) return v;
  return std::nullopt;
}

void Query::append_where(const Order& order, std::string_view time_sql, std::string& sql,
                         std::vector<db::Value>& params) const {
  for (const auto& [name, v] : equal) {  // names come from the route's QuerySpec, never the request
    sql += " AND " + name + " = ?";
    params.emplace_back(v);
  }
  if (!time_sql.empty() && !since.empty()) {
    sql += " AND " + std::string(time_sql) + " >= ?";
    params.emplace_back(since);
  }
  if (!time_sql.empty() && !until.empty()) {
    sql += " AND " + std::string(time_sql) + " < ?";
    params.emplace_back(until);
  }
  if (after) sql += " AND " + after_sql(order, *after, params);
}

Result<Query> parse_query(const Order& order, const QuerySpec& spec,
                          const std::vector<std::pair<std::string, std::string>>& params) {
  Query q;
  std::set<std::string> seen;
  for (const auto& [k, v] : params) {
    if (!seen.insert(k).second) return Problem::bad_request("Query parameter '" + k + "' is given more than once");
    auto filter = std::find_if(spec.filters.begin(), spec.filters.end(), [&](const Filter& f) { return f.name == k; });
    if (k == "limit") {
      auto n = parse_limit(v);
      if (!n) return n.take_problem();
      q.limit = *n;
    } else if (k == "cursor") {
      auto c = parse_cursor(order, v);
      if (!c) return c.take_problem();
      q.after = std::move(*c);
    } else if (filter != spec.filters.end()) {
      if (auto bad = check(*filter, v)) return std::move(*bad);
      q.equal.emplace_back(k, v);
    } else if (spec.time_window && (k == "since" || k == "until")) {
      auto ms = clock::parse_datetime(v);
      if (!ms) return Problem::bad_request(k + " must be an RFC 3339 date-time, e.g. 2026-01-31T12:00:00Z");
      (k == "since" ? q.since : q.until) = clock::format_ms(*ms);
    } else {
      return Problem::bad_request("Unknown query parameter '" + k + "'; accepted: " + joined(accepted(spec)));
    }
  }
  if (!q.since.empty() && !q.until.empty() && q.since >= q.until) return Problem::bad_request("since must be before until");
  return q;
}

}  // namespace rapport::records::keyset

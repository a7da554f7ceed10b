#include "modules/analytics/report_output.hpp"

#include <algorithm>

namespace rapport::analytics {
namespace json = boost::json;

namespace {

json::value key_json(const Key& k, bool boolean) {
  if (auto* i = std::get_if<int64_t>(&k)) return boolean ? json::value(*i != 0) : json::value(*i);
  if (auto* r = std::get_if<double>(&k)) return json::value(*r);
  if (auto* s = std::get_if<std::string>(&k)) return json::value(*s);
  return json::value(nullptr);
}

const char* kind_name(GroupKind k) {
  switch (k) {
    case GroupKind::Field: return "field";
    case GroupKind::Owner: return "owner";
    case GroupKind::Team: return "team";
    case GroupKind::Time: return "time";
    case GroupKind::Date: return "date";
  }
  return "field";
}

Result<json::object> values_json(const Definition& d, const Group& g) {
  json::object values;
  for (std::size_t i = 0; i < d.measures.size(); ++i) {
    auto f = figure(d.measures[i], g.measures[i], g.currency);
    if (!f) return f.take_problem();
    values[d.measures[i].key] = std::move(*f);
  }
  return values;
}

}  // namespace

Result<json::object> report_json(const Definition& d, const ReportData& data, const std::string& time_zone) {
  const bool split = !d.currency_field.empty();
  json::array groups;
  for (const auto& g : d.group_by) {
    json::object o{{"key", g.key}, {"field", g.kind == GroupKind::Team ? "team" : g.field}, {"kind", kind_name(g.kind)}};
    if (g.bucket) o["bucket"] = bucket_name(*g.bucket);
    groups.push_back(std::move(o));
  }
  json::array measures;
  for (const auto& m : d.measures) {
    json::object o{{"key", m.key}, {"op", op_name(m.op)}, {"money", m.op != Op::Count && m.kind == ValueKind::Money}};
    if (!m.field.empty()) o["field"] = m.field;
    if (!m.currency.empty()) o["currency"] = m.currency;
    measures.push_back(std::move(o));
  }
  json::array rows, series, totals;
  // Series: (first group's value when there are two, currency) -> points, in the rows' order.
  std::vector<std::pair<std::pair<json::value, json::value>, json::array>> by_series;
  for (const auto& g : data.rows) {
    auto values = values_json(d, g);
    if (!values) return values.take_problem();
    json::array keys;
    for (std::size_t i = 0; i < g.keys.size(); ++i) keys.push_back(key_json(g.keys[i], d.group_by[i].boolean));
    json::object row{{"groups", keys}};
    if (split) row["currency"] = key_json(g.currency, false);
    row["values"] = *values;
    rows.push_back(std::move(row));
    if (keys.empty()) continue;
    std::pair<json::value, json::value> name{keys.size() == 2 ? keys[0] : json::value(nullptr), split ? key_json(g.currency, false) : json::value(nullptr)};
    auto it = std::find_if(by_series.begin(), by_series.end(), [&](const auto& s) { return s.first == name; });
    if (it == by_series.end()) {
      by_series.push_back({name, {}});
      it = by_series.end() - 1;
    }
    it->second.push_back(json::object{{"x", keys.back()}, {"values", std::move(*values)}});
  }
  for (auto& [name, points] : by_series) {
    json::object s{{"name", name.first}};
    if (split) s["currency"] = name.second;
    s["points"] = std::move(points);
    series.push_back(std::move(s));
  }
  for (const auto& g : data.totals) {
    auto values = values_json(d, g);
    if (!values) return values.take_problem();
    json::object t;
    if (split) t["currency"] = key_json(g.currency, false);
    t["values"] = std::move(*values);
    totals.push_back(std::move(t));
  }
  if (totals.empty()) {  // no record matched: the figures of nothing
    Group none{{}, {}, std::vector<Gathered>(d.measures.size())};
    auto values = values_json(d, none);
    if (!values) return values.take_problem();
    json::object t;
    if (split) t["currency"] = nullptr;
    t["values"] = std::move(*values);
    totals.push_back(std::move(t));
  }
  return json::object{{"object", d.spec->object}, {"time_zone", time_zone},   {"group_by", std::move(groups)},
                      {"measures", std::move(measures)}, {"currency_split", split}, {"rows", std::move(rows)},
                      {"series", std::move(series)},     {"totals", std::move(totals)}, {"truncated", data.truncated}};
}

Status write_table(const Definition& d, const ReportData& data, exports::TableWriter& out) {
  const bool split = !d.currency_field.empty();
  std::vector<std::string> header;
  for (const auto& g : d.group_by) header.push_back(g.key);
  if (split) header.emplace_back("currency");
  for (const auto& m : d.measures) header.push_back(m.key);
  out.header(header);
  auto cell_of = [](const json::value& v) -> exports::Cell {
    if (v.is_int64()) return v.as_int64();
    if (v.is_double()) return v.as_double();
    if (v.is_bool()) return std::string(v.as_bool() ? "true" : "false");
    if (v.is_string()) return std::string(v.as_string());
    return std::monostate{};
  };
  auto write = [&](const Group& g, bool total) -> Status {
    std::vector<exports::Cell> cells;
    for (std::size_t i = 0; i < d.group_by.size(); ++i)
      cells.push_back(total ? exports::Cell(std::string(i == 0 ? "Total" : "")) : cell_of(key_json(g.keys[i], d.group_by[i].boolean)));
    if (split) cells.push_back(cell_of(key_json(g.currency, false)));
    for (std::size_t i = 0; i < d.measures.size(); ++i) {
      auto f = figure(d.measures[i], g.measures[i], g.currency);
      if (!f) return f.take_problem();
      cells.push_back(cell_of(*f));
    }
    out.row(cells);
    return ok_status();
  };
  for (const auto& g : data.rows)
    if (auto st = write(g, false); !st) return st;
  if (!d.group_by.empty())  // without group-bys the rows are the totals already
    for (const auto& g : data.totals)
      if (auto st = write(g, true); !st) return st;
  return ok_status();
}

}  // namespace rapport::analytics

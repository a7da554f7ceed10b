#include "modules/analytics/dashboard_widgets.hpp"

#include <algorithm>

#include "modules/analytics/buckets.hpp"
#include "modules/analytics/saved_item_store.hpp"
#include "modules/analytics/sharing.hpp"
#include "platform/ids.hpp"
#include "platform/records/scope.hpp"
#include "platform/records/spec_of.hpp"

namespace rapport::analytics {
namespace json = boost::json;

namespace {

std::optional<int64_t> integer(const json::object& w, const char* key, int64_t min, int64_t max, const std::string& path,
                               std::vector<FieldError>& errors) {
  const auto* v = w.if_contains(key);
  if (!v || !v->is_int64() || v->as_int64() < min || v->as_int64() > max) {
    errors.push_back({path + "." + key, v ? "range" : "required", "must be an integer from " + std::to_string(min) + " to " + std::to_string(max)});
    return std::nullopt;
  }
  return v->as_int64();
}

}  // namespace

Result<json::array> check_widgets(db::Connection& c, const identity::Context& ctx, const json::value& widgets,
                                  const std::vector<std::string>& teams, const std::vector<const records::ObjectSpec*>& specs) {
  std::vector<FieldError> errors;
  if (!widgets.is_array() || widgets.as_array().size() > kMaxWidgets)
    return Problem::invalid({{"widgets", "type", "must be an array of at most " + std::to_string(kMaxWidgets) + " widgets"}});
  json::array out;
  for (std::size_t i = 0; i < widgets.as_array().size(); ++i) {
    const std::string path = "widgets." + std::to_string(i);
    const json::value& v = widgets.as_array()[i];
    if (!v.is_object()) {
      errors.push_back({path, "type", "must be an object"});
      continue;
    }
    const json::object& w = v.as_object();
    for (const auto& kv : w) {
      static const std::vector<std::string> keys = {"saved_report_id", "type", "chart", "x", "y", "w", "h", "period"};
      if (std::find(keys.begin(), keys.end(), std::string(kv.key())) == keys.end())
        errors.push_back({path + "." + std::string(kv.key()), "unknown", "is not a widget key (saved_report_id, type, chart, x, y, w, h, period)"});
    }
    json::object n;
    const auto* id = w.if_contains("saved_report_id");
    std::optional<SavedItem> report;
    if (id && id->is_string() && ids::is_uuid(id->as_string())) report = item_store::find(c, kSavedReports, ctx.workspace_id, std::string(id->as_string()));
    if (!report || !may_see(ctx, report->sharing, teams) ||
        ctx.scope(report->object_type, identity::Action::Read) == identity::Scope::None) {
      errors.push_back({path + ".saved_report_id", id ? "not_found" : "required", "must name a saved report you may see"});
      report.reset();
    } else {
      n["saved_report_id"] = report->id;
    }
    const auto* type = w.if_contains("type");
    const std::string t = type && type->is_string() ? std::string(type->as_string()) : "";
    if (t != "chart" && t != "table" && t != "kpi") errors.push_back({path + ".type", type ? "enum" : "required", "must be chart, table or kpi"});
    else n["type"] = t;
    if (const auto* chart = w.if_contains("chart")) {
      const std::string ch = chart->is_string() ? std::string(chart->as_string()) : "";
      if (t != "chart") errors.push_back({path + ".chart", "unexpected", "only a chart widget has a chart type"});
      else if (ch != "bar" && ch != "line" && ch != "area" && ch != "pie") errors.push_back({path + ".chart", "enum", "must be bar, line, area or pie"});
      else n["chart"] = ch;
    }  // a chart widget without one draws its report's chart type (definition.chart, else bar)
    auto x = integer(w, "x", 0, 11, path, errors), width = integer(w, "w", 1, 12, path, errors);
    auto y = integer(w, "y", 0, 1000, path, errors), h = integer(w, "h", 1, 24, path, errors);
    if (x && width && *x + *width > 12) errors.push_back({path + ".w", "range", "x + w must be at most 12 (the grid's columns)"});
    if (x && y && width && h) {
      n["x"] = *x;
      n["y"] = *y;
      n["w"] = *width;
      n["h"] = *h;
    }
    const auto* period = w.if_contains("period");
    if (t == "kpi" && !period) errors.push_back({path + ".period", "required", "a KPI tile compares one period of a date or time with the previous"});
    if (period && t != "kpi") errors.push_back({path + ".period", "unexpected", "only a KPI tile has a period"});
    if (period && t == "kpi") {
      const json::object* p = period->if_object();
      const auto* field = p ? p->if_contains("field") : nullptr;
      const auto* bucket = p ? p->if_contains("bucket") : nullptr;
      // The bucket as a plain value (an optional here makes GCC 12 warn wrongly of an uninitialised read).
      const Bucket b = (bucket && bucket->is_string() ? parse_bucket(bucket->as_string()) : std::nullopt).value_or(Bucket::Day);
      if (b == Bucket::Day) errors.push_back({path + ".period.bucket", "enum", "must be week, month, quarter or year"});
      const records::ObjectSpec* spec = report ? records::spec_of(specs, report->object_type) : nullptr;
      const records::FieldSpec* f = spec && field && field->is_string() ? records::find_field(*spec, field->as_string()) : nullptr;
      if (report && (!f || (f->type != records::FieldType::DateTime && f->type != records::FieldType::Date) || f->name == "deleted_at"))
        errors.push_back({path + ".period.field", "type", "must be a date or time field of the report's object"});
      else if (report && records::is_hidden(ctx, report->object_type, f->name))
        return Problem::forbidden("Your role cannot filter on '" + f->name + "'");
      if (f && b != Bucket::Day) n["period"] = json::object{{"field", f->name}, {"bucket", bucket_name(b)}};
    }
    out.push_back(std::move(n));
  }
  if (!errors.empty()) return Problem::invalid(std::move(errors), "The dashboard's widgets have invalid parts");
  return out;
}

}  // namespace rapport::analytics

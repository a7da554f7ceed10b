#include "modules/analytics/dashboard_data.hpp"

#include "access/workspace_settings.hpp"
#include "modules/analytics/periods.hpp"
#include "modules/analytics/report_output.hpp"
#include "modules/analytics/report_service.hpp"
#include "platform/clock.hpp"
#include "platform/records/spec_of.hpp"

namespace rapport::analytics {
namespace json = boost::json;

namespace {

json::object problem_json(const Problem& p) { return json::object{{"status", p.status}, {"detail", p.detail}}; }

// The report's answer for the definition with the period's bounds added to its filter.
Result<json::object> run_json(db::Database& db, const identity::Context& ctx, json::object definition,
                              const std::vector<const records::ObjectSpec*>& specs) {
  auto answer = run_definition(db, ctx, definition, specs);
  if (!answer) return answer.take_problem();
  return report_json(answer->definition, answer->data, answer->time_zone);
}

// definition.filter[field] gains gte from and lt to (a filter of the saved report on the same field
// with the same operator gives way: the tile's period decides).
json::object within(json::object definition, const std::string& field, const Period& p) {
  json::value& filter = definition["filter"];
  if (!filter.is_object()) filter = json::object{};
  json::value& conditions = filter.as_object()[field];
  if (!conditions.is_object()) conditions = json::object{};
  conditions.as_object()["gte"] = p.from;
  conditions.as_object()["lt"] = p.to;
  return definition;
}

}  // namespace

json::array kpi_changes(const json::array& current, const json::array& previous) {
  json::array out;
  for (const auto& c : current) {
    const json::value* currency = c.as_object().if_contains("currency");
    for (const auto& p : previous) {
      const json::value* pc = p.as_object().if_contains("currency");
      if ((currency == nullptr) != (pc == nullptr) || (currency && *currency != *pc)) continue;
      json::object delta;
      for (const auto& kv : c.at("values").as_object()) {
        const json::value* before = p.at("values").as_object().if_contains(kv.key());
        if (!before || !kv.value().is_number() || !before->is_number()) continue;
        if (kv.value().is_int64() && before->is_int64()) {
          int64_t d = 0;
          if (!__builtin_sub_overflow(kv.value().as_int64(), before->as_int64(), &d)) delta[kv.key()] = d;
        } else {
          delta[kv.key()] = kv.value().to_number<double>() - before->to_number<double>();
        }
      }
      json::object entry;
      if (currency) entry["currency"] = *currency;
      entry["values"] = std::move(delta);
      out.push_back(std::move(entry));
    }
  }
  return out;
}

Result<json::object> dashboard_data(db::Database& db, const identity::Context& ctx, const SavedItemService& dashboards,
                                    const SavedItemService& reports, const std::string& id,
                                    const std::vector<const records::ObjectSpec*>& specs) {
  auto board = dashboards.get(ctx, id);
  if (!board) return board.take_problem();
  const std::string zone_name = db.read([&](db::Connection& c) { return access::workspace_time_zone(c, ctx.workspace_id); });
  auto zone = jobs::time_zone(zone_name.empty() ? "UTC" : zone_name);
  if (!zone) zone = jobs::time_zone("UTC");
  const int64_t now = clock::now_ms();
  json::array out;
  const json::array& widgets = board->payload.as_array();
  for (std::size_t i = 0; i < widgets.size(); ++i) {
    const json::object& w = widgets[i].as_object();
    json::object entry = w;
    entry["index"] = i;
    auto report = reports.get(ctx, std::string(w.at("saved_report_id").as_string()));
    if (!report) {
      entry["problem"] = problem_json(report.problem());
      out.push_back(std::move(entry));
      continue;
    }
    entry["name"] = report->name;
    const json::object& definition = report->payload.as_object();
    if (w.at("type") != "kpi") {
      auto r = run_json(db, ctx, definition, specs);
      if (r) entry["report"] = std::move(*r);
      else entry["problem"] = problem_json(r.problem());
      out.push_back(std::move(entry));
      continue;
    }
    const std::string field(w.at("period").at("field").as_string());
    const Bucket bucket = *parse_bucket(w.at("period").at("bucket").as_string());
    const records::ObjectSpec* spec = records::spec_of(specs, report->object_type);
    const records::FieldSpec* f = spec ? records::find_field(*spec, field) : nullptr;
    const bool dates = f && f->type == records::FieldType::Date;
    json::object kpi;
    std::optional<Problem> failed;
    json::array totals[2];
    for (int offset : {0, -1}) {
      const Period p = period_of(bucket, offset, now, *zone, dates);
      auto r = run_json(db, ctx, within(definition, field, p), specs);
      if (!r) {
        failed = r.take_problem();
        break;
      }
      totals[offset == 0 ? 0 : 1] = r->at("totals").as_array();
      kpi[offset == 0 ? "current" : "previous"] = json::object{{"from", p.from}, {"to", p.to}, {"totals", r->at("totals")}};
    }
    if (failed) {
      entry["problem"] = problem_json(*failed);
    } else {
      kpi["change"] = kpi_changes(totals[0], totals[1]);
      entry["kpi"] = std::move(kpi);
    }
    out.push_back(std::move(entry));
  }
  return json::object{{"id", board->id}, {"name", board->name}, {"version", board->version}, {"time_zone", zone->id()}, {"widgets", std::move(out)}};
}

}  // namespace rapport::analytics

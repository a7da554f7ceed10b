// The schema of the support KPIs (GET /api/v1/reports/support, modules/support/kpi_report.hpp).
#include "app/openapi_schema.hpp"

namespace rapport::app {
namespace json = boost::json;

void add_support_report_schema(json::object& schemas) {
  const json::object count{{"type", "integer"}, {"minimum", 0}};
  const json::object nseconds{{"type", json::array{"integer", "null"}}, {"minimum", 0}};
  const json::object nnumber{{"type", json::array{"number", "null"}}};
  const json::object key = described(str(), "What the row stands for: a day, a priority, a status, a channel, ...");
  const json::object nkey = described(nstr(), "A user's or team's id; null: unassigned, or no team");
  const json::object label = described(str(), "A display name (English) of the key");
  json::object times{{"count", count},
                     {"median_seconds", nseconds},
                     {"p90_seconds", nseconds},
                     {"business_median_seconds", nseconds},
                     {"business_p90_seconds", nseconds}};
  const json::array times_required{"count", "median_seconds", "p90_seconds", "business_median_seconds", "business_p90_seconds"};
  json::object times_row = times;
  times_row["key"] = key;
  times_row["label"] = label;
  json::array times_row_required = times_required;
  times_row_required.insert(times_row_required.end(), {"key", "label"});
  json::object section = times;
  section["by_priority"] = array_of(obj(times_row, times_row_required));
  json::array section_required = times_required;
  section_required.push_back("by_priority");
  const json::object durations = obj(section, section_required);

  const json::object value_row = obj({{"key", key}, {"label", label}, {"value", count}}, {"key", "label", "value"});
  json::object attainment{{"met", count}, {"breached", count}, {"total", count},
                          {"ratio", described(nnumber, "met / total, four decimals; null when total is 0")}};
  json::object attainment_row = attainment;
  attainment_row["key"] = key;
  attainment_row["label"] = label;
  json::object sla = attainment;
  sla["by_target"] = array_of(obj(attainment_row, {"key", "label", "met", "breached", "total", "ratio"}));
  sla["by_policy"] = described(array_of(obj(attainment_row, {"key", "label", "met", "breached", "total", "ratio"})),
                               "Policies by position; key: the policy's id");
  sla["by_priority"] = array_of(obj(attainment_row, {"key", "label", "met", "breached", "total", "ratio"}));
  auto flow_row = [&](const json::object& k) {
    return obj({{"key", k}, {"label", label}, {"created", count}, {"solved", count}}, {"key", "label", "created", "solved"});
  };
  const json::object volume = obj({{"created", count},
                                   {"solved", count},
                                   {"by_day", described(array_of(flow_row(key)), "Every day of the range in the workspace's time zone, key YYYY-MM-DD")},
                                   {"by_channel", array_of(flow_row(key))},
                                   {"by_agent", array_of(flow_row(nkey))},
                                   {"by_team", array_of(flow_row(nkey))}},
                                  {"created", "solved", "by_day", "by_channel", "by_agent", "by_team"});
  const json::object nfilter = nstr();
  schemas["SupportReport"] = obj(
      {{"from", described(str(), "The range's start (RFC 3339, included)")},
       {"to", described(str(), "The range's end (RFC 3339, excluded)")},
       {"as_of", described(str(), "When the report was made: the backlog's ages and the breaches of unmet targets are judged then")},
       {"filters", obj({{"team_id", nfilter}, {"assignee_id", nfilter}, {"channel", nfilter}, {"priority", nfilter}})},
       {"time_zone", described(str(), "The workspace's time zone: the range's dates and the days of volume.by_day are its")},
       {"percentile", described(str(), "nearest-rank")},
       {"first_response", durations},
       {"next_response", described(durations, "Each customer message that followed a reply, to the agent's next public reply, "
                                              "counted when that reply fell in the range")},
       {"resolution", durations},
       {"backlog", obj({{"total", count}, {"by_status", array_of(value_row)}, {"by_age", array_of(value_row)}},
                       {"total", "by_status", "by_age"})},
       {"sla", obj(sla, {"met", "breached", "total", "ratio", "by_target", "by_policy", "by_priority"})},
       {"volume", volume},
       {"satisfaction", obj({{"responses", count}, {"good", count}, {"bad", count},
                             {"csat_percent", described(nnumber, "good × 100 / responses, one decimal; null without responses")}},
                            {"responses", "good", "bad", "csat_percent"})}},
      {"from", "to", "as_of", "filters", "time_zone", "percentile", "first_response", "next_response", "resolution", "backlog", "sla", "volume", "satisfaction"});
}

}  // namespace rapport::app

#include "modules/analytics/routes.hpp"

#include <memory>

#include "modules/analytics/dashboard_data.hpp"
#include "modules/analytics/report_output.hpp"
#include "modules/analytics/report_schedule_service.hpp"
#include "modules/analytics/report_service.hpp"
#include "modules/analytics/saved_item_service.hpp"
#include "platform/export/table.hpp"
#include "platform/http/crud_routes.hpp"

namespace rapport::analytics {
namespace json = boost::json;
using http::Request;
using http::Response;

namespace {

constexpr const char* kXlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

std::string param(const Request& req, const std::string& key) {
  for (const auto& [k, v] : req.query)
    if (k == key) return v;
  return "";
}

// The rows as a whole file (a report has at most kMaxGroups rows, so it is built in memory).
Result<std::string> table_bytes(const RunAnswer& a, bool xlsx) {
  auto writer = xlsx ? exports::xlsx_table("Report") : exports::csv_table(false);
  if (auto st = write_table(a.definition, a.data, *writer); !st) return st.take_problem();
  std::string out;
  writer->drain(out);
  while (writer->finish(out)) {
  }
  return out;
}

// The handlers of a SavedItemService (its bodies read by read_item_body).
http::CrudHandlers<SavedItem> handlers(std::shared_ptr<SavedItemService> s) {
  const ItemKind* kind = &s->kind();
  return http::service_handlers<SavedItem>(s, [kind](const json::object& body, bool creating) { return read_item_body(*kind, body, creating); });
}

// Scheduled report emails (report_schedule_service.hpp). `reports` is kept alive by the routes.
void add_schedule_routes(http::Api& api, std::shared_ptr<ReportScheduleService> schedules, std::shared_ptr<SavedItemService> reports) {
  const std::string who =
      "The saved report must be one the caller sees (404 otherwise). Only its owner creates schedules (the report is "
      "always run as the owner, so no recipient gets more than the owner may see); the owner, and an admin for a "
      "shared report, list, send and delete them (403 otherwise).";
  api.route(
      "GET", "/api/v1/saved-reports/{id}/schedules",
      [schedules, reports](Request& req, const access::Context& ctx) -> Response {
        auto list = schedules->list(ctx, req.param("id"));
        if (!list) return http::fail(list.problem(), req);
        json::array data;
        for (const auto& s : *list) data.push_back(s.to_json());
        return http::json(200, json::object{{"data", std::move(data)}});
      },
      {.summary = "List a saved report's email schedules", .description = who, .tag = "Reports", .response_schema = "ReportScheduleList",
       .restricted = true});
  api.route(
      "POST", "/api/v1/saved-reports/{id}/schedules",
      [schedules](Request& req, const access::Context& ctx) -> Response {
        if (auto may = schedules->may_create(ctx, req.param("id")); !may) return http::fail(may.problem(), req);
        auto body = http::parse_json_object(req);
        if (!body) return http::fail(body.problem(), req);
        auto s = schedules->create(ctx, req.param("id"), *body);
        if (!s) return http::fail(s.problem(), req);
        return http::json(201, s->to_json());
      },
      {.summary = "Have a saved report emailed daily, weekly or monthly",
       .description = "frequency daily, weekly (weekday 0 = Sunday to 6) or monthly (month_day 1-28), at time HH:MM on "
                      "time_zone's wall clock (an IANA zone; default the workspace's), to user_ids (active users of the "
                      "workspace) and emails (addresses), 1 to 20 together. Each recipient gets one message: the report "
                      "as an HTML table with its CSV attached, sent through the workspace's email settings (with the "
                      "email jobs' retries). At most 10 schedules a report (409). " + who,
       .tag = "Reports",
       .request_schema = "ReportScheduleInput",
       .response_schema = "ReportSchedule",
       .success_status = 201,
       .restricted = true,
       .problems = {{409, "The report has 10 schedules already"}}});
  api.route(
      "DELETE", "/api/v1/saved-reports/{id}/schedules/{schedule_id}",
      [schedules](Request& req, const access::Context& ctx) -> Response {
        if (auto st = schedules->remove(ctx, req.param("id"), req.param("schedule_id")); !st) return http::fail(st.problem(), req);
        return http::no_content();
      },
      {.summary = "Stop a report schedule", .description = who, .tag = "Reports", .success_status = 204, .restricted = true});
  api.route(
      "POST", "/api/v1/saved-reports/{id}/schedules/{schedule_id}/send",
      [schedules](Request& req, const access::Context& ctx) -> Response {
        auto job = schedules->send_now(ctx, req.param("id"), req.param("schedule_id"));
        if (!job) return http::fail(job.problem(), req);
        return http::json(202, json::object{{"job_id", *job}});
      },
      {.summary = "Send a scheduled report now, to the schedule's recipients",
       .description = "Enqueues the schedule's run at once (the schedule itself is unchanged); the answer names the job "
                      "(GET /api/v1/jobs/{id} for admins). " + who,
       .tag = "Reports",
       .response_schema = "ReportScheduleSent",
       .success_status = 202,
       .restricted = true});
}

void add_saved_item_routes(http::Api& api, db::Database& db, const std::vector<const records::ObjectSpec*>& specs) {
  auto reports = std::make_shared<SavedItemService>(kSavedReports, db, specs);
  auto dashboards = std::make_shared<SavedItemService>(kDashboards, db, specs);
  const std::string who =
      "A private one is its owner's alone (404 to anyone else); a team one is seen by the team's members and admins; a "
      "workspace one by every member. Only the owner, or an admin for a shared one, changes or deletes it.";
  http::add_crud_routes<SavedItem>(
      api, {.path = "/api/v1/saved-reports",
            .tag = "Reports",
            .schema = "SavedReport",
            .list_doc = {.summary = "List the saved reports the caller sees (their own, their teams', the workspace's)",
                         .description = "By name. Reports of an object the caller's role does not read are left out. " + who},
            .create_doc = {.summary = "Save a report definition: private, for a team, or for the workspace",
                           .description = "definition is checked as POST /api/v1/reports/run checks it, under the caller's role, "
                                          "and stored normalised; errors name definition.<path>. team_id (with visibility team) "
                                          "is a team the caller is in (admins: any). At most 1000 per workspace (409). " + who,
                           .problems = {{409, "The workspace has 1000 saved reports already"}}},
            .read_doc = {.summary = "Read a saved report", .description = who},
            .change_doc = {.summary = "Change a saved report (its owner, or an admin for a shared one)",
                           .description = "Checked as at creation; a definition sent is checked again under the caller's role."},
            .delete_doc = {.summary = "Delete a saved report (its owner, or an admin for a shared one)",
                           .description = "Dashboard widgets showing it then say so (their problem is a 404)."},
            .handlers = handlers(reports)});
  http::add_crud_routes<SavedItem>(
      api, {.path = "/api/v1/dashboards",
            .tag = "Reports",
            .schema = "Dashboard",
            .list_doc = {.summary = "List the dashboards the caller sees (their own, their teams', the workspace's)", .description = who},
            .create_doc = {.summary = "Create a dashboard: a grid of widgets showing saved reports",
                           .description = "widgets (at most 50): saved_report_id (a saved report the caller sees), type chart "
                                          "(chart bar, line, area or pie; none: the report's definition.chart), table or kpi (period {field, bucket}: a date or time field "
                                          "and week, month, quarter or year), x 0-11, w 1-12 (x + w <= 12), y 0-1000, h 1-24. At "
                                          "most 200 per workspace (409). " + who,
                           .problems = {{409, "The workspace has 200 dashboards already"}}},
            .read_doc = {.summary = "Read a dashboard", .description = who},
            .change_doc = {.summary = "Change a dashboard (its owner, or an admin for a shared one)",
                           .description = "Widgets sent are checked as at creation, under the caller's role."},
            .delete_doc = {.summary = "Delete a dashboard (its owner, or an admin for a shared one)"},
            .handlers = handlers(dashboards)});
  api.route(
      "GET", "/api/v1/dashboards/{id}/data",
      [&db, &specs, reports, dashboards](Request& req, const access::Context& ctx) -> Response {
        auto out = dashboard_data(db, ctx, *dashboards, *reports, req.param("id"), specs);
        if (!out) return http::fail(out.problem(), req);
        return http::json(200, *out);
      },
      {.summary = "A dashboard's figures: each widget's saved report run for the caller",
       .description = "Each widget as stored, with `report` (the answer of POST /api/v1/reports/run for its saved report, "
                      "under the caller's scope and field rules), or for a KPI tile `kpi`: the totals of the current "
                      "period of its field (`current`, on the workspace time zone's wall clock, from included, to "
                      "excluded), of the previous one (`previous`) and their difference per measure (`change`). A widget "
                      "whose report is gone, not visible to the caller or refused carries `problem` {status, detail} instead.",
       .tag = "Reports",
       .response_schema = "DashboardData"});
  add_schedule_routes(api, std::make_shared<ReportScheduleService>(db, *reports), reports);
}

}  // namespace

void add_routes(http::Api& api, db::Database& db, const std::vector<const records::ObjectSpec*>& specs) {
  api.route(
         "POST", "/api/v1/reports/run",
         [&db, &specs](Request& req, const access::Context& ctx) -> Response {
           const std::string format = param(req, "format");
           if (!format.empty() && format != "json" && format != "csv" && format != "xlsx")
             return http::fail(Problem::bad_request("format must be json, csv or xlsx"), req);
           auto body = http::parse_json_object(req);
           if (!body) return http::fail(body.problem(), req);
           auto answer = run_definition(db, ctx, *body, specs);
           if (!answer) return http::fail(answer.problem(), req);
           if (format == "csv" || format == "xlsx") {
             auto bytes = table_bytes(*answer, format == "xlsx");
             if (!bytes) return http::fail(bytes.problem(), req);
             Response res;
             res.body = std::move(*bytes);
             res.content_type = format == "xlsx" ? kXlsx : "text/csv; charset=utf-8";
             res.header("Content-Disposition", "attachment; filename=\"report-" + answer->definition.spec->object + "." + format + "\"");
             return res;
           }
           auto out = report_json(answer->definition, answer->data, answer->time_zone);
           if (!out) return http::fail(out.problem(), req);
           return http::json(200, *out);
         },
         {.summary = "Run a report: records of one object filtered, grouped (up to two group-bys) and measured",
          .description =
              "The body is a report definition: `object`, `filter` (`{field: {operator: value}}`, the list filter "
              "language, custom fields as `custom.<name>`), `group_by` (at most two: a field, `owner_id`, `team`, or "
              "`{\"field\": <date or time>, \"bucket\": \"day\"|\"week\"|\"month\"|\"quarter\"|\"year\"}`, times on "
              "the workspace time zone's wall clock, weeks ISO 8601), `measures` (1-8 of count, sum, avg, min, max, "
              "median over integer, number and money fields), `sort` (a measure's or group-by's key, `-` for "
              "descending) and `limit`. Only records the caller may read count; a field the caller's role hides cannot "
              "be filtered, grouped or measured (403). A money field held with its record's currency splits every "
              "figure by currency (`currency_split`): amounts are never added across currencies. Averages and medians "
              "of money are in minor units, rounded half away from zero. A report of more than 2000 rows, a median over "
              "more than 2,000,000 values or a sum beyond int64 is a 422. `format=csv` or `xlsx` answers the rows (and "
              "the totals) as a file.",
          .tag = "Reports",
          .request_schema = "ReportDefinition",
          .response_schema = "ReportResult",
          .more_content_types = {"text/csv", kXlsx},
          .query_params = {{"format", "The answer's format (default json)", "string", "", {"json", "csv", "xlsx"}}},
          .restricted = true,
          .problems = {{422, "An invalid definition, a report too large, or a sum beyond int64 (amount-overflow)"}}})
      .body_limit = kMaxDefinitionBytes;
  add_saved_item_routes(api, db, specs);
}

}  // namespace rapport::analytics

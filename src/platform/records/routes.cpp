#include "platform/records/routes.hpp"

#include "platform/ids.hpp"
#include "platform/records/history_restore.hpp"
#include "platform/json_canonical.hpp"
#include "platform/records/export.hpp"
#include "platform/records/list_query.hpp"

namespace rapport::records {
namespace json = boost::json;
using http::Request;
using http::Response;

http::Response write_response(const WriteResult& r) {
  Response res;
  res.status = r.status;
  res.body = r.body;
  if (!r.etag.empty()) res.header("ETag", r.etag);
  if (!r.location.empty()) res.header("Location", r.location);
  if (r.replayed) res.header("Idempotent-Replayed", "true");
  return res;
}

Result<IdempotentRequest> idempotent_request(const http::Request& req, const json::object& body) {
  IdempotentRequest out{std::string(req.header("Idempotency-Key")), {}};
  if (out.key.size() > 255) return Problem::bad_request("Idempotency-Key has at most 255 characters");
  if (!out.key.empty())
    out.hash = ids::token_hash(std::string(req.method()) + " " + req.path + "\n" + json_canonical::text(body));
  return out;
}

namespace {

std::vector<http::RouteDoc::ListField> documented_list_fields(const ObjectSpec& spec) {
  std::vector<http::RouteDoc::ListField> out;
  for (auto& f : list_fields(spec)) {
    http::RouteDoc::ListField doc{.name = f.name, .sortable = f.sortable, .operators = std::move(f.operators),
                                  .type = f.value_type};
    if (!f.format.empty()) doc.format = f.format;
    doc.list = f.list;
    doc.description = std::move(f.description);
    out.push_back(std::move(doc));
  }
  return out;
}

}  // namespace

void add_record_routes(http::Api& api, Service& svc, CreatedNotice notice) {
  const ObjectSpec& s = svc.spec();
  const std::string base = "/api/v1/" + s.object;
  const std::string one = base + "/{id}";
  const std::string& title = s.title;
  Service* service = &svc;

  api.route("GET", base,
            [service](Request& req, const identity::Context& ctx) -> Response {
              auto r = service->list(ctx, req.query);
              if (!r) return http::fail(r.problem(), req);
              Response res;
              res.body = std::move(*r);
              return res;
            },
            {.summary = "List " + s.object, .tag = title, .response_schema = title + "Page", .list = true,
             .list_fields = documented_list_fields(s), .default_sort = s.default_sort});

  api.route("POST", base,
            [service, notice](Request& req, const identity::Context& ctx) -> Response {
              auto body = http::parse_json_object(req);
              if (!body) return http::fail(body.problem(), req);
              auto idem = idempotent_request(req, *body);
              if (!idem) return http::fail(idem.problem(), req);
              auto r = service->create(ctx, *body, idem->key, idem->hash);
              if (!r) return http::fail(r.problem(), req);
              Response res = write_response(*r);
              if (notice && r->status == 201 && !r->replayed)
                for (const auto& [name, value] : notice(ctx, r->location.substr(r->location.rfind('/') + 1)))
                  res.header(name, value);
              return res;
            },
            {.summary = "Create a " + s.singular,
             .description = notice ? "When the new " + s.singular + " looks like others (see GET /api/v1/duplicates), the 201 "
                                     "answer carries the header Possible-Duplicates: <count> (counting only records the caller can read), and "
                                     "GET /api/v1/duplicates?object=" +
                                     s.object + "&record_id=<id> lists them with their confidence and reasons. A warning only: "
                                     "the " + s.singular + " is created all the same."
                                   : std::string(),
             .tag = title, .request_schema = title + "Input",
             .response_schema = title, .success_status = 201, .idempotent_post = true, .sends_etag = true,
             .sends_location = true});

  // Before GET {id}, which would take "export" for an id.
  std::vector<std::string> more_types{"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/x-ndjson"};
  for (const auto& f : s.record_formats) more_types.push_back(f.content_type.substr(0, f.content_type.find(';')));
  api.route("GET", base + "/export",
            [service](Request& req, const identity::Context& ctx) -> Response {
              auto r = start_export(*service, ctx, req.query);
              if (!r) return http::fail(r.problem(), req);
              return std::move(*r);
            },
            {.summary = "Export " + s.object + " as a file",
             .description = "Every " + s.singular + " the list would return for the same filter and sort (the caller's scope, "
                            "without the fields the role hides; custom fields as columns custom.<name>), streamed as it is "
                            "read (chunked). csv: RFC 4180, UTF-8, text that a spreadsheet would take for a formula "
                            "(starting with = + - @, tab or CR) prefixed with a single quote; xlsx: one sheet (the rows go on "
                            "in a second one past 1,048,576), texts as inline strings; ndjson: one "
                            "record per line as GET returns it. In csv and xlsx, amounts are in their currency's major unit "
                            "(1500.00, as an import reads them), a reference is followed by columns naming what it points "
                            "to (company_id: company, company_domain; pipeline_id: pipeline; stage_id: stage; owner_id: "
                            "owner, the user's e-mail), so that a file imported into another workspace finds them by name, "
                            "and lists in a cell are joined by \"; \". Each export is in the "
                            "audit log (action \"export\": format, filter, sort, rows, completed).",
             .tag = title,
             .no_content = "check=true: the export would start (its Content-Disposition names the file)",
             .list_filters = true,
             .response_content_type = "text/csv",
             .more_content_types = std::move(more_types),
             .query_params = {{"format", "The file format (default csv)", "string", "", export_formats(s)},
                              {"bom", "csv: start with a UTF-8 byte order mark, for Excel (default false)", "boolean"},
                              {"check", "true: answer 204 No Content with the Content-Disposition once the permission, format, "
                                        "filter and sort have been checked (the same 400/403 as the export otherwise), "
                                        "reading and auditing nothing (default false)", "boolean"}},
             .restricted = true,
             .list_fields = documented_list_fields(s),
             .default_sort = s.default_sort});

  api.route("GET", one,
            [service](Request& req, const identity::Context& ctx) -> Response {
              auto r = service->get(ctx, req.param("id"));
              if (!r) return http::fail(r.problem(), req);
              Response res;
              res.body = std::move(r->body);
              res.header("ETag", http::etag(r->version));
              return res;
            },
            {.summary = "Read a " + s.singular, .tag = title, .response_schema = title, .sends_etag = true});

  api.route("PATCH", one,
            [service](Request& req, const identity::Context& ctx) -> Response {
              auto body = http::parse_json_object(req);
              if (!body) return http::fail(body.problem(), req);
              auto r = service->update(ctx, req.param("id"), *body, req.header("If-Match"));
              if (!r) return http::fail(r.problem(), req);
              return write_response(*r);
            },
            {.summary = "Change fields of a " + s.singular, .tag = title, .request_schema = title + "Input",
             .response_schema = title, .conditional = true, .sends_etag = true});

  api.route("DELETE", one,
            [service](Request& req, const identity::Context& ctx) -> Response {
              auto r = service->remove(ctx, req.param("id"), req.header("If-Match"));
              if (!r) return http::fail(r.problem(), req);
              return http::no_content();
            },
            {.summary = "Move a " + s.singular + " to the recycle bin", .tag = title, .success_status = 204,
             .conditional = true});

  api.route("POST", one + "/restore",
            [service](Request& req, const identity::Context& ctx) -> Response {
              auto r = service->restore(ctx, req.param("id"));
              if (!r) return http::fail(r.problem(), req);
              return write_response(*r);
            },
            {.summary = "Restore a " + s.singular + " from the recycle bin", .tag = title, .response_schema = title,
             .sends_etag = true});

  api.route("GET", one + "/history",
            [service](Request& req, const identity::Context& ctx) -> Response {
              auto r = service->history(ctx, req.param("id"), req.query);
              if (!r) return http::fail(r.problem(), req);
              return http::json(200, *r);
            },
            {.summary = "Change history of a " + s.singular, .tag = title, .response_schema = "HistoryPage",
             .query_params = {{"limit", "Entries per page (default 50)", "integer", "", {}, 1, 500},
                              {"cursor", "next_cursor of the previous page"}}});

  api.route("POST", one + "/history/{version}/restore",
            [service](Request& req, const identity::Context& ctx) -> Response {
              auto r = restore_version(*service, ctx, req.param("id"), req.param("version"), req.header("If-Match"));
              if (!r) return http::fail(r.problem(), req);
              return write_response(*r);
            },
            {.summary = "Bring a " + s.singular + " back to an earlier version",
             .description = "{version} is the id of an entry of the " + s.singular + "'s history (GET .../history): the " +
                            s.singular + " gets back the values it had right after that entry, as a new version "
                            "(audit action \"revert\", whose changes add {\"field\": \"restored_to\", \"after\": <entry>, "
                            "\"undone\": [<entry ids>]}; event " + s.singular + ".updated). Today's field rules, references "
                            "and unique values are checked as for PATCH: an old value they no longer allow (a removed option, a "
                            "deleted record it names, an archived pipeline) is refused with 422 or 409 naming the field, and "
                            "nothing changes. Fields the server sets follow from the restored ones. Nothing to undo answers the " +
                            s.singular + " unchanged.",
             .tag = title, .response_schema = title, .conditional = true, .sends_etag = true,
             .problems = {{409, "The " + s.singular + " is in the recycle bin, its data was erased after that entry, or an "
                                "old value is now another record's unique value"},
                          {412, "If-Match names an older version"},
                          {422, "An old value is no longer allowed (the problem's errors name each field), or more than "
                                "5000 changes would be undone"}}});
}

}  // namespace rapport::records

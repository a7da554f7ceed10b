// The import routes read the request and answer; the rules are the services'.
#include "modules/imports/routes.hpp"

#include "platform/clock.hpp"
#include "platform/http/crud_routes.hpp"
#include "platform/records/keyset.hpp"

namespace rapport::imports {
namespace json = boost::json;
using http::Request;
using http::Response;

namespace {

// The query of POST /api/v1/imports (and of its preview, without dry_run).
Status read_start_query(const Request& req, StartInput& in, bool dry_run) {
  if (const auto* o = req.query_param("object")) in.object = *o;
  if (const auto* d = dry_run ? req.query_param("dry_run") : nullptr) {
    if (*d != "true" && *d != "false") return Problem::bad_request("dry_run must be true or false");
    in.dry_run = *d == "true";
  }
  if (const auto* m = req.query_param("mapping_id")) in.mapping_id = *m;
  if (const auto* sh = req.query_param("sheet")) in.sheet = *sh;
  return ok_status();
}

void add_import_routes(http::Api& api, std::shared_ptr<ImportService> service, std::size_t max_file_bytes) {
  const std::string tag = "Imports";
  auto& post = api.route(
      "POST", "/api/v1/imports",
      [service](Request& req, const identity::Context& ctx) -> Response {
        StartInput in;
        if (auto st = read_start_query(req, in, true); !st) return http::fail(st.problem(), req);
        in.content_type = req.header("Content-Type");
        in.body = req.body();
        auto i = service->start(ctx, in);
        if (!i) return http::fail(i.problem(), req);
        Response r = http::json(202, i->to_json(clock::now_ms()));
        r.header("Location", "/api/v1/imports/" + i->id);
        return r;
      },
      {.summary = "Import a file of records: answers at once with the import, queued",
       .description =
           "The body is the file (text/csv; UTF-8 with or without BOM, UTF-16 with BOM, Windows-1252 or ISO-8859-1, "
           "separator , ; tab or | detected; text/vcard or text/x-vcard: vCard 2.1, 3.0 or 4.0, one row a card; "
           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet: an .xlsx workbook, its first sheet or the "
           "one the sheet parameter names) or multipart/form-data with a part named file (its Content-Type, else its file "
           "name's extension, says which; application/octet-stream: the bytes decide) and optionally a part named "
           "mapping (the mapping document as JSON: columns by header, date_order, currency, region, create_companies, "
           "match_on, on_duplicate). Columns are matched to fields automatically (HubSpot, Salesforce, Pipedrive and "
           "Zoho export headers included). The declared type must agree with the bytes (an .xlsx sent as text/csv is a 422 "
           "naming file). Before anything is stored the file is decoded and its header checked against "
           "your role: a column filling a hidden or read-only field, a history date (created_at, closed_at: admins "
           "only) or an owner (when your role cannot give records to others) is a 422 naming columns.<header>. The "
           "import then runs as a background job: GET /api/v1/imports/{id} shows its state and progress, "
           "/errors its failed rows. A dry run checks every row as the real run would (lookups and the record rules "
           "included) and keeps nothing but the counts and failed rows.",
       .tag = tag,
       .response_schema = "Import",
       .success_status = 202,
       .query_params = {{.name = "object", .description = "What the file holds (required)",
                         .values = {"contacts", "companies", "deals", "leads"}},
                        {.name = "dry_run", .description = "Check every row and write nothing", .type = "boolean"},
                        {.name = "mapping_id", .description = "A saved mapping (/api/v1/import-mappings) of the same object",
                         .format = "uuid"},
                        {.name = "sheet", .description = "An XLSX file's sheet to read, by name (case-insensitive; the first "
                                                         "when absent); 422 naming sheet when the workbook has none so named"}},
       .restricted = true,
       .sends_location = true,
       .problems = {{413, "The file is larger than the server's import limit (rapport serve --import-max-bytes)"},
                    {415, "The body is not a CSV, vCard or XLSX type, nor multipart/form-data"},
                    {422, "The file cannot be read or is not what its type says, the sheet does not exist, the mapping is "
                          "invalid, or a column is not yours to import"}}});
  post.body_limit = max_file_bytes;
  auto& preview = api.route(
      "POST", "/api/v1/imports/preview",
      [service](Request& req, const identity::Context& ctx) -> Response {
        StartInput in;
        if (auto st = read_start_query(req, in, false); !st) return http::fail(st.problem(), req);
        in.content_type = req.header("Content-Type");
        in.body = req.body();
        auto p = service->preview(ctx, in);
        if (!p) return http::fail(p.problem(), req);
        return http::json(200, *p);
      },
      {.summary = "Preview a file before importing it: its columns matched to fields, with sample values; nothing is stored",
       .description =
           "The same body, parameters and checks as POST /api/v1/imports (without dry_run). Answers the file's format, "
           "encoding, an XLSX workbook's sheets and the sheet read, each column with its target (null: left out), a note "
           "when a second column for a field is left out, refused when your role may not fill its target, and its first "
           "non-empty values (at most 3 from the first 5 rows); the targets your role may fill (name, kind: field, custom, "
           "full_name, lookup, external_id or history, the custom field's label, required); and the mapping with every "
           "option as it applies. Send the chosen mapping with the import as its mapping part.",
       .tag = tag,
       .response_schema = "ImportPreview",
       .query_params = {{.name = "object", .description = "What the file holds (required)",
                         .values = {"contacts", "companies", "deals", "leads"}},
                        {.name = "mapping_id", .description = "A saved mapping (/api/v1/import-mappings) of the same object",
                         .format = "uuid"},
                        {.name = "sheet", .description = "An XLSX file's sheet to read, by name (case-insensitive; the first "
                                                         "when absent); 422 naming sheet when the workbook has none so named"}},
       .restricted = true,
       .problems = {{413, "The file is larger than the server's import limit (rapport serve --import-max-bytes)"},
                    {415, "The body is not a CSV, vCard or XLSX type, nor multipart/form-data"},
                    {422, "The file cannot be read or is not what its type says, the sheet does not exist, or the mapping is "
                          "invalid"}}});
  preview.body_limit = max_file_bytes;
  api.route("GET", "/api/v1/imports",
            [service](Request&, const identity::Context& ctx) -> Response {
              json::array data;
              int64_t now = clock::now_ms();
              for (const auto& i : service->list(ctx)) data.push_back(i.to_json(now));
              return http::json(200, json::object{{"data", std::move(data)}});
            },
            {.summary = "The latest 200 imports, newest first",
             .description = "Admins see every import of the workspace, others their own.", .tag = tag,
             .response_schema = "ImportList"});
  api.route("GET", "/api/v1/imports/{id}",
            [service](Request& req, const identity::Context& ctx) -> Response {
              auto i = service->get(ctx, req.param("id"));
              if (!i) return http::fail(i.problem(), req);
              return http::json(200, i->to_json(clock::now_ms()));
            },
            {.summary = "An import: its state, counts and progress (rows done, rows a second, time left)",
             .description = "Its creator and admins read it; anyone else gets 404.", .tag = tag, .response_schema = "Import"});
  api.route("GET", "/api/v1/imports/{id}/failed-rows",
            [service](Request& req, const identity::Context& ctx) -> Response {
              int64_t limit = 100;
              if (const auto* l = req.query_param("limit")) {
                auto n = records::keyset::parse_limit(*l);
                if (!n) return http::fail(n.problem(), req);
                limit = *n;
              }
              auto rows = service->failed_rows(ctx, req.param("id"), limit);
              if (!rows) return http::fail(rows.problem(), req);
              return http::json(200, *rows);
            },
            {.summary = "The import's first failed rows: line, column, value and message",
             .description = "In the file's order (line: the row's line in the file, or an XLSX sheet's row number; column: "
                            "the file's column, also for a field the record rules refused, with its cell as value; empty: "
                            "the row as a whole). total counts the failed rows kept (at most 100,000); /errors has them "
                            "all as CSV.",
             .tag = tag, .response_schema = "ImportFailedRows",
             .query_params = {{.name = "limit", .description = "1 to 500, default 100", .type = "integer", .minimum = 1,
                               .maximum = 500}}});
  api.route("GET", "/api/v1/imports/{id}/errors",
            [service](Request& req, const identity::Context& ctx) -> Response {
              auto csv = service->errors_csv(ctx, req.param("id"));
              if (!csv) return http::fail(csv.problem(), req);
              Response r;
              r.body = std::move(*csv);
              r.content_type = "text/csv; charset=utf-8";
              r.header("Content-Disposition", "attachment; filename=\"import-errors.csv\"");
              return r;
            },
            {.summary = "The import's failed rows as CSV: the file's columns as read and a reason column",
             .description = "Fix the rows and import the file again. At most 100,000 failed rows are kept; a text a "
                            "spreadsheet would run as a formula is prefixed with a quote.",
             .tag = tag, .response_content_type = "text/csv"});
  api.route("POST", "/api/v1/imports/{id}/undo",
            [service](Request& req, const identity::Context& ctx) -> Response {
              auto i = service->undo(ctx, req.param("id"));
              if (!i) return http::fail(i.problem(), req);
              return http::json(202, i->to_json(clock::now_ms()));
            },
            {.summary = "Undo an import: its created records go to the recycle bin, updated ones get their values back",
             .description = "Runs as a background job; the import's state becomes undone when it has finished. Its creator "
                            "and admins may undo it.",
             .tag = tag, .response_schema = "Import", .success_status = 202, .restricted = true,
             .problems = {{409, "The import is queued or running, a dry run, or undone already"}}});
}

void add_mapping_routes(http::Api& api, std::shared_ptr<MappingService> service) {
  http::add_crud_routes<SavedMapping>(
      api,
      {.path = "/api/v1/import-mappings",
       .tag = "Imports",
       .schema = "ImportMapping",
       .list_doc = {.summary = "The workspace's saved import mappings", .description = "By object, then name; at most 500."},
       .create_doc = {.summary = "Save a mapping for reuse by POST /api/v1/imports?mapping_id=",
                      .description = "name (unique per object), object and mapping (the mapping document, checked against "
                                     "the object's fields: 422 naming mapping.<key>). Whoever may import the object may save "
                                     "one.",
                      .problems = {{409, "A mapping of the object has this name, or the workspace has 500 mappings"}}},
       .read_doc = {.summary = "A saved import mapping"},
       .change_doc = {.summary = "Rename a saved mapping or change its document; its creator and admins",
                      .problems = {{409, "A mapping of the object has this name"}}},
       .delete_doc = {.summary = "Delete a saved mapping; its creator and admins",
                      .description = "Imports made with it keep their copy."},
       .may_create = [](const identity::Context& ctx) -> Status {
         if (!may_import_any(ctx)) return Problem::forbidden("Your role cannot import records, so it cannot save mappings");
         return ok_status();
       },
       .handlers = http::service_handlers<SavedMapping>(std::move(service), read_mapping_body)});
}

}  // namespace

void add_routes(http::Api& api, std::shared_ptr<ImportService> imports, std::shared_ptr<MappingService> mappings,
                std::size_t max_file_bytes) {
  add_import_routes(api, std::move(imports), max_file_bytes);
  add_mapping_routes(api, std::move(mappings));
}

}  // namespace rapport::imports

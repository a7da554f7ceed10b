#include "modules/dedupe/routes.hpp"

#include <algorithm>

#include "modules/dedupe/candidates.hpp"
#include "modules/dedupe/pair_store.hpp"
#include "modules/dedupe/scan.hpp"
#include "platform/ids.hpp"
#include "platform/records/keyset.hpp"

namespace rapport::dedupe {
namespace json = boost::json;
using http::Request;
using http::Response;

namespace {

std::vector<std::string> object_names() { return {std::begin(kObjects), std::end(kObjects)}; }

// The object parameter, given once and one of kObjects.
Result<std::string> object_of(const Request& req) {
  std::string object;
  int given = 0;
  for (const auto& [k, v] : req.query)
    if (k == "object") {
      object = v;
      ++given;
    }
  if (given != 1 || !is_deduplicated(object))
    return Problem::bad_request("object is required once: contacts, companies or leads");
  return object;
}

}  // namespace

void add_routes(http::Api& api, db::Database& db) {
  const std::string tag = "Duplicates";
  db::Database* database = &db;

  api.route("GET", "/api/v1/duplicates",
            [database](Request& req, const identity::Context& ctx) -> Response {
              auto object = object_of(req);
              if (!object) return http::fail(object.problem(), req);
              if (ctx.scope(*object, identity::Action::Read) == identity::Scope::None)
                return http::fail(Problem::forbidden("Your role cannot read " + *object), req);
              PairQuery q{.object = *object};
              for (const auto& [k, v] : req.query) {
                if (k == "limit") {
                  auto n = records::keyset::parse_limit(v);
                  if (!n) return http::fail(n.problem(), req);
                  q.limit = *n;
                } else if (k == "cursor") {
                  q.cursor = v;
                } else if (k == "record_id") {
                  if (!ids::is_uuid(v)) return http::fail(Problem::bad_request("record_id is not a record's id"), req);
                  q.record_id = v;
                }
              }
              auto page = database->read([&](db::Connection& c) { return read_pairs(c, ctx, q); });
              if (!page) return http::fail(page.problem(), req);
              return http::json(200, *page);
            },
            {.summary = "Probable duplicates among contacts, companies or leads",
             .description =
                 "Pairs of live records of one object that are probably the same person or company, strongest first, "
                 "each with a confidence (0.5 to 1) and its reasons: same email (compared as a mailbox: case, a +tag and "
                 "Gmail's dots ignored), same phone (E.164), same domain (companies; for leads the company's, weak "
                 "alone), same name or similar name (accents and scripts transliterated, words in any order, a "
                 "company's legal form ignored; Jaro-Winkler at least 0.92). Pairs are found by the background scan "
                 "(POST /api/v1/duplicates/scan) and when a record is created (whose 201 answer then carries "
                 "Possible-Duplicates: <count>). Only pairs whose two records you may read are listed (a page may hold "
                 "fewer than limit pairs when some are not yours); reasons about a field your role hides are left out. "
                 "Nothing is merged or refused.",
             .tag = tag, .response_schema = "DuplicatePairPage",
             .query_params = {{.name = "object", .description = "The record type (required)", .values = object_names()},
                              {.name = "record_id", .description = "Only the pairs of this record", .format = "uuid"},
                              {"limit", "Pairs per page (default 50)", "integer", "", {}, 1, 500},
                              {"cursor", "next_cursor of the previous page"}},
             .restricted = true});

  api.route("POST", "/api/v1/duplicates/scan",
            [database](Request& req, const identity::Context& ctx) -> Response {
              // A scan compares every record of the workspace: for those who may change all of them.
              auto may_scan = [&ctx](std::string_view object) {
                return ctx.is_admin() || ctx.scope(object, identity::Action::Update) == identity::Scope::All;
              };
              if (std::none_of(std::begin(kObjects), std::end(kObjects), may_scan))
                return http::fail(Problem::forbidden("Scanning for duplicates needs the right to change every record of the object"), req);
              auto object = object_of(req);
              if (!object) return http::fail(object.problem(), req);
              if (!may_scan(*object))
                return http::fail(Problem::forbidden("Scanning for duplicates needs the right to change every " + *object), req);
              std::string job_id;
              auto st = database->write([&](db::Connection& c) -> Status {
                job_id = enqueue_scan(c, ctx.workspace_id, *object);
                return ok_status();
              });
              if (!st) return http::fail(st.problem(), req);
              Response res = http::json(202, json::object{{"job_id", job_id.empty() ? json::value(nullptr) : json::value(job_id)},
                                                          {"object", *object}});
              if (!job_id.empty()) res.header("Location", "/api/v1/jobs/" + job_id);
              return res;
            },
            {.summary = "Scan contacts, companies or leads for duplicates",
             .description =
                 "Enqueues the dedupe.scan job, which compares every live record of the object through blocking keys "
                 "(mailboxes, phones, domain, each name word with the other words' initials; a key shared by more than 64 "
                 "records is passed by) and replaces the object's stored pairs. One scan is pending per object: another "
                 "request answers the pending job. Follow it at GET /api/v1/jobs/{id} (admins).",
             .tag = tag, .response_schema = "DuplicateScan", .success_status = 202,
             .query_params = {{.name = "object", .description = "The record type (required)", .values = object_names()}},
             .restricted = true, .sends_location = true});
}

}  // namespace rapport::dedupe

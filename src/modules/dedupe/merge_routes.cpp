#include "modules/dedupe/merge_routes.hpp"

#include "modules/dedupe/candidates.hpp"
#include "modules/dedupe/merge.hpp"

namespace rapport::dedupe {
namespace json = boost::json;
using http::Request;
using http::Response;
using identity::Action;

void add_merge_routes(http::Api& api, db::Database& db, const Services& services) {
  db::Database* database = &db;
  for (std::string_view name : kObjects) {
    records::Service* service = services(name);
    if (!service) continue;
    const records::Store* store = &service->store();
    const std::string object(name), singular = store->spec().singular, plural = object;

    api.route("POST", "/api/v1/" + object + "/merge",
              [database, store, object](Request& req, const identity::Context& ctx) -> Response {
                if (ctx.scope(object, Action::Update) == identity::Scope::None ||
                    ctx.scope(object, Action::Delete) == identity::Scope::None)
                  return http::fail(Problem::forbidden("Merging " + object + " needs the rights to change and to delete them"), req);
                auto body = http::parse_json_object(req);
                if (!body) return http::fail(body.problem(), req);
                auto request = parse_merge_request(*body);
                if (!request) return http::fail(request.problem(), req);
                Result<json::object> out = Problem::internal();
                auto run = [&](db::Connection& c) -> Status {
                  out = merge(c, ctx, *store, *request);
                  if (!out) return out.problem();
                  return ok_status();
                };
                // A dry run writes nothing: it reads as the merge would, outside the writer.
                Status st = request->dry_run ? database->read(run) : database->write(run);
                if (!st) return http::fail(st.problem(), req);
                return http::json(200, *out);
              },
              {.summary = "Merge duplicate " + plural + " into one",
               .description =
                   "`ids` are 2 to 10 distinct " + plural + " of this workspace; the first survives. `values` chooses, "
                   "field by field (\"custom.<name>\" for a custom field), the id of the record whose value the survivor "
                   "keeps; a field not named keeps the survivor's value, or when it has none (null, \"\" or an empty list) "
                   "the first other record's that has one. Only fields a person sets and your role shows and lets you change "
                   "can be chosen; the others stay the survivor's. Every row naming a merged " + singular + " (activities "
                   "and notes, deals and deal contacts, tickets, list memberships, campaign recipients and their opens and "
                   "clicks, consents, emails, form submissions, import external ids, a lead's conversion, contacts of a "
                   "company) moves to the survivor; a link the survivor has already is dropped. The merged records go to "
                   "the recycle bin (history entry \"merged\" with merged_into), the survivor gets a new version with one "
                   "history entry \"merge\" (its changes and {\"field\": \"merge\", \"after\": {\"merge_id\", "
                   "\"merged_ids\"}}) and the event " + singular + ".merged; their pairs of probable duplicates are "
                   "settled. With \"dry_run\": true nothing is written and the answer is the preview: every choosable "
                   "field with each record's value and the one that would survive, and the related rows that would move. "
                   "Undo with POST /api/v1/" + object + "/merges/{merge_id}/undo. All ids must be live " + plural +
                   " you may read (404 otherwise), change, and (the merged ones) delete (403); at most 50000 related "
                   "rows move at once (422).",
               .tag = "Duplicates", .request_schema = "MergeInput", .response_schema = "MergeResult",
               .restricted = true,
               .problems = {{404, "One of ids is no live " + singular + " of this workspace that you may read (or names a record of another object)"},
                            {412, "A record changed while it was being merged"},
                            {422, "ids or values are not valid (the problem's errors name each), or more than 50000 related rows would move"}}});

    api.route("POST", "/api/v1/" + object + "/merges/{merge_id}/undo",
              [database, store, object](Request& req, const identity::Context& ctx) -> Response {
                if (ctx.scope(object, Action::Update) == identity::Scope::None ||
                    ctx.scope(object, Action::Delete) == identity::Scope::None)
                  return http::fail(Problem::forbidden("Undoing a merge of " + object + " needs the rights to change and to delete them"), req);
                Result<json::object> out = Problem::internal();
                Status st = database->write([&](db::Connection& c) -> Status {
                  out = unmerge(c, ctx, *store, req.param("merge_id"));
                  if (!out) return out.problem();
                  return ok_status();
                });
                if (!st) return http::fail(st.problem(), req);
                return http::json(200, *out);
              },
              {.summary = "Undo a merge of " + plural + " (unmerge)",
               .description =
                   "{merge_id} is the merge_id of POST /api/v1/" + object + "/merge (also in the survivor's history entry "
                   "\"merge\"). The merged " + plural + " come back from the recycle bin, every row the merge moved goes "
                   "back to them and every link it dropped is made again (rows changed or gone since stay as they are: "
                   "`left` counts them), and the survivor gets back the values the merge replaced, except those changed "
                   "since (`kept`). History entries \"unmerge\", events " + singular + ".restored for each merged " +
                   singular + " and " + singular + ".unmerged for the survivor. A merge is undone once.",
               .tag = "Duplicates", .response_schema = "UnmergeResult", .restricted = true,
               .problems = {{409, "The merge was undone already; the survivor is in the recycle bin; a merged record was "
                                  "restored, purged or erased since; or one of its unique values is another record's now"},
                            {412, "The survivor changed while the merge was being undone"}}});
  }
}

}  // namespace rapport::dedupe

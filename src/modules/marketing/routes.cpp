// The audience routes read the path, the query and the body and answer; the rules are the services'.
#include "modules/marketing/routes.hpp"

#include <memory>

#include "modules/marketing/audience_access.hpp"
#include "modules/marketing/list_service.hpp"
#include "modules/marketing/segment_service.hpp"

namespace rapport::marketing {
namespace json = boost::json;
using http::Request;
using http::Response;

namespace {

template <typename T>
Response with_etag(int status, const T& v) {
  Response r = http::json(status, v.to_json());
  r.header("ETag", http::etag(v.version));
  return r;
}

template <typename T>
Response all_of(const Result<std::vector<T>>& items, Request& req) {
  if (!items) return http::fail(items.problem(), req);
  json::array data;
  for (const auto& v : *items) data.push_back(v.to_json());
  return http::json(200, json::object{{"data", std::move(data)}});
}

Response page(Result<std::string> body, Request& req) {
  if (!body) return http::fail(body.problem(), req);
  Response r;  // the page is JSON text already
  r.body = std::move(*body);
  return r;
}

Response member_change(const Result<MemberChange>& change, Request& req, const char* changed, const char* unchanged) {
  if (!change) return http::fail(change.problem(), req);
  return http::json(200, json::object{{changed, change->changed}, {unchanged, change->unchanged}});
}

// The writes (and the preview) are for those who manage audiences: anyone else gets 403 before the
// body or the id is read. The services check again.
http::ApiHandler managers_only(http::ApiHandler h) {
  return [h = std::move(h)](Request& req, const identity::Context& ctx) -> Response {
    if (!manages_audiences(ctx)) return http::fail(cannot_manage(), req);
    return h(req, ctx);
  };
}

std::vector<http::QueryParamDoc> page_params() {
  return {{"limit", "Members per page (default 50)", "integer", "", {}, 1, 500},
          {"cursor", "next_cursor of the previous page"},
          {"count", "true: the answer's total counts every member (one more query)", "boolean"}};
}

const char* const kWho = "Members whose role reads contacts read it; the members are the contacts the caller may read.";
const char* const kManagers = "An admin, or a role that exports every contact (marketing); 403 for anyone else.";

void add_segment_routes(http::Api& api, std::shared_ptr<SegmentService> service) {
  const std::string tag = "Segments";
  const std::vector<std::pair<int, std::string>> write_problems = {
      {409, "A segment of this name exists (errors[0].existing_id names it), or the workspace has 500 segments"}};

  api.route("GET", "/api/v1/segments",
            [service](Request& req, const identity::Context& ctx) -> Response { return all_of(service->list(ctx), req); },
            {.summary = "List the workspace's segments", .description = std::string("By name; at most 500. ") + kWho, .tag = tag,
             .response_schema = "SegmentList", .restricted = true});

  api.route("POST", "/api/v1/segments",
            managers_only([service](Request& req, const identity::Context& ctx) -> Response {
              auto body = http::parse_json_object(req);
              if (!body) return http::fail(body.problem(), req);
              auto in = read_segment_body(*body, true);
              if (!in) return http::fail(in.problem(), req);
              auto s = service->create(ctx, *in);
              if (!s) return http::fail(s.problem(), req);
              Response r = with_etag(201, *s);
              r.header("Location", "/api/v1/segments/" + s->id);
              return r;
            }),
            {.summary = "Create a segment: a named filter over contacts",
             .description = std::string("The filter is compiled as it will run: 422 naming the path of each bad condition "
                                        "(e.g. filter.any.1.country.eq), nothing stored. ") + kManagers,
             .tag = tag, .request_schema = "SegmentInput", .response_schema = "Segment", .success_status = 201,
             .restricted = true, .sends_etag = true, .sends_location = true, .problems = write_problems});

  api.route("POST", "/api/v1/segments/preview",
            managers_only([service](Request& req, const identity::Context& ctx) -> Response {
              auto body = http::parse_json_object(req);
              if (!body) return http::fail(body.problem(), req);
              auto in = read_preview_body(*body);
              if (!in) return http::fail(in.problem(), req);
              return page(service->preview(ctx, *in), req);
            }),
            {.summary = "Count the contacts an unsaved filter holds and show the first page (the segment builder's preview)",
             .description = std::string("Checked as a segment's filter is (422 naming each bad condition); total counts every "
                                        "member the caller may read. ") + kManagers,
             .tag = tag, .request_schema = "SegmentPreviewInput", .response_schema = "ContactPage", .restricted = true});

  api.route("GET", "/api/v1/segments/{id}",
            [service](Request& req, const identity::Context& ctx) -> Response {
              auto s = service->get(ctx, req.param("id"));
              if (!s) return http::fail(s.problem(), req);
              return with_etag(200, *s);
            },
            {.summary = "Read a segment", .description = kWho, .tag = tag, .response_schema = "Segment", .restricted = true,
             .sends_etag = true});

  api.route("PATCH", "/api/v1/segments/{id}",
            managers_only([service](Request& req, const identity::Context& ctx) -> Response {
              auto body = http::parse_json_object(req);
              if (!body) return http::fail(body.problem(), req);
              auto in = read_segment_body(*body, false);
              if (!in) return http::fail(in.problem(), req);
              auto s = service->update(ctx, req.param("id"), *in, req.header("If-Match"));
              if (!s) return http::fail(s.problem(), req);
              return with_etag(200, *s);
            }),
            {.summary = "Rename a segment or change its filter", .description = kManagers, .tag = tag,
             .request_schema = "SegmentPatch", .response_schema = "Segment", .conditional = true, .restricted = true,
             .sends_etag = true, .problems = write_problems});

  api.route("DELETE", "/api/v1/segments/{id}",
            managers_only([service](Request& req, const identity::Context& ctx) -> Response {
              auto st = service->remove(ctx, req.param("id"), req.header("If-Match"));
              if (!st) return http::fail(st.problem(), req);
              return http::no_content();
            }),
            {.summary = "Delete a segment", .description = kManagers, .tag = tag, .success_status = 204, .conditional = true,
             .restricted = true});

  api.route("GET", "/api/v1/segments/{id}/members",
            [service](Request& req, const identity::Context& ctx) -> Response {
              return page(service->members(ctx, req.param("id"), req.query), req);
            },
            {.summary = "The contacts the segment holds now, a page at a time",
             .description = std::string("Read as the contacts list reads them (newest first, keyset paging, the caller's "
                                        "hidden fields left out); count=true adds the total. ") + kWho,
             .tag = tag, .response_schema = "ContactPage", .query_params = page_params(), .restricted = true,
             .problems = {{409, "The segment's filter cannot run now (a custom field it names was deleted, or your role "
                                "hides a field it filters on); errors name the conditions"}}});
}

void add_list_routes(http::Api& api, std::shared_ptr<ListService> service) {
  const std::string tag = "Lists";
  const std::vector<std::pair<int, std::string>> write_problems = {
      {409, "A list of this name exists (errors[0].existing_id names it), or the workspace has 500 lists"}};

  api.route("GET", "/api/v1/lists",
            [service](Request& req, const identity::Context& ctx) -> Response { return all_of(service->list(ctx), req); },
            {.summary = "List the workspace's static lists", .description = std::string("By name; at most 500. ") + kWho,
             .tag = tag, .response_schema = "StaticListList", .restricted = true});

  api.route("POST", "/api/v1/lists",
            managers_only([service](Request& req, const identity::Context& ctx) -> Response {
              auto body = http::parse_json_object(req);
              if (!body) return http::fail(body.problem(), req);
              auto in = read_list_body(*body, true);
              if (!in) return http::fail(in.problem(), req);
              auto l = service->create(ctx, *in);
              if (!l) return http::fail(l.problem(), req);
              Response r = with_etag(201, *l);
              r.header("Location", "/api/v1/lists/" + l->id);
              return r;
            }),
            {.summary = "Create a static list", .description = kManagers, .tag = tag, .request_schema = "StaticListInput",
             .response_schema = "StaticList", .success_status = 201, .restricted = true, .sends_etag = true,
             .sends_location = true, .problems = write_problems});

  api.route("GET", "/api/v1/lists/{id}",
            [service](Request& req, const identity::Context& ctx) -> Response {
              auto l = service->get(ctx, req.param("id"));
              if (!l) return http::fail(l.problem(), req);
              return with_etag(200, *l);
            },
            {.summary = "Read a static list", .description = kWho, .tag = tag, .response_schema = "StaticList",
             .restricted = true, .sends_etag = true});

  api.route("PATCH", "/api/v1/lists/{id}",
            managers_only([service](Request& req, const identity::Context& ctx) -> Response {
              auto body = http::parse_json_object(req);
              if (!body) return http::fail(body.problem(), req);
              auto in = read_list_body(*body, false);
              if (!in) return http::fail(in.problem(), req);
              auto l = service->update(ctx, req.param("id"), *in, req.header("If-Match"));
              if (!l) return http::fail(l.problem(), req);
              return with_etag(200, *l);
            }),
            {.summary = "Rename a static list or change its description", .description = kManagers, .tag = tag,
             .request_schema = "StaticListPatch", .response_schema = "StaticList", .conditional = true, .restricted = true,
             .sends_etag = true, .problems = write_problems});

  api.route("DELETE", "/api/v1/lists/{id}",
            managers_only([service](Request& req, const identity::Context& ctx) -> Response {
              auto st = service->remove(ctx, req.param("id"), req.header("If-Match"));
              if (!st) return http::fail(st.problem(), req);
              return http::no_content();
            }),
            {.summary = "Delete a static list (its contacts stay)", .description = kManagers, .tag = tag, .success_status = 204,
             .conditional = true, .restricted = true});

  api.route("GET", "/api/v1/lists/{id}/members",
            [service](Request& req, const identity::Context& ctx) -> Response {
              return page(service->members(ctx, req.param("id"), req.query), req);
            },
            {.summary = "The list's contacts, a page at a time",
             .description = std::string("Read as the contacts list reads them (newest first, keyset paging); a deleted contact "
                                        "has left every list. ") + kWho,
             .tag = tag, .response_schema = "ContactPage", .query_params = page_params(), .restricted = true});

  api.route("POST", "/api/v1/lists/{id}/members",
            managers_only([service](Request& req, const identity::Context& ctx) -> Response {
              if (auto list = service->get(ctx, req.param("id")); !list) return http::fail(list.problem(), req);
              auto body = http::parse_json_object(req);
              if (!body) return http::fail(body.problem(), req);
              auto ids = read_member_ids(*body);
              if (!ids) return http::fail(ids.problem(), req);
              return member_change(service->add_members(ctx, req.param("id"), *ids), req, "added", "already_members");
            }),
            {.summary = "Add contacts to a static list (at most 500 a request; one already there stays as it is)",
             .description = std::string("Each id must name a live contact you may read: 422 naming contact_ids.<i> "
                                        "otherwise, and nothing is added. ") + kManagers,
             .tag = tag, .request_schema = "ListMembersInput", .response_schema = "ListMembersAdded", .restricted = true});

  api.route("DELETE", "/api/v1/lists/{id}/members",
            managers_only([service](Request& req, const identity::Context& ctx) -> Response {
              if (auto list = service->get(ctx, req.param("id")); !list) return http::fail(list.problem(), req);
              auto body = http::parse_json_object(req);
              if (!body) return http::fail(body.problem(), req);
              auto ids = read_member_ids(*body);
              if (!ids) return http::fail(ids.problem(), req);
              return member_change(service->remove_members(ctx, req.param("id"), *ids), req, "removed", "not_members");
            }),
            {.summary = "Remove contacts from a static list (at most 500 a request; one not there is left out)",
             .description = kManagers, .tag = tag, .request_schema = "ListMembersInput", .response_schema = "ListMembersRemoved",
             .restricted = true});
}

}  // namespace

void add_routes(http::Api& api, db::Database& db, const records::Store& contacts, const records::ObjectSpec& companies) {
  add_segment_routes(api, std::make_shared<SegmentService>(db, contacts, companies));
  add_list_routes(api, std::make_shared<ListService>(db, contacts));
}

}  // namespace rapport::marketing

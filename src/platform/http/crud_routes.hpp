// The five routes of a collection of versioned items a module keeps (macros, SLA policies, import
// mappings): GET <path> ({"data": [...]}), POST <path> (201 with ETag and Location), GET <path>/{id}
// (ETag), PATCH <path>/{id} (If-Match, ETag) and DELETE <path>/{id} (If-Match, 204). The module's
// use cases read the body, check and write; these routes only take the request to them and answer,
// the same way for every collection, and fill the API document's common parts of each route.
//
// T is the item: to_json(), id and version.
#pragma once
#include <boost/json.hpp>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "platform/http/api.hpp"

namespace rapport::http {

template <typename T>
struct CrudHandlers {
  std::function<Result<std::vector<T>>(const identity::Context&)> list;
  std::function<Result<T>(const identity::Context&, const std::string& id)> get;
  std::function<Result<T>(const identity::Context&, const boost::json::object& body)> create;
  std::function<Result<T>(const identity::Context&, const std::string& id, const boost::json::object& body, std::string_view if_match)>
      update;
  std::function<Status(const identity::Context&, const std::string& id, std::string_view if_match)> remove;
};

template <typename T>
struct CrudRoutes {
  std::string path;    // "/api/v1/macros"
  std::string tag;     // the API document's tag
  std::string schema;  // "Macro": also <schema>List, <schema>Input and <schema>Patch
  // Each route's own words (summary, description, problems); the schemas, status and flags are filled in.
  RouteDoc list_doc, create_doc, read_doc, change_doc, delete_doc;
  // Who may create (POST), and who may change or delete (PATCH, DELETE): asked before the body or the
  // id is looked at, so a refusal (403) reveals nothing; empty: the use cases decide.
  std::function<Status(const identity::Context&)> may_create, may_change;
  CrudHandlers<T> handlers;
};

// Admins only, as a gate of CrudRoutes: "Only an admin can <what>".
inline std::function<Status(const identity::Context&)> admins_gate(std::string what) {
  return [what = std::move(what)](const identity::Context& ctx) -> Status {
    if (!ctx.is_admin()) return Problem::forbidden("Only an admin can " + what);
    return ok_status();
  };
}

// The handlers of a service with list(ctx), get(ctx, id), create(ctx, in), update(ctx, id, in,
// if_match) and remove(ctx, id, if_match), whose input `read(body, creating)` reads from a body (a
// 422 naming the fields).
template <typename T, typename Service, typename Read>
CrudHandlers<T> service_handlers(std::shared_ptr<Service> s, Read read) {
  return {.list = [s](const identity::Context& ctx) -> Result<std::vector<T>> { return s->list(ctx); },
          .get = [s](const identity::Context& ctx, const std::string& id) -> Result<T> { return s->get(ctx, id); },
          .create = [s, read](const identity::Context& ctx, const boost::json::object& body) -> Result<T> {
            auto in = read(body, true);
            if (!in) return in.problem();
            return s->create(ctx, *in);
          },
          .update = [s, read](const identity::Context& ctx, const std::string& id, const boost::json::object& body,
                              std::string_view if_match) -> Result<T> {
            auto in = read(body, false);
            if (!in) return in.problem();
            return s->update(ctx, id, *in, if_match);
          },
          .remove = [s](const identity::Context& ctx, const std::string& id, std::string_view if_match) {
            return s->remove(ctx, id, if_match);
          }};
}

namespace crud_detail {

template <typename T>
Response with_etag(int status, const T& item) {
  Response r = json(status, item.to_json());
  r.header("ETag", etag(item.version));
  return r;
}

// A gate's refusal, else the handler.
inline ApiHandler gated(std::function<Status(const identity::Context&)> gate, ApiHandler h) {
  if (!gate) return h;
  return [gate = std::move(gate), h = std::move(h)](Request& req, const identity::Context& ctx) -> Response {
    if (Status allowed = gate(ctx); !allowed) return fail(allowed.problem(), req);
    return h(req, ctx);
  };
}

}  // namespace crud_detail

template <typename T>
void add_crud_routes(Api& api, const CrudRoutes<T>& r) {
  using crud_detail::gated;
  using crud_detail::with_etag;
  const CrudHandlers<T> h = r.handlers;
  const std::string path = r.path;
  RouteDoc list = r.list_doc;
  list.tag = r.tag;
  list.response_schema = r.schema + "List";
  api.route("GET", path,
            [h](Request& req, const identity::Context& ctx) -> Response {
              auto items = h.list(ctx);
              if (!items) return fail(items.problem(), req);
              boost::json::array data;
              for (const auto& i : *items) data.push_back(i.to_json());
              return json(200, boost::json::object{{"data", std::move(data)}});
            },
            std::move(list));
  RouteDoc create = r.create_doc;
  create.tag = r.tag;
  create.request_schema = r.schema + "Input";
  create.response_schema = r.schema;
  create.success_status = 201;
  create.restricted = create.sends_etag = create.sends_location = true;
  api.route("POST", path,
            gated(r.may_create,
                  [h, path](Request& req, const identity::Context& ctx) -> Response {
                    auto body = parse_json_object(req);
                    if (!body) return fail(body.problem(), req);
                    auto item = h.create(ctx, *body);
                    if (!item) return fail(item.problem(), req);
                    Response out = with_etag(201, *item);
                    out.header("Location", path + "/" + item->id);
                    return out;
                  }),
            std::move(create));
  RouteDoc read = r.read_doc;
  read.tag = r.tag;
  read.response_schema = r.schema;
  read.sends_etag = true;
  api.route("GET", path + "/{id}",
            [h](Request& req, const identity::Context& ctx) -> Response {
              auto item = h.get(ctx, req.param("id"));
              if (!item) return fail(item.problem(), req);
              return with_etag(200, *item);
            },
            std::move(read));
  RouteDoc change = r.change_doc;
  change.tag = r.tag;
  change.request_schema = r.schema + "Patch";
  change.response_schema = r.schema;
  change.conditional = change.restricted = change.sends_etag = true;
  api.route("PATCH", path + "/{id}",
            gated(r.may_change,
                  [h](Request& req, const identity::Context& ctx) -> Response {
                    auto body = parse_json_object(req);
                    if (!body) return fail(body.problem(), req);
                    auto item = h.update(ctx, req.param("id"), *body, req.header("If-Match"));
                    if (!item) return fail(item.problem(), req);
                    return with_etag(200, *item);
                  }),
            std::move(change));
  RouteDoc remove = r.delete_doc;
  remove.tag = r.tag;
  remove.success_status = 204;
  remove.conditional = remove.restricted = true;
  api.route("DELETE", path + "/{id}",
            gated(r.may_change,
                  [h](Request& req, const identity::Context& ctx) -> Response {
                    auto st = h.remove(ctx, req.param("id"), req.header("If-Match"));
                    if (!st) return fail(st.problem(), req);
                    return no_content();
                  }),
            std::move(remove));
}

}  // namespace rapport::http

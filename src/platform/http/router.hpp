// Maps (method, path) to a handler. Patterns are literal segments and {name} parameters, e.g.
// "/api/v1/contacts/{id}/timeline". Every route carries the documentation the OpenAPI document is
// built from, so the document and the router cannot drift apart.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "platform/http/message.hpp"

namespace rapport::http {

using Handler = std::function<Response(Request&)>;

// A query parameter of a route that is not a list (lists document theirs with `list`).
struct QueryParamDoc {
  std::string name;
  std::string description;
  std::string type = "string";  // JSON Schema type
  std::string format;           // e.g. date-time, optional
  std::vector<std::string> values;  // the allowed values (an enum), when they are fixed
  int64_t minimum = 0, maximum = 0;  // an integer's range, when maximum > 0
};

struct RouteDoc {
  std::string summary;
  std::string description;  // longer prose for the OpenAPI document, optional
  std::string tag;
  std::string request_schema;   // components/schemas name of the JSON body, empty when none
  std::string response_schema;  // components/schemas name of a 2xx JSON body, empty when none
  std::string request_content_type;  // the media type of a body that is not JSON (request_schema empty)
  int success_status = 200;
  // What a 204 No Content means when the route may answer it besides success_status (an export's check).
  std::string no_content;
  bool list = false;     // takes limit/cursor/sort/filter and returns a page
  bool list_filters = false;  // takes a list's sort and filter without its paging (an export)
  bool is_public = false;  // no credentials needed
  bool idempotent_post = false;  // honours Idempotency-Key
  bool conditional = false;      // honours If-Match
  bool during_mfa_enrolment = false;  // open to a caller who must confirm MFA first (enrol, me, logout)
  std::string response_content_type = "application/json";
  // Other media types the success answer may have instead (an export's formats), each a string.
  std::vector<std::string> more_content_types;
  std::vector<QueryParamDoc> query_params;
  bool restricted = false;  // may answer 403 (a role or permission the caller lacks)
  // Headers of the success answer the handler sets (every answer carries X-Request-Id; a replayed
  // idempotent_post carries Idempotent-Replayed): the record's version as ETag, the new resource's
  // Location. api_contract_test checks them against real answers.
  bool sends_etag = false;
  bool sends_location = false;
  bool session_only = false;    // needs a signed-in person: an API key is refused (403)
  bool sign_in_attempt = false;  // checks a password or code: failures are throttled (429 login-throttled)
  // The security scheme of a route taking its own credential instead of a user's (Api::credential_route,
  // e.g. "inboundSecret"); empty: a session or an API key.
  std::string credential;
  // Filled by the route for a list (list or list_filters) from its object's fields (records::list_fields): the
  // `sort` values and the `filter` fields with their operators.
  struct ListField {
    std::string name;
    bool sortable = false;
    std::vector<std::string> operators;
    std::string type = "string";  // JSON Schema type of a value (of an element, for a list field)
    std::string format;           // e.g. date-time
    bool list = false;            // a list field: eq and contains test membership
    std::string description;      // what the filter keeps, when its name does not say
  };
  std::vector<ListField> list_fields;
  std::string default_sort;
  // Only the declared query parameters (query_params, and a list's) reach the handler: any other is a
  // 400 from the Api wrapper, so the document lists every parameter the handler can read. Every route
  // is strict; false is for a route that must take parameters nobody can list (none today), and the
  // functional test of every route's parameters (api_query_params_test) names each such exception.
  bool strict_query = true;
  // Problem answers this route gives beyond those every route of its kind can give (which
  // app/openapi.cpp adds: 400, 401/403, 404 with a path parameter, 429, 500, 503, ...), by status.
  std::vector<std::pair<int, std::string>> problems = {};
  // Statuses at which a public route answers a person's browser with an HTML page instead of JSON
  // (a form posted without a script: its thank-you page, its errors), described; and what a 303
  // See Other it may answer means (empty: none).
  std::vector<std::pair<int, std::string>> html_pages = {};
  std::string see_other;
};

struct Route {
  std::string method;
  std::string pattern;
  std::vector<std::string> segments;
  Handler handler;
  RouteDoc doc;
  std::size_t body_limit = 1024 * 1024;
  std::size_t index = 0;  // position in routes(), used by metrics
  // A route with its own credential (Api::credential_route): the answer it gives before its handler,
  // judged on the header alone (nullopt: it would reach the handler). Empty: the API's own check.
  std::function<std::optional<Response>(Request&)> refuse_early;
};

class Router {
 public:
  Route& add(std::string method, std::string pattern, Handler h, RouteDoc doc);

  struct Match {
    const Route* route = nullptr;
    bool path_exists = false;  // some route has this path with another method (405)
    std::vector<std::string> allowed;
  };
  // Finds the route and fills req.params and req.route.
  Match match(std::string_view method, std::string_view path, Request* req = nullptr) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

// Splits "/a/b/c" into {"a","b","c"}.
std::vector<std::string> split_path(std::string_view path);

}  // namespace rapport::http

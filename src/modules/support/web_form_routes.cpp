#include "modules/support/web_form_routes.hpp"

#include "platform/http/admins_only.hpp"
#include "platform/http/base_url.hpp"
#include "platform/http/public_form.hpp"
#include "platform/http/public_page.hpp"

namespace rapport::support {
namespace json = boost::json;
using http::Request;
using http::Response;

namespace {

Response problem_for(const Request& req, const Problem& p) {
  return http::public_problem(req, p, "We could not take your request", "<p>Go back, correct it and send it again.</p>");
}

// CORS for a script on one of the form's allowed origins (a form with none takes posts from any
// site, and lets none read the answer).
void allow_origin(const Request& req, const WebForm& f, Response& r) {
  std::string origin(req.header("Origin"));
  if (!origin.empty() && std::find(f.allowed_origins.begin(), f.allowed_origins.end(), origin) != f.allowed_origins.end()) {
    r.header("Access-Control-Allow-Origin", origin);
    r.header("Vary", "Origin");
  }
}

Response submit(WebFormService& service, const http::ClientAddress& client_address, Request& req) {
  auto form = service.form_for(req.param("key"));
  if (!form) return problem_for(req, form.problem());
  // A form limited to some sites refuses a browser posting from another one.
  const std::string origin(req.header("Origin"));
  if (!origin.empty() && origin != "null" && !form->allowed_origins.empty() &&
      std::find(form->allowed_origins.begin(), form->allowed_origins.end(), origin) == form->allowed_origins.end())
    return problem_for(req, Problem::forbidden("This form does not take requests from " + origin));
  int wait = 0;
  if (Status admitted = service.admit(*form, client_address.of(req), wait); !admitted) {
    Response r = problem_for(req, admitted.problem());
    r.header("Retry-After", std::to_string(wait));
    allow_origin(req, *form, r);
    return r;
  }
  auto fields = http::read_posted_fields(req);
  if (!fields) return problem_for(req, fields.problem());
  Result<Submission> read = read_submission([&](std::string_view name) { return http::form_field(*fields, name); });
  if (!read) {
    Response r = problem_for(req, read.problem());
    allow_origin(req, *form, r);
    return r;
  }
  auto done = service.submit(*form, *read);
  if (!done) return problem_for(req, done.problem());
  Response r;
  if (http::wants_json(req)) r = http::json(202, json::object{{"received", true}});
  else if (form->redirect_url) {
    r.status = 303;
    r.header("Location", *form->redirect_url);
  }
  else r = http::public_page(200, "Thank you", "<p>We received your request and will answer you by email.</p>");
  allow_origin(req, *form, r);
  return r;
}

}  // namespace

void add_web_form_routes(http::Api& api, std::shared_ptr<WebFormService> service, const http::ClientAddress& client_address) {
  auto doc = [](std::string summary, std::string request, std::string response, int status = 200) {
    return http::RouteDoc{.summary = std::move(summary), .tag = "Web form", .request_schema = std::move(request),
                          .response_schema = std::move(response), .success_status = status, .restricted = true};
  };
  api.route("GET", "/api/v1/web-forms",
            http::admins_only("manage web forms", [service](Request& req, const identity::Context& ctx) -> Response {
              json::array data;
              for (const auto& f : service->list(ctx)) data.push_back(web_form_json(f, http::base_url(req)));
              return http::json(200, json::object{{"data", std::move(data)}});
            }),
            doc("The workspace's public web forms (admins)", "", "WebFormList"));
  api.route("POST", "/api/v1/web-forms",
            http::admins_only("manage web forms", [service](Request& req, const identity::Context& ctx) -> Response {
              auto body = http::parse_json_object(req);
              if (!body) return http::fail(body.problem(), req);
              auto f = service->create(ctx, *body);
              if (!f) return http::fail(f.problem(), req);
              return http::json(201, web_form_json(*f, http::base_url(req)));
            }),
            doc("Make a public web form that opens tickets (admins)", "WebFormInput", "WebForm", 201));
  api.route("GET", "/api/v1/web-forms/{id}",
            http::admins_only("manage web forms", [service](Request& req, const identity::Context& ctx) -> Response {
              auto f = service->get(ctx, req.param("id"));
              if (!f) return http::fail(f.problem(), req);
              return http::json(200, web_form_json(*f, http::base_url(req)));
            }),
            doc("A web form, with its submit URL and the HTML to embed (admins)", "", "WebForm"));
  api.route("PATCH", "/api/v1/web-forms/{id}",
            http::admins_only("manage web forms", [service](Request& req, const identity::Context& ctx) -> Response {
              auto body = http::parse_json_object(req);
              if (!body) return http::fail(body.problem(), req);
              auto f = service->update(ctx, req.param("id"), *body);
              if (!f) return http::fail(f.problem(), req);
              return http::json(200, web_form_json(*f, http::base_url(req)));
            }),
            doc("Change a web form's settings (admins); its key stays", "WebFormInput", "WebForm"));
  api.route("DELETE", "/api/v1/web-forms/{id}",
            http::admins_only("manage web forms", [service](Request& req, const identity::Context& ctx) -> Response {
              if (Status st = service->remove(ctx, req.param("id")); !st) return http::fail(st.problem(), req);
              return http::no_content();
            }),
            doc("Delete a web form: its URL stops answering (404); its tickets stay (admins)", "", "", 204));
  api.public_route(
      "POST", "/api/v1/public/web-forms/{key}",
      [service, &client_address](Request& req) { return submit(*service, client_address, req); },
      {.summary = "Open a ticket through a web form (public, no sign-in)",
       .description =
           "The body is an HTML form's (application/x-www-form-urlencoded: name, email, subject, message and the "
           "empty honeypot field website) or the same fields as JSON. A browser's form post gets a thank-you page, or "
           "a 303 to the form's redirect_url; a script (Accept: application/json, or a JSON body) gets 202 "
           "{\"received\": true}, readable from the form's allowed_origins (a form post needs no CORS preflight). "
           "A filled honeypot is answered the same and opens nothing. The requester is the workspace's contact with "
           "that email, or a new one; when the form has confirm_email and the workspace sends email, they are emailed "
           "\"We got your request #N\" (kept as the ticket's first message, so their answer joins the ticket). 404 for an unknown or disabled form, 403 from an origin the form does not list, "
           "422 naming each bad field, 429 with Retry-After beyond a few submissions a minute from one address.",
       .tag = "Web form",
       .request_schema = "WebFormSubmission",
       .response_schema = "WebFormReceipt",
       .success_status = 202,
       .is_public = true,
       .problems = {{403, "The form lists allowed origins and the post came from another site"},
                    {429, "Too many submissions from this address or to this form: wait Retry-After seconds"}},
       .html_pages = {{200, "A browser's form post: the thank-you page"},
                      {400, "A browser's form post: the body was not a well-formed form"},
                      {403, "A browser's form post from a site the form does not list"},
                      {404, "A browser's form post to an unknown or disabled form"},
                      {415, "A browser's post of another body type"},
                      {422, "A browser's form post: the fields to correct"},
                      {429, "A browser's form post: too many, wait"}},
       .see_other = "A browser's form post to a form with a redirect_url: sent there"});
}

}  // namespace rapport::support

// The form routes read the path, the query and the body and answer; the rules are form_service's
// and form_intake's.
#include "modules/marketing/form_routes.hpp"

#include <memory>

#include "modules/marketing/form_intake.hpp"
#include "modules/marketing/form_page.hpp"
#include "modules/marketing/form_service.hpp"
#include "platform/http/crud_routes.hpp"
#include "platform/http/public_form.hpp"
#include "platform/http/public_page.hpp"
#include "platform/records/keyset.hpp"

namespace rapport::marketing {
namespace json = boost::json;
using http::Request;
using http::Response;

namespace {

const char* const kTag = "Forms";
const char* const kManagers = "An admin, or a role that exports every contact (marketing); 403 for anyone else.";

// Any site may embed a form and post to it; the answer says only whether it was taken.
void allow_any_origin(Response& r) { r.header("Access-Control-Allow-Origin", "*"); }

// The visit's UTM parameters and referrer from the page's query, the referrer else from the header
// (the page the form is embedded in).
http::FormFields visit_of(const Request& req) {
  http::FormFields out;
  for (const auto& key : visit_keys())
    if (const std::string* v = req.query_param(key); v && !v->empty()) out.emplace_back(key, *v);
  if (!http::form_field(out, "referrer") && !req.header("Referer").empty()) out.emplace_back("referrer", std::string(req.header("Referer")));
  return out;
}

// The page with the posted values and errors, for a browser whose post needs correcting.
Response correct_page(db::Database& db, const form_store::Located& f, const http::FormFields& values, std::vector<FieldError> errors) {
  auto inputs = db.read([&](db::Connection& c) { return form_inputs(c, f.workspace_id, f.form); });
  PageState state{.values = &values, .errors = std::move(errors), .visit = {}};
  for (const auto& key : visit_keys())
    if (const std::string* v = http::form_field(values, key)) state.visit.emplace_back(key, *v);
  return form_page(f.form, inputs, state, 422);
}

Response submit(FormIntake& intake, db::Database& db, const http::ClientAddress& client_address, Request& req) {
  const std::string title = "We could not take your details";
  auto form = intake.form_for(req.param("form_id"));
  if (!form) {
    Response r = http::public_problem(req, form.problem(), "This form does not exist");
    allow_any_origin(r);
    return r;
  }
  int wait = 0;
  if (Status admitted = intake.admit(form->form.id, client_address.of(req), wait); !admitted) {
    Response r = http::public_problem(req, admitted.problem(), title);
    r.header("Retry-After", std::to_string(wait));
    allow_any_origin(r);
    return r;
  }
  auto fields = http::read_posted_fields(req);
  if (!fields) {
    Response r = http::public_problem(req, fields.problem(), title, "<p>Go back and send the form again.</p>");
    allow_any_origin(r);
    return r;
  }
  auto done = intake.submit(*form, *fields);
  if (!done) {
    Response r = done.problem().status == 422 && !http::wants_json(req)
                     ? correct_page(db, *form, *fields, done.problem().errors)
                     : http::public_problem(req, done.problem(), title);
    allow_any_origin(r);
    return r;
  }
  // A honeypot's submission gets the same answer as a person's.
  Response r;
  if (http::wants_json(req)) {
    r = http::json(200, json::object{{"received", true},
                                     {"message", form->form.success_message ? json::value(*form->form.success_message) : json::value(nullptr)},
                                     {"redirect_url", form->form.redirect_url ? json::value(*form->form.redirect_url) : json::value(nullptr)}});
  } else if (form->form.redirect_url) {
    r.status = 303;
    r.header("Location", *form->form.redirect_url);
  } else {
    r = thanks_page(form->form);
  }
  allow_any_origin(r);
  return r;
}

Result<bool> count_param(const Request& req) {
  const std::string* v = req.query_param("count");
  if (!v || *v == "false") return false;
  if (*v == "true") return true;
  return Problem::bad_request("count must be true or false");
}

Result<int> limit_param(const Request& req) {
  const std::string* v = req.query_param("limit");
  if (!v) return 50;
  auto n = records::keyset::parse_limit(*v);
  if (!n || *n > kMaxSubmissionsPage) {
    std::string message = "limit must be an integer from 1 to ";
    message += std::to_string(kMaxSubmissionsPage);
    return Problem::bad_request(std::move(message));
  }
  return *n;
}

}  // namespace

void add_form_routes(http::Api& api, db::Database& db, const http::ClientAddress& client_address) {
  auto service = std::make_shared<FormService>(db);
  http::add_crud_routes<Form>(
      api,
      {.path = "/api/v1/forms",
       .tag = kTag,
       .schema = "Form",
       .list_doc = {.summary = "List the workspace's lead capture forms", .description = kManagers, .restricted = true},
       .create_doc = {.summary = "Create a lead capture form",
                      .description = std::string("fields map inputs to the target's fields (lead or contact) or custom fields "
                                                 "(custom.<name>); email must be one of them, required. consents: a checkbox a "
                                                 "channel with its text (versioned). redirect_url: http or https only. list_id: a "
                                                 "static list new and updated contacts join. Its public address is /f/{id}. ") +
                                     kManagers,
                      .problems = {{409, "A form of this name exists (errors[0].existing_id names it), or the workspace has 200 forms"}}},
       .read_doc = {.summary = "Read a lead capture form", .description = kManagers, .restricted = true},
       .change_doc = {.summary = "Change a lead capture form",
                      .description = std::string("Checked as at creation. A consent whose text changes gets a new version (the "
                                                 "form's new version); submissions keep the text they were given. ") + kManagers,
                      .problems = {{409, "A form of this name exists (errors[0].existing_id names it)"}}},
       .delete_doc = {.summary = "Delete a lead capture form and its submissions",
                      .description = std::string("Its address stops answering (404); the leads, contacts and consents it made "
                                                 "stay. ") + kManagers},
       .may_create = may_manage_forms,
       .may_change = may_manage_forms,
       .handlers = http::service_handlers<Form>(service, read_form_body)});

  api.route("GET", "/api/v1/forms/{id}/submissions",
            [service](Request& req, const identity::Context& ctx) -> Response {
              if (Status st = may_manage_forms(ctx); !st) return http::fail(st.problem(), req);
              auto limit = limit_param(req);
              if (!limit) return http::fail(limit.problem(), req);
              auto count = count_param(req);
              if (!count) return http::fail(count.problem(), req);
              const std::string* cursor = req.query_param("cursor");
              auto page = service->submissions(ctx, req.param("id"), cursor ? *cursor : "", *limit, *count);
              if (!page) return http::fail(page.problem(), req);
              json::array data;
              for (const auto& s : page->data) data.push_back(s.to_json());
              json::object out{{"data", std::move(data)},
                               {"next_cursor", page->next_cursor ? json::value(*page->next_cursor) : json::value(nullptr)}};
              if (page->total) out["total"] = *page->total;
              return http::json(200, out);
            },
            {.summary = "A form's submissions, newest first, a page at a time",
             .description = std::string("Each names the lead or contact it made or updated, the consents ticked with their "
                                        "text and version, and the visit's UTM parameters and referrer. ") + kManagers,
             .tag = kTag,
             .response_schema = "FormSubmissionPage",
             .query_params = {{"limit", "Submissions per page (default 50)", "integer", "", {}, 1, kMaxSubmissionsPage},
                              {"cursor", "next_cursor of the previous page"},
                              {"count", "true: the answer's total counts every submission of the form", "boolean"}},
             .restricted = true});

  auto intake = std::make_shared<FormIntake>(db);
  db::Database* database = &db;
  std::vector<http::QueryParamDoc> visit_params;
  for (const auto& key : visit_keys())
    visit_params.push_back({key, key == "referrer" ? "The page the visitor came from (else the Referer header is kept)"
                                                   : "The visit's " + key + ", kept with the submission"});
  api.public_route(
      "GET", "/f/{form_id}",
      [intake, database](Request& req) -> Response {
        auto form = intake->form_for(req.param("form_id"));
        if (!form) return http::problem_page(form.problem(), "This form does not exist");
        auto inputs = database->read([&](db::Connection& c) { return form_inputs(c, form->workspace_id, form->form); });
        return form_page(form->form, inputs, PageState{.values = nullptr, .errors = {}, .visit = visit_of(req)});
      },
      {.summary = "A form's page, to fill in or to embed in a frame (public, no sign-in)",
       .description = "An HTML page (no script) any site may frame: "
                      "<iframe src=\"https://<server>/f/{form_id}?utm_source=...\"></iframe>. Its UTM parameters and "
                      "referrer (or the Referer header) are carried into the post as hidden fields. 404 (a page) for an "
                      "unknown or disabled form.",
       .tag = kTag,
       .is_public = true,
       .response_content_type = "text/html",
       .query_params = visit_params,
       .html_pages = {{200, "The form's page"}, {404, "An unknown or disabled form"}}});
  api.public_route(
      "POST", "/f/{form_id}",
      [intake, database, &client_address](Request& req) { return submit(*intake, *database, client_address, req); },
      {.summary = "Send a form (public, no sign-in)",
       .description =
           "The body is the form's fields by name (email, first_name, custom.<name>), consent.<channel> for each consent "
           "ticked (on or true), utm_source, utm_medium, utm_campaign, utm_term, utm_content and referrer, and the empty "
           "honeypot field homepage: as application/x-www-form-urlencoded (an HTML form) or a JSON object (a script, from "
           "any origin: Access-Control-Allow-Origin *). The lead or contact with that email is updated, or made; the "
           "consents ticked are recorded with their text's version. A script (JSON body, or Accept: application/json) gets "
           "200 {\"received\": true, \"message\", \"redirect_url\"}; a browser's form post the success message page, or a "
           "303 to the form's redirect_url. A filled honeypot is answered the same and stores nothing. 404 for an unknown "
           "or disabled form, 422 naming each field to correct (a browser: the form again with the errors beside the "
           "fields), 429 with Retry-After beyond a few submissions a minute from one address or about one a second to one "
           "form.",
       .tag = kTag,
       .request_schema = "FormPost",
       .response_schema = "FormReceipt",
       .is_public = true,
       .problems = {{429, "Too many submissions from this address or to this form: wait Retry-After seconds"}},
       .html_pages = {{200, "A browser's form post: the success message"},
                      {400, "A browser's form post: the body was not a well-formed form"},
                      {404, "A browser's form post to an unknown or disabled form"},
                      {415, "A browser's post of another body type"},
                      {422, "A browser's form post: the form again, the fields to correct marked"},
                      {429, "A browser's form post: too many, wait"}},
       .see_other = "A browser's form post to a form with a redirect_url: sent there"});
  api.public_route(
      "OPTIONS", "/f/{form_id}",
      [](Request&) -> Response {
        Response r = http::no_content();
        allow_any_origin(r);
        r.header("Access-Control-Allow-Methods", "POST");
        r.header("Access-Control-Allow-Headers", "Content-Type, Accept");
        r.header("Access-Control-Max-Age", "86400");
        return r;
      },
      {.summary = "The CORS preflight of a script's JSON post to a form (public)",
       .description = "Any origin may post to a form: 204 with Access-Control-Allow-Origin *, the method POST and the "
                      "headers Content-Type and Accept.",
       .tag = kTag,
       .success_status = 204,
       .is_public = true});
}

}  // namespace rapport::marketing

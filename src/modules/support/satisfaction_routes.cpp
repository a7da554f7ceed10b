#include "modules/support/satisfaction_routes.hpp"

#include "modules/email/template_engine.hpp"
#include "platform/http/public_page.hpp"
#include "platform/http/admins_only.hpp"
#include "platform/http/form_body.hpp"

namespace rapport::support {
namespace json = boost::json;
using email::html_escape;
using http::Request;
using http::Response;

namespace {

// The survey: the ticket, the two choices (the link's, or the rating already given, checked) and a
// comment box, posted back to the same address.
Response survey_page(const SurveyTicket& t, const std::string& chosen) {
  auto choice = [&](const char* value, const char* label) {
    return std::string("<label class=\"choice\"><input type=\"radio\" name=\"rating\" value=\"") + value + "\"" +
           (chosen == value ? " checked" : "") + " required> " + label + "</label>";
  };
  std::string ref = "#";
  ref += std::to_string(t.number);
  ref += ' ';
  ref += t.subject;
  return http::public_page(200, "How did we do?",
                     "<p class=\"muted\">Your request " + html_escape(ref) +
                         "</p><form method=\"post\"><fieldset><legend class=\"muted\">How would you rate the help you got?</legend>" +
                         choice("good", "&#128077; Good") + choice("bad", "&#128078; Bad") +
                         "</fieldset><label for=\"comment\">Anything you want to tell us? (optional)</label>"
                         "<textarea id=\"comment\" name=\"comment\" rows=\"4\" maxlength=\"2000\">" +
                         html_escape(t.comment.value_or("")) + "</textarea><button type=\"submit\">Send</button></form>");
}

}  // namespace

void add_satisfaction_routes(http::Api& api, db::Database& db, std::shared_ptr<SurveyService> surveys, bool has_public_url) {
  db::Database* d = &db;
  api.route("GET", "/api/v1/support/settings",
            http::admins_only("read the support settings", [d](Request&, const identity::Context& ctx) -> Response {
              return http::json(200, support_settings_json(d->read([&](db::Connection& c) {
                                  return read_support_settings(c, ctx.workspace_id);
                                })));
            }),
            {.summary = "The workspace's support settings (admins)", .tag = "Support settings",
             .response_schema = "SupportSettings", .restricted = true});
  api.route("PUT", "/api/v1/support/settings",
            http::admins_only("change the support settings", [d, has_public_url](Request& req, const identity::Context& ctx) -> Response {
              auto body = http::parse_json_object(req);
              if (!body) return http::fail(body.problem(), req);
              auto s = put_support_settings(*d, ctx, *body, has_public_url);
              if (!s) return http::fail(s.problem(), req);
              return http::json(200, support_settings_json(*s));
            }),
            {.summary = "Change the workspace's support settings (admins)",
             .description = "satisfaction_survey: when true, a ticket that becomes solved emails its requester a link to rate "
                            "the help they got (good or bad, with a comment), recorded on the ticket as satisfaction, "
                            "satisfaction_comment and satisfaction_at. Needs the server's --public-url (422 otherwise) and "
                            "the workspace's email settings (no email is sent without them).",
             .tag = "Support settings",
             .request_schema = "SupportSettingsInput",
             .response_schema = "SupportSettings",
             .restricted = true});
  api.public_route(
      "GET", "/api/v1/public/satisfaction/{token}",
      [surveys](Request& req) -> Response {
        auto t = surveys->open(req.param("token"));
        if (!t) return http::link_problem_page(t.problem());
        const std::string* rating = req.query_param("rating");
        return survey_page(*t, rating ? *rating : t->rating.value_or(""));
      },
      {.summary = "The satisfaction survey's page (public: the link in the survey email)",
       .description = "A page with the ticket's number and subject, the choice good or bad (the link's rating, or the one "
                      "already given) and a comment box. Opening it records nothing (mail scanners open links); its form "
                      "posts to the same address.",
       .tag = "Satisfaction survey",
       .is_public = true,
       .response_content_type = "text/html",
       .query_params = {{"rating", "The choice to show made: good or bad", "string", "", {"good", "bad"}}},
       .html_pages = {{404, "The link is not valid, has expired, or its ticket is gone"}}});
  api.public_route(
      "POST", "/api/v1/public/satisfaction/{token}",
      [surveys](Request& req) -> Response {
        if (req.header("Content-Type").substr(0, 33) != "application/x-www-form-urlencoded")
          return http::link_problem_page(Problem{415, "Unsupported Media Type", "Send the survey's form", {}, "unsupported-media-type"});
        auto fields = http::parse_form_body(req.body());
        if (!fields) return http::link_problem_page(Problem::bad_request("The form's body is not well-formed"));
        const std::string* rating = http::form_field(*fields, "rating");
        const std::string* comment = http::form_field(*fields, "comment");
        auto t = surveys->rate(req.param("token"), rating ? *rating : "", comment ? *comment : "");
        if (!t) return http::link_problem_page(t.problem());
        return http::public_page(200, "Thank you",
                           "<p>We recorded your rating (" + html_escape(*t->rating) + ") for request #" + std::to_string(t->number) +
                               ". You may change it from the same link.</p>");
      },
      {.summary = "Record a satisfaction rating (public: the survey page's form)",
       .description = "The form of GET /api/v1/public/satisfaction/{token}: rating (good or bad) and comment (at most 2000 "
                      "characters). Recorded on the ticket as a change by satisfaction-survey; the same link may change it "
                      "while it works (30 days), a few times a minute at most.",
       .tag = "Satisfaction survey",
       .request_content_type = "application/x-www-form-urlencoded",
       .is_public = true,
       .response_content_type = "text/html",
       .html_pages = {{400, "The form's body is not well-formed"},
                      {404, "The link is not valid, has expired, or its ticket is gone"},
                      {415, "Not a form post"},
                      {422, "No rating chosen, or too long a comment"},
                      {429, "The rating changed several times just now"}}});
}

}  // namespace rapport::support

#include "modules/marketing/unsubscribe_routes.hpp"

#include "modules/email/template_engine.hpp"
#include "platform/http/public_page.hpp"
#include "platform/http/form_body.hpp"

namespace rapport::marketing {
using email::html_escape;
using http::Request;
using http::Response;
using http::public_page;

namespace {

std::string channel_label(const std::string& channel) {
  if (channel == "email_marketing") return "Marketing email: news and offers";
  if (channel == "phone") return "Phone calls";
  if (channel == "sms") return "Text messages (SMS)";
  return channel;
}

// The choices, each channel a checkbox (checked: subscribed), and a one-click button for email.
Response preferences_page(const Preferences& p, const std::string& note) {
  std::string who = p.workspace_name.empty() ? "we" : p.workspace_name;
  std::string boxes;
  for (const auto& c : p.channels)
    boxes += "<label class=\"choice\" style=\"text-align:left\"><input type=\"checkbox\" name=\"channel\" value=\"" +
             html_escape(c.channel) + "\"" + (c.subscribed ? " checked" : "") + "> " + html_escape(channel_label(c.channel)) +
             "</label>";
  return public_page(
      200, "Your contact preferences",
      (note.empty() ? "" : "<p><strong>" + html_escape(note) + "</strong></p>") + "<p class=\"muted\">Choose how " +
          html_escape(who) +
          " may contact you. A box that is not ticked means no.</p>"
          "<form method=\"post\"><input type=\"hidden\" name=\"form\" value=\"preferences\">"
          "<fieldset style=\"flex-direction:column\"><legend class=\"muted\">Keep me subscribed to</legend>" +
          boxes +
          "</fieldset><button type=\"submit\">Save my choices</button></form>"
          "<form method=\"post\"><input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">"
          "<button type=\"submit\" style=\"background:#59636e\">Unsubscribe from all marketing email</button></form>");
}

// RFC 8058 §3.1: the body is List-Unsubscribe=One-Click, sent as multipart/form-data or as
// application/x-www-form-urlencoded. A multipart body is judged by its one field.
bool multipart_one_click(const std::string& body) {
  return body.find("name=\"List-Unsubscribe\"") != std::string::npos && body.find("One-Click") != std::string::npos;
}

}  // namespace

void add_unsubscribe_routes(http::Api& api, std::shared_ptr<UnsubscribeService> service) {
  api.public_route(
      "GET", "/u/{token}",
      [service](Request& req) -> Response {
        auto p = service->show(req.param("token"));
        if (!p) return http::link_problem_page(p.problem());
        return preferences_page(*p, "");
      },
      {.summary = "A campaign recipient's contact preferences page (public: the unsubscribe link)",
       .description = "A page listing each consent channel (marketing email, phone, SMS) with the contact's current "
                      "choice, a form to change them and a button to unsubscribe from marketing email, both posting "
                      "to the same address. Opening it changes nothing (mail scanners open links).",
       .tag = "Unsubscribe",
       .is_public = true,
       .response_content_type = "text/html",
       .html_pages = {{404, "The link is not valid, or its contact is erased"}}});
  api.public_route(
      "POST", "/u/{token}",
      [service](Request& req) -> Response {
        const std::string_view type = req.header("Content-Type");
        Result<Preferences> done = Problem::bad_request("");
        bool one_click = false;
        if (type.substr(0, 19) == "multipart/form-data") {
          if (!multipart_one_click(req.body()))
            return http::link_problem_page(Problem::invalid({{"List-Unsubscribe", "required", "send List-Unsubscribe=One-Click"}}));
          one_click = true;
          done = service->one_click(req.param("token"));
        } else if (type.substr(0, 33) == "application/x-www-form-urlencoded") {
          auto fields = http::parse_form_body(req.body());
          if (!fields) return http::link_problem_page(Problem::bad_request("The form's body is not well-formed"));
          const std::string* click = http::form_field(*fields, "List-Unsubscribe");
          const std::string* form = http::form_field(*fields, "form");
          if (click && *click == "One-Click") {
            one_click = true;
            done = service->one_click(req.param("token"));
          } else if (form && *form == "preferences") {
            std::vector<std::string> kept;
            for (const auto& [name, value] : *fields)
              if (name == "channel") kept.push_back(value);
            done = service->choose(req.param("token"), kept);
          } else {
            return http::link_problem_page(Problem::invalid(
                {{"List-Unsubscribe", "required", "send List-Unsubscribe=One-Click, or the preference page's form"}}));
          }
        } else {
          return http::link_problem_page(Problem{415, "Unsupported Media Type", "Send a form (List-Unsubscribe=One-Click)", {}, "unsupported-media-type"});
        }
        if (!done) return http::link_problem_page(done.problem());
        return preferences_page(*done, one_click ? "You are unsubscribed from marketing email." : "Your choices are saved.");
      },
      {.summary = "Unsubscribe, or save the preference page's choices (public: RFC 8058 one-click and the page's form)",
       .description = "The body List-Unsubscribe=One-Click (application/x-www-form-urlencoded or multipart/form-data, "
                      "as mail clients send it from the List-Unsubscribe-Post header) withdraws the contact's "
                      "email_marketing consent at once; the preference page's form (form=preferences and a channel "
                      "field per channel kept) records each channel whose state changes. Each change is a consent of "
                      "source unsubscribe_link, noted with the campaign, committed before the answer: the page again, "
                      "saying what was done. A few changes a minute per contact at most.",
       .tag = "Unsubscribe",
       .request_content_type = "application/x-www-form-urlencoded",
       .is_public = true,
       .response_content_type = "text/html",
       .html_pages = {{400, "The form's body is not well-formed"},
                      {404, "The link is not valid, or its contact is erased"},
                      {415, "Not a form post"},
                      {422, "Neither the one-click body nor the page's form, or an unknown channel"},
                      {429, "The choices changed several times just now"}}});
}

}  // namespace rapport::marketing

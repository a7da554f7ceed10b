#include "modules/support/web_forms.hpp"

#include <boost/url/parse.hpp>

#include "modules/customers/specs.hpp"
#include "modules/email/template_engine.hpp"
#include "modules/support/specs.hpp"
#include "modules/support/web_form_confirmation.hpp"
#include "platform/case_fold.hpp"
#include "platform/clock.hpp"
#include "platform/formats.hpp"
#include "platform/http/body_reader.hpp"
#include "platform/identity/server_context.hpp"
#include "platform/ids.hpp"
#include "platform/records/service.hpp"

namespace rapport::support {
namespace json = boost::json;

namespace {

constexpr std::size_t kMaxOrigins = 20;
// A client address may open kClientBurst tickets at once through a form, then one every
// kClientEverySeconds; a form as a whole kFormBurst, then one a second.
constexpr double kClientBurst = 5, kClientEverySeconds = 12;
constexpr double kFormBurst = 60, kFormPerSecond = 1;

const records::Store& tickets() {
  static const records::Store s(ticket_spec());
  return s;
}

const records::Store& contacts() {
  static const records::Store s(customers::contact_spec());
  return s;
}

// "https://help.example.com" or "http://localhost:3000": a scheme, a host, maybe a port, and
// nothing else (an Origin header's shape), lower-cased.
std::optional<std::string> origin_of(std::string_view text) {
  auto u = boost::urls::parse_absolute_uri(text);
  if (!u || (u->scheme() != "https" && u->scheme() != "http") || !u->has_authority() || u->host().empty() ||
      u->has_userinfo() || !(u->path().empty() || u->path() == "/") || u->has_query() || u->has_fragment())
    return std::nullopt;
  std::string out(u->scheme());
  out += "://";
  out += case_fold::key(u->host());
  if (u->has_port()) {
    out += ':';
    out += u->port();
  }
  return out;
}

// Reads the settings a body gives into f; errors into in.
void read_settings(db::Connection& c, const identity::Context& ctx, const json::object& body, http::BodyReader& in, WebForm& f) {
  in.only({"name", "team_id", "priority", "allowed_origins", "redirect_url", "enabled", "confirm_email"}, "a web form");
  if (auto name = in.text("name", 1, 100, f.name.empty())) f.name = *name;
  if (auto team = in.text("team_id", 0, 36, false, true)) {
    if (team->empty()) {
      f.team_id.reset();
    } else if (!ids::is_uuid(*team) ||
               std::holds_alternative<std::nullptr_t>(
                   c.scalar("SELECT 1 FROM teams WHERE workspace_id = ? AND id = ?", {ctx.workspace_id, *team}))) {
      in.error("team_id", "not_found", "refers to no team of this workspace");
    } else {
      f.team_id = *team;
    }
  }
  if (auto p = in.text("priority", 1, 10)) {
    if (*p == "low" || *p == "normal" || *p == "high" || *p == "urgent") f.priority = *p;
    else in.error("priority", "enum", "must be low, normal, high or urgent");
  }
  if (auto* origins = body.if_contains("allowed_origins")) {
    if (!origins->is_array() || origins->as_array().size() > kMaxOrigins) {
      in.error("allowed_origins", "type", "must be an array of at most 20 origins such as https://help.example.com");
    } else {
      f.allowed_origins.clear();
      for (std::size_t i = 0; i < origins->as_array().size(); ++i) {
        const auto& o = origins->as_array()[i];
        auto origin = o.is_string() && o.as_string().size() <= 300 ? origin_of(o.as_string()) : std::nullopt;
        std::string field = "allowed_origins[";
        field += std::to_string(i);
        field += "]";
        if (!origin) in.error(field, "origin", "must be a scheme and a host, such as https://help.example.com");
        else if (std::find(f.allowed_origins.begin(), f.allowed_origins.end(), *origin) == f.allowed_origins.end())
          f.allowed_origins.push_back(*origin);
      }
    }
  }
  if (auto url = in.text("redirect_url", 0, 2048, false, true)) {
    if (url->empty()) f.redirect_url.reset();
    else if (!formats::is_url(*url)) in.error("redirect_url", "url", "must be an absolute http or https URL");
    else f.redirect_url = *url;
  }
  if (auto enabled = in.boolean("enabled")) f.enabled = *enabled;
  if (auto confirm = in.boolean("confirm_email")) f.confirm_email = *confirm;
}

// The requester: the live contact with this address, or a new one named as the form says.
Result<std::string> requester_for(db::Connection& c, const identity::Context& ctx, const Submission& s) {
  auto found = c.scalar("SELECT id FROM contacts WHERE workspace_id = ? AND email_key = ? AND deleted_at IS NULL",
                        {ctx.workspace_id, case_fold::key(s.email)});
  if (auto* id = std::get_if<std::string>(&found)) return *id;
  json::object contact{{"email", s.email}};
  if (!s.name.empty()) {
    // "Ana Lima Souza": first name Ana, last name Lima Souza; a single word is a first name.
    auto space = s.name.find(' ');
    contact["first_name"] = s.name.substr(0, std::min<std::size_t>(space, 100));
    if (space != std::string::npos) contact["last_name"] = s.name.substr(space + 1, 100);
  }
  auto made = records::insert_new(c, ctx, contacts(), contact);
  if (!made) return made.take_problem();
  return std::string(made->at("id").as_string());
}

}  // namespace

Result<Submission> read_submission(const std::function<const std::string*(std::string_view)>& field) {
  Submission s;
  std::vector<FieldError> errors;
  auto text = [&](const char* name, std::size_t max, bool required) -> std::string {
    const std::string* v = field(name);
    std::string t = v ? http::trimmed(*v) : std::string();
    if (t.empty() && required) errors.push_back({name, "required", "is required"});
    else if (t.size() > max) errors.push_back({name, "length", "must have at most " + std::to_string(max) + " characters"});
    return t;
  };
  s.name = text("name", 200, false);
  s.email = text("email", 254, true);
  if (!s.email.empty() && s.email.size() <= 254 && !formats::is_email(s.email))
    errors.push_back({"email", "email", "must be an email address we can answer"});
  s.subject = text("subject", 255, true);
  s.message = text("message", kMaxSubmissionMessage, true);
  const std::string* pot = field(kHoneypotField);
  s.honeypot_filled = pot && !pot->empty();
  if (!errors.empty() && !s.honeypot_filled) return Problem::invalid(std::move(errors));
  return s;
}

json::object web_form_json(const WebForm& f, const std::string& base) {
  json::array origins;
  for (const auto& o : f.allowed_origins) origins.emplace_back(o);
  const std::string submit_url = base + "/api/v1/public/web-forms/" + f.key;
  // A form any site can hold without a script: the honeypot is a field people never see.
  const std::string embed =
      "<form method=\"post\" action=\"" + email::html_escape(submit_url) +
      "\" accept-charset=\"utf-8\">\n"
      "  <label>Name <input name=\"name\" autocomplete=\"name\" maxlength=\"200\"></label>\n"
      "  <label>Email <input name=\"email\" type=\"email\" autocomplete=\"email\" required maxlength=\"254\"></label>\n"
      "  <label>Subject <input name=\"subject\" required maxlength=\"255\"></label>\n"
      "  <label>How can we help? <textarea name=\"message\" required maxlength=\"10000\" rows=\"6\"></textarea></label>\n"
      "  <div style=\"position:absolute;left:-10000px\" aria-hidden=\"true\"><input name=\"website\" tabindex=\"-1\" "
      "autocomplete=\"off\"></div>\n"
      "  <button type=\"submit\">Send</button>\n"
      "</form>\n";
  return {{"id", f.id},
          {"name", f.name},
          {"key", f.key},
          {"team_id", f.team_id ? json::value(*f.team_id) : json::value(nullptr)},
          {"priority", f.priority},
          {"allowed_origins", std::move(origins)},
          {"redirect_url", f.redirect_url ? json::value(*f.redirect_url) : json::value(nullptr)},
          {"enabled", f.enabled},
          {"confirm_email", f.confirm_email},
          {"submissions", f.submissions},
          {"spam_caught", f.spam_caught},
          {"created_at", f.created_at},
          {"updated_at", f.updated_at},
          {"submit_url", submit_url},
          {"embed_html", embed}};
}

WebFormService::WebFormService(db::Database& db)
    : db_(db), limiter_(kClientBurst, kClientEverySeconds, kFormBurst, kFormPerSecond) {}

std::vector<WebForm> WebFormService::list(const identity::Context& ctx) {
  return db_.read([&](db::Connection& c) { return form_store::list(c, ctx.workspace_id); });
}

Result<WebForm> WebFormService::get(const identity::Context& ctx, const std::string& id) {
  auto f = db_.read([&](db::Connection& c) { return form_store::find(c, ctx.workspace_id, id); });
  if (!f) return Problem::not_found();
  return *f;
}

Result<WebForm> WebFormService::create(const identity::Context& ctx, const json::object& body) {
  WebForm f;
  Status st = db_.write([&](db::Connection& c) -> Status {
    http::BodyReader in(body);
    read_settings(c, ctx, body, in, f);
    if (!in.ok()) return in.problem();
    if (std::get<int64_t>(c.scalar("SELECT count(*) FROM web_forms WHERE workspace_id = ?", {ctx.workspace_id})) >= kMaxWebForms)
      return Problem::conflict("A workspace has at most 50 web forms: delete one first");
    f.id = ids::uuid_v7();
    f.workspace_id = ctx.workspace_id;
    f.key = std::string(kWebFormKeyPrefix) + ids::random_token(24);
    f.created_at = f.updated_at = clock::now_text();
    form_store::insert(c, f);
    return ok_status();
  });
  if (!st) return st.take_problem();
  return f;
}

Result<WebForm> WebFormService::update(const identity::Context& ctx, const std::string& id, const json::object& body) {
  WebForm f;
  Status st = db_.write([&](db::Connection& c) -> Status {
    auto found = form_store::find(c, ctx.workspace_id, id);
    if (!found) return Problem::not_found();
    f = std::move(*found);
    http::BodyReader in(body);
    read_settings(c, ctx, body, in, f);
    if (!in.ok()) return in.problem();
    f.updated_at = clock::now_text();
    form_store::update(c, f);
    return ok_status();
  });
  if (!st) return st.take_problem();
  return f;
}

Status WebFormService::remove(const identity::Context& ctx, const std::string& id) {
  return db_.write([&](db::Connection& c) -> Status {
    if (!form_store::remove(c, ctx.workspace_id, id)) return Problem::not_found();
    return ok_status();
  });
}

Result<WebForm> WebFormService::form_for(const std::string& key) {
  auto f = db_.read([&](db::Connection& c) { return form_store::find_by_key(c, key); });
  if (!f || !f->enabled) return Problem::not_found();
  return *f;
}

Status WebFormService::admit(const WebForm& form, const std::string& client_address, int& retry_after) {
  return limiter_.admit(form.id, client_address, retry_after);
}

Result<std::optional<int64_t>> WebFormService::submit(const WebForm& form, const Submission& s) {
  std::optional<int64_t> number;
  Status st = db_.write([&](db::Connection& c) -> Status {
    if (s.honeypot_filled) {
      form_store::count(c, form.id, true);
      return ok_status();
    }
    identity::Context ctx = identity::server_context(form.workspace_id);
    ctx.automation_actor = "web-form:" + form.id;
    auto requester = requester_for(c, ctx, s);
    if (!requester) return requester.take_problem();
    json::object ticket{{"subject", s.subject}, {"description", s.message}, {"channel", "web"},
                        {"priority", form.priority}, {"requester_id", *requester}};
    // A team deleted since the form was saved leaves its tickets unqueued rather than refused.
    if (form.team_id && !std::holds_alternative<std::nullptr_t>(c.scalar(
                            "SELECT 1 FROM teams WHERE workspace_id = ? AND id = ?", {form.workspace_id, *form.team_id})))
      ticket["team_id"] = *form.team_id;
    auto made = records::insert_new(c, ctx, tickets(), ticket);
    if (!made) return made.take_problem();
    number = made->at("number").as_int64();
    if (form.confirm_email) {
      auto confirmed = confirm_request(c, ctx, *made, s.email, s.name);
      if (!confirmed) return confirmed.take_problem();
    }
    form_store::count(c, form.id, false);
    return ok_status();
  });
  if (!st) return st.take_problem();
  return number;
}

}  // namespace rapport::support

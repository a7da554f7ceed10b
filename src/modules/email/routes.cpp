// The email routes read the path and the body and answer; the rules are the services'.
#include "modules/email/routes.hpp"

#include "platform/http/admins_only.hpp"
#include "platform/records/keyset_query.hpp"

namespace rapport::email {
namespace json = boost::json;
using http::Request;
using http::Response;
using http::Route;

namespace {

Response with_etag(int status, const json::object& body, int64_t version) {
  Response r = http::json(status, body);
  r.header("ETag", http::etag(version));
  return r;
}

void add_settings_routes(http::Api& api, std::shared_ptr<SettingsService> service) {
  const std::string tag = "Email";
  auto admins_only = [](http::ApiHandler h) { return http::admins_only("see and change the workspace's email settings", std::move(h)); };
  api.route("GET", "/api/v1/email/settings",
            admins_only([service](Request& req, const identity::Context& ctx) -> Response {
              auto s = service->get(ctx);
              if (!s) return http::fail(s.problem(), req);
              return with_etag(200, s->to_json(), s->version);
            }),
            {.summary = "The workspace's SMTP settings (never the password); admins only",
             .description = "configured is false (host and sender null) until an admin sets them.", .tag = tag, .response_schema = "EmailSettings",
             .restricted = true, .sends_etag = true});
  api.route("PUT", "/api/v1/email/settings",
            admins_only([service](Request& req, const identity::Context& ctx) -> Response {
              auto body = http::parse_json_object(req);
              if (!body) return http::fail(body.problem(), req);
              auto in = read_settings_body(*body);
              if (!in) return http::fail(in.problem(), req);
              auto s = service->put(ctx, *in);
              if (!s) return http::fail(s.problem(), req);
              return with_etag(200, s->to_json(), s->version);
            }),
            {.summary = "Set the workspace's SMTP server, credentials and sender; admins only",
             .description = "Replaces the settings. The password is write-only: sealed at rest, never answered; absent "
                            "it is kept, null or \"\" removes it. The host must be or resolve to public addresses unless "
                            "the operator allow-listed it (rapport serve --webhook-allow-host): 422 naming host otherwise, "
                            "503 when DNS does not answer.",
             .tag = tag, .request_schema = "EmailSettingsInput", .response_schema = "EmailSettings", .restricted = true,
             .sends_etag = true, .problems = {{503, "DNS did not answer for the host in time; retry"}}});
}

void add_template_routes(http::Api& api, std::shared_ptr<TemplateService> service) {
  const std::string tag = "Email";
  auto admins_only = [](http::ApiHandler h) { return http::admins_only("create, change and delete email templates", std::move(h)); };
  api.route("GET", "/api/v1/email-templates",
            [service](Request& req, const identity::Context& ctx) -> Response {
              auto list = service->list(ctx);
              if (!list) return http::fail(list.problem(), req);
              json::array data;
              for (const auto& t : *list) data.push_back(t.to_json());
              return http::json(200, json::object{{"data", std::move(data)}});
            },
            {.summary = "List the workspace's email templates", .description = "By name; a workspace has at most 500.",
             .tag = tag, .response_schema = "EmailTemplateList"});
  api.route("POST", "/api/v1/email-templates",
            admins_only([service](Request& req, const identity::Context& ctx) -> Response {
              auto body = http::parse_json_object(req);
              if (!body) return http::fail(body.problem(), req);
              auto in = read_template_body(*body, true);
              if (!in) return http::fail(in.problem(), req);
              auto t = service->create(ctx, *in);
              if (!t) return http::fail(t.problem(), req);
              Response r = with_etag(201, t->to_json(), t->version);
              r.header("Location", "/api/v1/email-templates/" + t->id);
              return r;
            }),
            {.summary = "Create an email template; admins only",
             .description = "subject, text and html may hold merge fields {{object.field}} (object: contact, company, "
                            "lead or deal; custom fields as custom.<name>). An unknown or malformed merge field is a 422 "
                            "naming the part and where; values are HTML-escaped in html.",
             .tag = tag, .request_schema = "EmailTemplateInput", .response_schema = "EmailTemplate", .success_status = 201,
             .restricted = true, .sends_etag = true, .sends_location = true,
             .problems = {{409, "The workspace has 500 email templates already"}}});
  api.route("GET", "/api/v1/email-templates/{id}",
            [service](Request& req, const identity::Context& ctx) -> Response {
              auto t = service->get(ctx, req.param("id"));
              if (!t) return http::fail(t.problem(), req);
              return with_etag(200, t->to_json(), t->version);
            },
            {.summary = "Read an email template", .tag = tag, .response_schema = "EmailTemplate", .sends_etag = true});
  api.route("PATCH", "/api/v1/email-templates/{id}",
            admins_only([service](Request& req, const identity::Context& ctx) -> Response {
              auto body = http::parse_json_object(req);
              if (!body) return http::fail(body.problem(), req);
              auto in = read_template_body(*body, false);
              if (!in) return http::fail(in.problem(), req);
              auto t = service->update(ctx, req.param("id"), *in, req.header("If-Match"));
              if (!t) return http::fail(t.problem(), req);
              return with_etag(200, t->to_json(), t->version);
            }),
            {.summary = "Change an email template; admins only", .description = "Merge fields are checked as at creation.",
             .tag = tag, .request_schema = "EmailTemplatePatch", .response_schema = "EmailTemplate", .conditional = true,
             .restricted = true, .sends_etag = true});
  api.route("DELETE", "/api/v1/email-templates/{id}",
            admins_only([service](Request& req, const identity::Context& ctx) -> Response {
              auto st = service->remove(ctx, req.param("id"), req.header("If-Match"));
              if (!st) return http::fail(st.problem(), req);
              return http::no_content();
            }),
            {.summary = "Delete an email template; admins only",
             .description = "Emails already sent from it keep their text.", .tag = tag, .success_status = 204,
             .conditional = true, .restricted = true});
}

void add_email_routes(http::Api& api, std::shared_ptr<EmailService> service) {
  const std::string tag = "Email";
  api.route("POST", "/api/v1/emails",
            [service](Request& req, const identity::Context& ctx) -> Response {
              if (auto st = service->may_send(ctx); !st) return http::fail(st.problem(), req);
              auto body = http::parse_json_object(req);
              if (!body) return http::fail(body.problem(), req);
              auto in = read_send_body(*body);
              if (!in) return http::fail(in.problem(), req);
              auto e = service->send(ctx, *in);
              if (!e) return http::fail(e.problem(), req);
              return http::json(202, e->to_json());
            },
            {.summary = "Send an email, now or with retries: answers at once with its state, queued",
             .description = "to (and cc) with subject and body (optional html), or template_id rendered with the records "
                            "named (contact_id, company_id, lead_id, deal_id), which the sender must be able to read (422 "
                            "naming the key otherwise). A reply names the email it answers as in_reply_to: it joins that "
                            "thread, with In-Reply-To and References. Sending logs an activity, so the role must create activities "
                            "(403). GET /api/v1/emails/{id} follows it: sent, or failed with the reason after 5 attempts "
                            "over about 2.6 hours; either way it is logged on the timeline of every record named.",
             .tag = tag, .request_schema = "EmailInput", .response_schema = "Email", .success_status = 202,
             .restricted = true,
             .problems = {{409, "Email is not set up in this workspace (PUT /api/v1/email/settings)"}}});
  api.route("GET", "/api/v1/emails",
            [service](Request& req, const identity::Context& ctx) -> Response {
              static const records::keyset::QuerySpec spec{
                  .filters = {{.name = "contact_id", .max_size = 64},
                              {.name = "company_id", .max_size = 64},
                              {.name = "lead_id", .max_size = 64},
                              {.name = "deal_id", .max_size = 64},
                              {.name = "thread_id", .max_size = 64},
                              {.name = "direction", .values = {"inbound", "outbound"}},
                              {.name = "status", .values = {"queued", "sent", "failed", "bounced", "received"}}}};
              auto q = records::keyset::parse_query(store::email_order(), spec, req.query);
              if (!q) return http::fail(q.problem(), req);
              ListRequest in{.limit = q->limit, .after = q->after};
              for (const char* key : kLinkKeys)
                if (auto v = q->value(key)) {
                  if (!in.filter.record_key.empty())
                    return http::fail(Problem::bad_request("Name one record: contact_id, company_id, lead_id or deal_id"), req);
                  in.filter.record_key = key;
                  in.filter.record_id = *v;
                }
              in.filter.thread_id = q->value("thread_id");
              in.filter.direction = q->value("direction");
              in.filter.status = q->value("status");
              auto page = service->list(ctx, std::move(in));
              if (!page) return http::fail(page.problem(), req);
              json::array data;
              for (const auto& e : page->emails) data.push_back(e.to_json());
              return http::json(200, json::object{{"data", std::move(data)},
                                                  {"next_cursor", page->next_cursor ? json::value(*page->next_cursor) : json::value(nullptr)}});
            },
            {.summary = "Emails, sent and received, newest first: a record's threads, or your own",
             .description = "With contact_id, company_id, lead_id or deal_id (one at most: 400 otherwise): every message "
                            "of the threads that concern the record (sent mail naming it; received mail matched to the "
                            "contact, or to a contact of the company), to whoever can read the record (404 otherwise); of a "
                            "company's, only the threads the caller may read (GET /api/v1/emails/{id}), so a page may hold "
                            "fewer than limit while next_cursor goes on. Without one: the mail you sent or logged through your BCC address "
                            "(admins: all of the workspace's). thread_id, direction and status narrow the list; limit "
                            "(1-500) and cursor page. text is the text part, or the text of the HTML part for mail that "
                            "came without one; attachments list each file's size (GET /api/v1/attachments/{id}).",
             .tag = tag, .response_schema = "EmailPage",
             .query_params = {{.name = "limit", .description = "1 to 500, default 50", .type = "integer", .minimum = 1, .maximum = 500},
                              {"cursor", "next_cursor of the previous page"},
                              {"contact_id", "A contact's threads", "string", "uuid"},
                              {"company_id", "A company's threads (its contacts' mail too)", "string", "uuid"},
                              {"lead_id", "A lead's threads", "string", "uuid"},
                              {"deal_id", "A deal's threads", "string", "uuid"},
                              {"thread_id", "One thread: the id of its first message", "string", "uuid"},
                              {.name = "direction", .description = "inbound: received from outside; outbound: sent by a user",
                               .values = {"inbound", "outbound"}},
                              {.name = "status", .description = "queued, sent, failed or bounced (sent mail), received (inbound route)",
                               .values = {"queued", "sent", "failed", "bounced", "received"}}},
             .problems = {{404, "The caller cannot read the record named (or there is none)"}}});
  api.route("GET", "/api/v1/emails/{id}",
            [service](Request& req, const identity::Context& ctx) -> Response {
              auto e = service->get(ctx, req.param("id"));
              if (!e) return http::fail(e.problem(), req);
              return http::json(200, e->to_json());
            },
            {.summary = "An email and its state: queued, sent, failed with the reason, or received",
             .description = "Read by admins, its sender (or the user whose BCC address it reached), and whoever can read a "
                            "contact, lead or deal that a message of its thread concerns: sent mail's contact_id, lead_id "
                            "or deal_id, received mail's matched contacts (the timelines that log it; a company opens no "
                            "mail). Anyone else gets 404. text is the text part, or the text of the HTML part for mail that came without one.",
             .tag = tag, .response_schema = "Email"});
}

// The bytes of a file as a download: never rendered by a browser (whatever the sender claimed it is).
Response download(const store::StoredFile& f) {
  Response r;
  r.status = 200;
  r.body = f.bytes;
  r.content_type = "application/octet-stream";
  // RFC 6266 / 8187: an ASCII fallback and the UTF-8 name percent-encoded.
  std::string ascii, encoded;
  for (unsigned char ch : f.attachment.file_name) {
    ascii += (ch >= 0x20 && ch < 0x7f && ch != '"' && ch != '\\') ? static_cast<char>(ch) : '_';
    if (std::isalnum(ch) || ch == '.' || ch == '-' || ch == '_') {
      encoded += static_cast<char>(ch);
    } else {
      static const char* hex = "0123456789ABCDEF";
      encoded += '%';
      encoded += hex[ch >> 4];
      encoded += hex[ch & 15];
    }
  }
  r.header("Content-Disposition", "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded);
  r.header("X-Content-Type-Options", "nosniff");
  return r;
}

void add_attachment_routes(http::Api& api, std::shared_ptr<EmailService> service) {
  Route& upload = api.route(
      "POST", "/api/v1/attachments",
      [service](Request& req, const identity::Context& ctx) -> Response {
        if (auto st = service->may_send(ctx); !st) return http::fail(st.problem(), req);
        const std::string* name = req.query_param("file_name");
        auto a = service->upload(ctx, name ? *name : "", req.header("Content-Type"), req.body());
        if (!a) return http::fail(a.problem(), req);
        return http::json(201, a->to_json());
      },
      {.summary = "Upload a file to send with an email (attachment_ids of POST /api/v1/emails)",
       .description = "The body is the file (any media type: its Content-Type is kept when it is one, else "
                      "application/octet-stream), at most 10 MiB unless the operator set rapport serve "
                      "--email-attachment-max-bytes (413 beyond); file_name names it. Until sent, "
                      "only you and admins can download it; sent, whoever can read the email. Sending needs a role that "
                      "creates activities (403).",
       .tag = "Email", .response_schema = "EmailAttachment", .request_content_type = "application/octet-stream",
       .success_status = 201, .query_params = {{.name = "file_name", .description = "The file's name (1 to 255 characters)"}},
       .restricted = true});
  upload.body_limit = service->limits().attachment_bytes;
  api.route("GET", "/api/v1/attachments/{id}",
            [service](Request& req, const identity::Context& ctx) -> Response {
              auto f = service->attachment(ctx, req.param("id"));
              if (!f) return http::fail(f.problem(), req);
              return download(*f);
            },
            {.summary = "Download a file an email carries (or a ticket's internal note)",
             .description = "As application/octet-stream with Content-Disposition: attachment (the file name) and "
                            "nosniff: never shown inline. Whoever may read the email (GET /api/v1/emails/{id}) may "
                            "download its files, and whoever may read a ticket the files of its internal notes; anyone "
                            "else gets 404. The email (or the ticket's message) lists them (attachments: id, "
                            "file_name, content_type, size, sha256).",
             .tag = "Email", .response_content_type = "application/octet-stream"});
}

}  // namespace

void add_routes(http::Api& api, EmailServices services) {
  add_settings_routes(api, std::move(services.settings));
  add_template_routes(api, std::move(services.templates));
  add_attachment_routes(api, services.emails);
  add_email_routes(api, std::move(services.emails));
  add_inbound_routes(api, std::move(services.inbound));
}

}  // namespace rapport::email

// The inbound-email routes: the route an MTA posts raw messages to, and the admins' secret routes.
#include "modules/email/mime_parser.hpp"
#include "modules/email/routes.hpp"
#include "platform/http/admins_only.hpp"

namespace rapport::email {
namespace json = boost::json;
using http::Request;
using http::Response;

namespace {

json::object secret_json(const InboundSecret& s) {
  return json::object{{"configured", true},
                      {"id", s.id},
                      {"created_by", s.created_by},
                      {"created_at", s.created_at},
                      {"last_used_at", s.last_used_at ? json::value(*s.last_used_at) : json::value(nullptr)}};
}

// The media type without parameters, lower-cased.
std::string media_type(std::string_view content_type) {
  std::string t(content_type.substr(0, content_type.find(';')));
  while (!t.empty() && t.back() == ' ') t.pop_back();
  for (auto& ch : t) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return t;
}

}  // namespace

void add_inbound_routes(http::Api& api, std::shared_ptr<InboundService> service) {
  const std::string tag = "Email";
  api.credential_route(
      "POST", "/api/v1/inbound-email", [service](const Request& req) { return service->authenticate(req.header("Authorization")); },
      [service](Request& req, const identity::Context& ctx) -> Response {
        if (media_type(req.header("Content-Type")) != "message/rfc822")
          return http::fail(Problem{415, "Unsupported Media Type", "Send the raw message as Content-Type: message/rfc822", {},
                                    "unsupported-media-type"},
                            req);
        std::optional<std::string> envelope_to;
        if (const std::string* rcpt = req.query_param("recipient")) envelope_to = *rcpt;
        auto r = service->receive(ctx, req.body(), envelope_to);
        if (!r) return http::fail(r.problem(), req);
        return http::json(200, json::object{{"stored", r->stored}, {"email", r->email.to_json()}, {"ticket", r->ticket}});
      },
      {.summary = "Receive a raw RFC 5322 message (an MTA pipe or a forwarding service)",
       .description =
           "Authenticated by the workspace's inbound-email secret (Authorization: Bearer rpi_..., from POST "
           "/api/v1/email/inbound-secret), checked before the body is read. The body is the message itself "
           "(message/rfc822, at most 10 MiB unless the operator set rapport serve --email-message-max-bytes: 413 "
           "beyond). A file in it larger than --email-attachment-max-bytes (10 MiB) is a 422 naming attachments.N. "
           "A message that cannot be read whole (broken MIME, headers "
           "over 64 KiB, no From or Message-ID, an unknown or wrong charset, more than 200 parts) is a 422 naming what "
           "is wrong and nothing is stored. A Message-ID the workspace received before answers stored: false with the "
           "stored message (a redelivery). Otherwise the message is stored, threaded (In-Reply-To, then References) "
           "with the messages received and sent, matched to contacts by their email address and logged as an inbound "
           "email on their timelines and their companies'. A message that reached a user's BCC address (GET "
           "/api/v1/email/bcc-address: in Bcc, X-Original-To, Delivered-To, recipient, To or Cc) is that user's "
           "own mail: stored as outbound and logged as sent by them to the contacts in its To and Cc. Mail to a support "
           "mailbox (GET /api/v1/support/mailboxes), or whose In-Reply-To/References name a ticket's message, opens or "
           "joins a ticket: the answer's ticket says which (null: not mail to support).",
       .tag = tag, .response_schema = "InboundReceipt", .request_content_type = "message/rfc822",
       .query_params = {{.name = "recipient",
                         .description = "The envelope recipient the MTA delivered to (Postfix: ${recipient}), when the "
                                        "message's headers may not name it (a Bcc'd copy)"}},
       .credential = "inboundSecret"},
      service->limits().message_bytes);

  auto bcc_json = [](const BccView& v) {
    auto nullable = [](const std::optional<std::string>& s) { return s ? json::value(*s) : json::value(nullptr); };
    return json::object{{"address", nullable(v.address)}, {"domain", nullable(v.domain)}, {"created_at", nullable(v.created_at)}};
  };
  api.route("GET", "/api/v1/email/bcc-address",
            [service, bcc_json](Request& req, const identity::Context& ctx) -> Response {
              auto v = service->bcc_address(ctx, false);
              if (!v) return http::fail(v.problem(), req);
              return http::json(200, bcc_json(*v));
            },
            {.summary = "Your BCC address: mail you send with it in Bcc is logged as sent by you",
             .description = "bcc-<token>@<inbound_domain of the email settings>; null until made (POST) or while the "
                            "workspace has no inbound domain. The MTA of that domain posts what it receives to POST "
                            "/api/v1/inbound-email (docs/email.md).",
             .tag = tag, .response_schema = "BccAddress", .restricted = true});
  api.route("POST", "/api/v1/email/bcc-address",
            [service, bcc_json](Request& req, const identity::Context& ctx) -> Response {
              auto v = service->bcc_address(ctx, true);
              if (!v) return http::fail(v.problem(), req);
              return http::json(201, bcc_json(*v));
            },
            {.summary = "Make (or rotate) your BCC address",
             .description = "The address before stops being logged. Your role must create activities (403).",
             .tag = tag, .response_schema = "BccAddress", .success_status = 201, .restricted = true,
             .problems = {{409, "The workspace has no inbound domain (PUT /api/v1/email/settings inbound_domain)"}}});

  auto admins_only = [](http::ApiHandler h) { return http::admins_only("manage the workspace's inbound-email secret", std::move(h)); };
  api.route("GET", "/api/v1/email/inbound-secret",
            admins_only([service](Request&, const identity::Context& ctx) -> Response {
              auto s = service->secret(ctx);
              if (!s)
                return http::json(200, json::object{{"configured", false}, {"id", nullptr}, {"created_by", nullptr},
                                                    {"created_at", nullptr}, {"last_used_at", nullptr}});
              return http::json(200, secret_json(*s));
            }),
            {.summary = "Whether the workspace has an inbound-email secret (never the secret); admins only", .tag = tag,
             .response_schema = "InboundSecret", .restricted = true});
  api.route("POST", "/api/v1/email/inbound-secret",
            admins_only([service](Request& req, const identity::Context& ctx) -> Response {
              auto made = service->make_secret(ctx);
              if (!made) return http::fail(made.problem(), req);
              json::object o = secret_json(made->first);
              o["secret"] = made->second;
              return http::json(201, o);
            }),
            {.summary = "Make (or rotate) the workspace's inbound-email secret; admins only",
             .description = "Answers the secret once (only its hash is kept). The secret made before stops working at "
                            "once. It acts for the admin who made it and stops working if that admin is deactivated.",
             .tag = tag, .response_schema = "NewInboundSecret", .success_status = 201, .restricted = true});
  api.route("DELETE", "/api/v1/email/inbound-secret",
            admins_only([service](Request& req, const identity::Context& ctx) -> Response {
              if (auto st = service->revoke_secret(ctx); !st) return http::fail(st.problem(), req);
              return http::no_content();
            }),
            {.summary = "Revoke the workspace's inbound-email secret; admins only", .tag = tag, .success_status = 204,
             .restricted = true, .problems = {{404, "The workspace has no inbound-email secret"}}});
}

}  // namespace rapport::email

#include "modules/customers/routes.hpp"

#include "access/context.hpp"
#include "modules/customers/vcard.hpp"
#include "platform/records/scope.hpp"
#include "platform/records/store.hpp"

namespace rapport::customers {
namespace json = boost::json;

namespace {

// The name of the contact's company when the caller may read it (its scope and field rules).
std::string organization_of(records::Service& contacts, const access::Context& ctx, const json::object& contact) {
  auto* company = contact.if_contains("company_id");
  if (!company || !company->is_string() || records::is_hidden(ctx, "companies", "name")) return {};
  return contacts.database().read([&](db::Connection& c) -> std::string {
    if (!records::reference_exists(c, ctx, "companies", std::string(company->as_string()))) return {};
    auto v = c.scalar("SELECT name FROM companies WHERE workspace_id = ? AND id = ?",
                      {ctx.workspace_id, std::string(company->as_string())});
    auto* name = std::get_if<std::string>(&v);
    return name ? *name : std::string();
  });
}

}  // namespace

void add_routes(http::Api& api, records::Service& contacts) {
  records::Service* service = &contacts;
  api.route("GET", "/api/v1/contacts/{id}/vcard",
            [service](http::Request& req, const access::Context& ctx) -> http::Response {
              auto r = service->get(ctx, req.param("id"));
              if (!r) return http::fail(r.problem(), req);
              const json::object contact = json::parse(r->body).as_object();
              http::Response res;
              res.content_type = "text/vcard; charset=utf-8";
              append_vcard(contact, res.body, organization_of(*service, ctx, contact));
              res.header("Content-Disposition", "attachment; filename=\"contact-" + req.param("id") + ".vcf\"");
              res.header("ETag", http::etag(r->version));
              return res;
            },
            {.summary = "A contact as a vCard 4.0 (RFC 6350)",
             .description = "The contact as GET returns it to the caller (fields the role hides are left out), with its "
                            "company's name as ORG when the caller may read the company.",
             .tag = "Contact",
             .response_content_type = "text/vcard",
             .sends_etag = true});
}

}  // namespace rapport::customers

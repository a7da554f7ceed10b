#include "modules/email/settings_service.hpp"

#include "modules/email/email_store.hpp"
#include "platform/clock.hpp"
#include "platform/journal.hpp"

namespace rapport::email {
namespace json = boost::json;

namespace {

const Problem kNotSettingsAdmin = Problem::forbidden("Only an admin can see and change the workspace's email settings");

}  // namespace

Result<net::Target> check_smtp_host(const std::string& host, int64_t port, std::string_view field,
                                    const net::AllowList& allow, const net::Resolver& resolver) {
  // The URL form lets the webhooks' check read the host (a name, an IPv4 or an IPv6 address) and vet it.
  std::string url = "http://";
  if (host.find(':') != std::string::npos) url.append("[").append(host).append("]");
  else url += host;
  url += ':';
  url += std::to_string(port);
  url += '/';
  return net::check_url(url, field, allow, resolver);
}

Result<SmtpSettings> SettingsService::get(const identity::Context& ctx) {
  if (!ctx.is_admin()) return kNotSettingsAdmin;
  auto s = db_.read([&](db::Connection& c) { return store::find_settings(c, ctx.workspace_id); });
  if (!s) return SmtpSettings{.workspace_id = ctx.workspace_id, .port = 0, .security = "none"};
  return std::move(*s);
}

Result<SmtpSettings> SettingsService::put(const identity::Context& ctx, const SettingsChange& in) {
  if (!ctx.is_admin()) return kNotSettingsAdmin;
  if (auto target = check_smtp_host(in.host, in.port, "host", allow_, resolver_); !target) return target.take_problem();
  std::optional<std::string> sealed;
  if (in.password && *in.password) sealed = vault_.seal(**in.password, password_context(ctx.workspace_id));
  SmtpSettings after;
  Status st = db_.write([&](db::Connection& c) -> Status {
    auto before = store::find_settings(c, ctx.workspace_id);
    after = SmtpSettings{.workspace_id = ctx.workspace_id, .host = in.host, .port = in.port, .security = in.security,
                         .username = in.username, .sender = in.sender, .inbound_domain = in.inbound_domain};
    if (in.password) after.password_sealed = sealed;
    else if (before) after.password_sealed = before->password_sealed;
    json::array diff = journal::diff(before ? before->audited() : json::object{}, after.audited());
    // A new password is a change even when one was set before: the audit says so, without it.
    if (in.password && *in.password && before && before->password_sealed)
      diff.push_back(json::object{{"field", "password"}, {"before", "(set)"}, {"after", "(changed)"}});
    if (before && diff.empty()) {
      after = *before;
      return ok_status();
    }
    after.version = before ? before->version + 1 : 1;
    after.updated_at = clock::now_text();
    store::put_settings(c, after);
    journal::audit(c, ctx, "email_settings", ctx.workspace_id, "update", diff);
    return ok_status();
  });
  if (!st) return st.take_problem();
  return after;
}

}  // namespace rapport::email

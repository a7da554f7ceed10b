#include "modules/marketing/lead_consents.hpp"

#include <map>

#include "modules/marketing/form_submission.hpp"
#include "modules/privacy/consents.hpp"

namespace rapport::marketing {
namespace json = boost::json;

namespace {

struct Given {
  std::string submission_id, form_id, submitted_at;
  int64_t version = 0;
};

}  // namespace

int carry_lead_consents(db::Connection& c, const identity::Context& ctx, const std::string& lead_id, const std::string& contact_id) {
  const std::string& ws = ctx.workspace_id;
  // Each channel's newest ticked consent (ids are UUIDv7: id order is time order).
  std::map<std::string, Given> newest;
  auto& st = c.prepare(
      "SELECT id, form_id, consents, submitted_at FROM form_submissions WHERE workspace_id = ? AND object_type = 'leads' "
      "AND record_id = ? ORDER BY id");
  st.bind_all({ws, lead_id});
  while (st.step()) {
    boost::system::error_code ec;
    const json::value consents = json::parse(st.text(2), ec);  // the server's own JSON
    if (ec || !consents.is_array()) continue;
    for (const auto& item : consents.as_array()) {
      const auto* o = item.if_object();
      if (!o || !o->contains("channel") || !o->at("channel").is_string()) continue;
      const auto* version = o->if_contains("version");
      newest[std::string(o->at("channel").as_string())] = {st.text(0), st.text(1), st.text(3),
                                                          version && version->is_int64() ? version->as_int64() : 0};
    }
  }
  st.reset();
  if (newest.empty()) return 0;
  auto email = c.scalar("SELECT email FROM contacts WHERE workspace_id = ? AND id = ?", {ws, contact_id});
  if (const auto* address = std::get_if<std::string>(&email); address && privacy::is_suppressed(c, ws, *address)) return 0;
  const json::object state = privacy::consent_state(c, ws, contact_id);
  const json::object& current = state.at("current").as_object();
  int carried = 0;
  for (const auto& [channel, given] : newest) {
    const auto* now = current.if_contains(channel);
    if (!now) continue;  // not a channel any more
    if (!now->is_null() && std::string(now->at("recorded_at").as_string()) >= given.submitted_at) continue;
    std::string note = consent_note(given.form_id, given.version, given.submission_id);
    note += " of lead ";
    note += lead_id;
    note += " at ";
    note += given.submitted_at;
    note += ", carried at its conversion";
    privacy::append_consent(c, ctx, contact_id, {channel, "granted", "web_form", note});
    ++carried;
  }
  return carried;
}

}  // namespace rapport::marketing

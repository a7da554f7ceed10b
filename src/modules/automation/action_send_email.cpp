// send_email {"template_id", optional "to"}: sends an email template (modules/email) rendered with
// the rule's record, to `to` or, by default, the record's own email address (contacts and leads).
// At creation: the template must exist in the workspace and use only the rule's object's fields
// (a rule on contacts fills {{contact.*}}, nothing else: 422 naming actions.<i>.template_id), `to`
// must be an address, or the object must have one; the author must be able to create activities
// (the sent email is logged as one on the record). At run time the email is queued as POST
// /api/v1/emails queues it (email.send job, retries, the record's timeline), sent for the rule's
// author, in the transaction that commits the step; a record without an address, or a workspace
// without email settings, fails the step.
#include "modules/automation/action_kinds.hpp"
#include "modules/automation/action_support.hpp"
#include "modules/email/email_store.hpp"
#include "modules/email/merge_fields.hpp"
#include "modules/email/send_service.hpp"
#include "modules/email/template_service.hpp"
#include "platform/formats.hpp"

namespace rapport::automation {
namespace json = boost::json;

namespace {

bool has_email_field(const records::ObjectSpec& spec) {
  return std::any_of(spec.fields.begin(), spec.fields.end(), [](const records::FieldSpec& f) { return f.name == "email"; });
}

class SendEmail final : public Action {
 public:
  std::string_view type() const override { return "send_email"; }

  void check(CheckEnv& env, json::object& params) const override {
    refuse_unknown_keys(env, params, {"template_id", "to"});
    if (auto id = text_param(env, params, "template_id", 64, true)) {
      auto t = email::store::find_template(env.c, env.author.workspace_id, *id);
      if (!t) {
        env.errors.push_back({env.path + ".template_id", "not_found", "names no email template of this workspace"});
      } else if (auto parts = email::compile_parts(*t, email::field_catalog(env.c, env.author.workspace_id, {&env.spec})); !parts) {
        env.errors.push_back({env.path + ".template_id", "template",
                              "the template uses fields a rule on " + env.spec.object + " cannot fill (only {{" +
                                  env.spec.singular + ".*}}): " + parts.problem().errors.front().message});
      }
    }
    if (params.contains("to")) {
      if (auto to = text_param(env, params, "to", 254, true); to && !formats::is_email(*to))
        env.errors.push_back({env.path + ".to", "format", "must be an email address"});
    } else if (!has_email_field(env.spec)) {
      env.errors.push_back({env.path + ".to", "required", "is required: " + env.spec.object + " have no email address of their own"});
    }
    require_scope(env, "activities", identity::Action::Create);
  }

  Result<json::object> plan(ActionEnv& env, const json::object& params) const override {
    auto to = recipient(env, params);
    if (!to) return to.take_problem();
    return json::object{{"email", json::object{{"to", json::array{json::value(*to)}}, {"template_id", params.at("template_id")}}}};
  }

  Result<json::object> run(ActionEnv& env, const json::object& params) const override {
    auto to = recipient(env, params);
    if (!to) return to.take_problem();
    email::SendRequest req;
    req.to = {*to};
    req.template_id = std::string(params.at("template_id").as_string());
    req.links[env.spec.singular + "_id"] = env.record.at("id");
    std::map<std::string, std::string> values;
    email::add_values(values, env.spec.singular, env.record);
    json::object detail;
    Status st = env.db.write([&](db::Connection& c) -> Status {
      auto e = email::queue_email(c, env.ctx, {&env.spec}, req, values, env.rule.created_by);
      if (!e) return e.take_problem();
      detail = json::object{{"email_id", e->id}, {"to", *to}, {"subject", e->subject}};
      if (env.commit) env.commit(c, detail);
      return ok_status();
    });
    if (!st) return st.take_problem();
    return detail;
  }

 private:
  // `to`, else the record's email address.
  static Result<std::string> recipient(const ActionEnv& env, const json::object& params) {
    if (const auto* to = params.if_contains("to")) return std::string(to->as_string());
    const auto* own = env.record.if_contains("email");
    if (own && own->is_string() && !own->as_string().empty()) return std::string(own->as_string());
    return Problem::invalid({{"to", "required", "the " + env.spec.singular + " has no email address"}});
  }
};

}  // namespace

const Action& send_email_action() {
  static const SendEmail a;
  return a;
}

}  // namespace rapport::automation

// The actions that change the rule's record itself: update_fields, move_deal and add_tag. Each
// writes through the record service as PATCH would, so the object's validation, hooks, audit entry
// and event apply (a deal moved this way enters its stage's history and emits deal.stage_changed).
#include "modules/automation/action_kinds.hpp"
#include "modules/automation/action_support.hpp"
#include "platform/records/validate.hpp"

namespace rapport::automation {
namespace json = boost::json;

namespace {

// An amount is minor units of the record's currency, and records differ in currency: a rule that
// sets a built-in amount (a deal's amount, a product's unit price, a company's annual revenue) sets
// the currency beside it, so that 1234 means 1.234 KWD (or 1,234 JPY, or 12.34 EUR) on every record.
// Custom money fields carry their own currency.
void require_currency(CheckEnv& env, const json::object& fields, const std::string& prefix) {
  const records::FieldSpec* currency = env.spec.field("currency");
  if (!currency || currency->type != records::FieldType::Currency || fields.contains("currency")) return;
  for (const auto& kv : fields) {
    const records::FieldSpec* f = env.spec.field(kv.key());
    if (f && f->type == records::FieldType::Money && !kv.value().is_null()) {
      env.errors.push_back({prefix + "currency", "required",
                            "must be set with " + std::string(kv.key()) + ": an amount is in minor units of its currency "
                            "(1234 is 12.34 EUR, 1,234 JPY or 1.234 KWD) and records differ in currency"});
      return;
    }
  }
}

// {"fields": {...}}: a PATCH body of the rule's object (built-in fields by name, custom ones under
// "custom"), validated at creation as the object validates it and stored normalised.
class UpdateFields final : public Action {
 public:
  std::string_view type() const override { return "update_fields"; }

  void check(CheckEnv& env, json::object& params) const override {
    refuse_unknown_keys(env, params, {"fields"});
    const std::string prefix = env.path + ".fields";
    const auto* f = params.if_contains("fields");
    if (!f || !f->is_object() || f->as_object().empty()) {
      env.errors.push_back({prefix, "required", "must be an object of the fields to set, e.g. {\"status\": \"qualified\"}"});
      return;
    }
    require_scope(env, env.spec.object, identity::Action::Update);
    std::vector<FieldError> errors;
    records::Input in = records::validate_input(env.spec, env.custom_defs, f->as_object(), nullptr, errors);
    for (const auto& kv : in.extras)
      errors.push_back({std::string(kv.key()), "unknown", "is not a field update_fields can set"});
    for (auto& e : errors) {
      e.field.insert(0, prefix + ".");
      env.errors.push_back(std::move(e));
    }
    require_writable(env, env.spec.object, f->as_object(), prefix + ".");
    require_currency(env, f->as_object(), prefix + ".");
    if (!errors.empty()) return;
    json::object normalised = in.fields;
    if (in.custom) normalised["custom"] = *in.custom;
    params["fields"] = std::move(normalised);
  }

  Result<json::object> plan(ActionEnv& env, const json::object& params) const override {
    return json::object{{"changes", changes(env.record, params.at("fields").as_object())}};
  }

  Result<json::object> run(ActionEnv& env, const json::object& params) const override {
    const json::object& fields = params.at("fields").as_object();
    return update_record(env, fields, json::object{{"changes", changes(env.record, fields)}});
  }

 private:
  static json::array changes(const json::object& record, const json::object& fields) {
    json::array out;
    for (const auto& kv : fields) {
      if (kv.key() == "custom" && kv.value().is_object()) {
        for (const auto& c : kv.value().as_object()) out.push_back(field_change(record, "custom." + std::string(c.key()), c.value()));
      } else {
        out.push_back(field_change(record, std::string(kv.key()), kv.value()));
      }
    }
    return out;
  }
};

// {"stage_id"}: moves the deal to a current stage.
class MoveDeal final : public Action {
 public:
  std::string_view type() const override { return "move_deal"; }

  void check(CheckEnv& env, json::object& params) const override {
    refuse_unknown_keys(env, params, {"stage_id"});
    if (env.spec.object != "deals") {
      env.errors.push_back({env.path + ".type", "object", "move_deal applies to rules on deals only"});
      return;
    }
    auto stage = text_param(env, params, "stage_id", 100, true);
    if (!stage) return;
    if (std::holds_alternative<std::nullptr_t>(
            env.c.scalar("SELECT id FROM pipeline_stages WHERE workspace_id = ? AND id = ? AND archived_at IS NULL",
                         {env.author.workspace_id, *stage})))
      env.errors.push_back({env.path + ".stage_id", "not_found", "refers to no current stage"});
    require_scope(env, "deals", identity::Action::Update);
    require_writable(env, "deals", json::object{{"stage_id", *stage}}, env.path + ".");
  }

  Result<json::object> plan(ActionEnv& env, const json::object& params) const override {
    return json::object{{"changes", json::array{field_change(env.record, "stage_id", params.at("stage_id"))}}};
  }

  Result<json::object> run(ActionEnv& env, const json::object& params) const override {
    return update_record(env, json::object{{"stage_id", params.at("stage_id")}},
                         json::object{{"changes", json::array{field_change(env.record, "stage_id", params.at("stage_id"))}}});
  }
};

// {"field": "custom.<name>" of a multi_select custom field, "value": one of its options}: adds the
// value to the record's list (a value already there changes nothing).
class AddTag final : public Action {
 public:
  std::string_view type() const override { return "add_tag"; }

  void check(CheckEnv& env, json::object& params) const override {
    refuse_unknown_keys(env, params, {"field", "value"});
    auto field = text_param(env, params, "field", 100, true);
    auto value = text_param(env, params, "value", 255, true);
    if (!field) return;
    const records::CustomFieldDef* def = nullptr;
    if (field->rfind("custom.", 0) == 0)
      for (const auto& d : env.custom_defs)
        if (d.name == field->substr(7) && d.type == "multi_select") def = &d;
    if (!def) {
      env.errors.push_back({env.path + ".field", "enum", "must name a multi_select custom field of " + env.spec.object + " as custom.<name>"});
      return;
    }
    require_scope(env, env.spec.object, identity::Action::Update);
    require_writable(env, env.spec.object, json::object{{"custom", json::object{{def->name, nullptr}}}}, env.path + ".");
    if (!value) return;
    std::vector<FieldError> errors;
    records::validate_custom_value(*def, json::array{json::value(*value)}, errors);
    if (!errors.empty()) env.errors.push_back({env.path + ".value", "enum", "is not an option of " + *field});
  }

  Result<json::object> plan(ActionEnv& env, const json::object& params) const override {
    return json::object{{"changes", json::array{change(env.record, params)}}};
  }

  Result<json::object> run(ActionEnv& env, const json::object& params) const override {
    json::object ch = change(env.record, params);
    const std::string name = std::string(params.at("field").as_string()).substr(7);
    return update_record(env, json::object{{"custom", json::object{{name, ch.at("after")}}}},
                         json::object{{"changes", json::array{ch}}});
  }

 private:
  static json::object change(const json::object& record, const json::object& params) {
    const std::string field(params.at("field").as_string());
    json::object ch = field_change(record, field, nullptr);
    json::array after = ch.at("before").is_array() ? ch.at("before").as_array() : json::array{};
    if (std::find(after.begin(), after.end(), params.at("value")) == after.end()) after.push_back(params.at("value"));
    ch["after"] = std::move(after);
    return ch;
  }
};

}  // namespace

const Action& update_fields_action() {
  static const UpdateFields a;
  return a;
}
const Action& move_deal_action() {
  static const MoveDeal a;
  return a;
}
const Action& add_tag_action() {
  static const AddTag a;
  return a;
}

}  // namespace rapport::automation

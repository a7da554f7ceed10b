// The whole-rule checks that need the workspace (rule_check.hpp), on a migrated SQLite database with
// the record engine's test spec: the author's field rules refuse an action, a bad value or filter is
// a field error naming its place, and a good rule passes with its values normalised.
#include "modules/automation/rule_check.hpp"

#include <gtest/gtest.h>

#include "platform/db/test_databases.hpp"
#include "platform/records/spec_test_support.hpp"

namespace rapport::automation {
namespace {
namespace json = boost::json;

identity::Context author(std::shared_ptr<identity::Permissions> p) {
  identity::Context ctx;
  ctx.workspace_id = "w1";
  ctx.user_id = "u1";
  ctx.grants = std::move(p);
  return ctx;
}

std::shared_ptr<identity::Permissions> admin_grants() {
  auto p = std::make_shared<identity::Permissions>();
  p->admin = true;
  p->can_reassign = true;
  p->defaults.fill(identity::Scope::All);
  return p;
}

Rule rule_with(json::array conditions, json::array actions, std::string trigger = "record_created") {
  Rule r;
  r.workspace_id = "w1";
  r.object_type = "people";
  r.trigger = json::object{{"type", trigger}};
  r.conditions = std::move(conditions);
  r.actions = std::move(actions);
  return r;
}

std::map<std::string, std::string> codes(const std::vector<FieldError>& errors) {
  std::map<std::string, std::string> out;
  for (const auto& e : errors) out[e.field] = e.code;
  return out;
}

class RuleCheck : public ::testing::Test {
 protected:
  std::vector<FieldError> check(const identity::Context& who, Rule& r) {
    const CheckDeps deps{specs_, allow_, resolver_};
    return db_.db->read([&](db::Connection& c) { return check_rule(c, deps, who, r); });
  }
  db::SqliteTestDatabase db_;
  std::vector<const records::ObjectSpec*> specs_{&records::test::person_spec()};
  net::AllowList allow_;
  net::Resolver resolver_ = net::resolve_system;
};

TEST_F(RuleCheck, AGoodRulePasses) {
  Rule r = rule_with(json::array{json::object{{"field", "city"}, {"op", "eq"}, {"value", "Paris"}}},
                     json::array{json::object{{"type", "update_fields"}, {"fields", json::object{{"city", "Lyon"}}}}});
  EXPECT_TRUE(check(author(admin_grants()), r).empty());
  EXPECT_EQ(r.actions[0].at("fields").at("city"), "Lyon");
}

TEST_F(RuleCheck, TheAuthorsReadOnlyFieldRefusesUpdateFields) {
  auto grants = admin_grants();
  grants->fields["people"]["city"] = identity::FieldAccess::ReadOnly;
  Rule r = rule_with({}, json::array{json::object{{"type", "update_fields"}, {"fields", json::object{{"city", "Lyon"}, {"description", "ok"}}}}});
  auto errors = codes(check(author(grants), r));
  EXPECT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors["actions.0.fields.city"], "read_only");
  // The same rule by an author without that rule passes.
  Rule same = rule_with({}, json::array{json::object{{"type", "update_fields"}, {"fields", json::object{{"city", "Lyon"}}}}});
  EXPECT_TRUE(check(author(admin_grants()), same).empty());
}

TEST_F(RuleCheck, TheAuthorsScopeAndReassignRightAreChecked) {
  auto grants = admin_grants();
  grants->objects["people"] = identity::ActionScopes{identity::Scope::All, identity::Scope::All, identity::Scope::None,
                                                      identity::Scope::All, identity::Scope::All};
  grants->can_reassign = false;
  Rule r = rule_with({}, json::array{json::object{{"type", "update_fields"}, {"fields", json::object{{"city", "Lyon"}}}},
                                     json::object{{"type", "assign_owner"}, {"user_id", "u-gone"}}});
  auto errors = codes(check(author(grants), r));
  EXPECT_EQ(errors["actions.0"], "forbidden") << "no update scope on people";
  EXPECT_EQ(errors["actions.1"], "forbidden");
  EXPECT_EQ(errors["actions.1.user_id"], "not_found");
}

TEST_F(RuleCheck, BadValuesFiltersAndOperatorsNameTheirPlace) {
  Rule r = rule_with(
      json::array{json::object{{"field", "nope"}, {"op", "eq"}, {"value", "x"}},
                  json::object{{"field", "city"}, {"op", "changed"}},
                  json::object{{"field", "city"}, {"op", "is_null"}, {"value", "maybe"}}},
      json::array{json::object{{"type", "update_fields"}, {"fields", json::object{{"birthday", "not a date"}, {"bogus", 1}}}},
                  json::object{{"type", "create_task"}, {"title", ""}, {"due_in_days", -1}},
                  json::object{{"type", "send_email"}},
                  json::object{{"type", "move_deal"}, {"stage_id", "s1"}},
                  json::object{{"type", "add_tag"}, {"field", "custom.tags"}, {"value", "vip"}}});
  auto errors = check(author(admin_grants()), r);
  auto c = codes(errors);
  EXPECT_EQ(c["conditions.0"], "filter");
  for (const auto& e : errors) {
    if (e.field == "conditions.0") {
      EXPECT_NE(e.message.find("nope"), std::string::npos) << "the list filter's wording: " << e.message;
    }
  }
  EXPECT_EQ(c["conditions.1.op"], "trigger") << "changed needs an update-like trigger";
  EXPECT_EQ(c["conditions.2"], "filter");
  EXPECT_TRUE(c.count("actions.0.fields.birthday"));
  EXPECT_TRUE(c.count("actions.0.fields.bogus"));
  EXPECT_EQ(c["actions.1.title"], "length");
  EXPECT_EQ(c["actions.1.due_in_days"], "range");
  EXPECT_EQ(c["actions.2.template_id"], "required") << "send_email names its template";
  EXPECT_EQ(c["actions.3.type"], "object") << "move_deal is for deals";
  EXPECT_EQ(c["actions.4.field"], "enum") << "no such multi_select field";
}

TEST_F(RuleCheck, ACallWebhookUrlIsCheckedLikeAWebhooks) {
  Rule r = rule_with({}, json::array{json::object{{"type", "call_webhook"}, {"url", "http://127.0.0.1:9/x"}},
                                     json::object{{"type", "call_webhook"}, {"url", "ftp://example.com/"}},
                                     json::object{{"type", "call_webhook"}, {"url", "http://93.184.216.34/ok"}}});
  auto c = codes(check(author(admin_grants()), r));
  EXPECT_TRUE(c.count("actions.0.url")) << "loopback is refused";
  EXPECT_TRUE(c.count("actions.1.url")) << "only http and https";
  EXPECT_FALSE(c.count("actions.2.url")) << "a public address passes";
}

}  // namespace
}  // namespace rapport::automation

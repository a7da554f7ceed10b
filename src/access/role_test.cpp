#include "access/role.hpp"

#include <gtest/gtest.h>

#include "access/role_store.hpp"

namespace rapport::access {
namespace json = boost::json;

TEST(Role, BuiltInRolesGrantWhatTheirNamesSay) {
  const Role* rep = find_builtin("sales_rep");
  ASSERT_NE(rep, nullptr);
  EXPECT_EQ(rep->scope("contacts", Action::Read), Scope::Own);
  EXPECT_EQ(rep->scope("companies", Action::Read), Scope::All);
  EXPECT_EQ(rep->scope("contacts", Action::Export), Scope::None);
  EXPECT_FALSE(rep->can_reassign);
  EXPECT_EQ(find_builtin("sales_manager")->scope("contacts", Action::Update), Scope::Team);
  // A manager reads their teams' deals, contacts, activities and leads, every company and product.
  for (const char* object : {"contacts", "activities", "leads", "deals"})
    EXPECT_EQ(find_builtin("sales_manager")->scope(object, Action::Read), Scope::Team) << object;
  EXPECT_EQ(find_builtin("sales_manager")->scope("companies", Action::Read), Scope::All);
  EXPECT_EQ(find_builtin("sales_manager")->scope("products", Action::Read), Scope::All);
  EXPECT_EQ(find_builtin("read_only")->scope("activities", Action::Create), Scope::None);
  EXPECT_EQ(find_builtin("support_agent")->field("companies", "annual_revenue"), FieldAccess::Hidden);
  EXPECT_TRUE(find_builtin("admin")->admin);
  EXPECT_EQ(find_builtin("nobody"), nullptr);
  for (const auto& r : builtin_roles()) EXPECT_TRUE(within(r, *find_builtin("admin"))) << r.name;
}

TEST(Role, DefinitionsRoundTripAndRejectNonsense) {
  Role r;
  std::vector<FieldError> errors;
  read_definition(json::parse(R"({"can_reassign": true,
      "permissions": {"contacts": {"read": "team", "update": "own"}},
      "field_rules": {"contacts": {"email": "hidden", "custom.tier": "read_only"}}})").as_object(), r, errors);
  ASSERT_TRUE(errors.empty());
  EXPECT_EQ(r.scope("contacts", Action::Read), Scope::Team);
  EXPECT_EQ(r.scope("contacts", Action::Delete), Scope::None);
  EXPECT_EQ(r.scope("companies", Action::Read), Scope::None);
  EXPECT_EQ(r.field("contacts", "custom.tier"), FieldAccess::ReadOnly);
  Role again = custom_role("x", "X", "", definition_text(r));
  EXPECT_EQ(role_to_json(again).at("permissions"), role_to_json(r).at("permissions"));
  EXPECT_EQ(role_to_json(again).at("field_rules"), role_to_json(r).at("field_rules"));
  EXPECT_TRUE(again.can_reassign);

  Role bad;
  read_definition(json::parse(R"({"can_reassign": "yes", "permissions": {"invoices": {}, "contacts": {"read": "most", "fly": "all"}},
      "field_rules": {"contacts": {"email": "invisible"}}})").as_object(), bad, errors);
  std::vector<std::string> fields;
  for (const auto& e : errors) fields.push_back(e.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"can_reassign", "permissions.invoices", "permissions.contacts.read",
                                              "permissions.contacts.fly", "field_rules.contacts.email"}));
  // A damaged stored definition grants nothing rather than something.
  Role damaged = custom_role("d", "D", "", "{not json");
  EXPECT_EQ(damaged.scope("contacts", Action::Read), Scope::None);
}

TEST(Role, IntersectionIsTheNarrowerOfEach) {
  const Role& rep = *find_builtin("sales_rep");
  const Role& support = *find_builtin("support_agent");
  Role both = intersect(rep, support);
  EXPECT_EQ(both.scope("contacts", Action::Read), Scope::Own);       // rep own, support all
  EXPECT_EQ(both.scope("companies", Action::Create), Scope::None);   // rep own, support none
  EXPECT_EQ(both.field("companies", "annual_revenue"), FieldAccess::Hidden);
  EXPECT_FALSE(both.admin);
  EXPECT_TRUE(within(both, rep));
  EXPECT_TRUE(within(both, support));
  EXPECT_FALSE(within(rep, support));  // rep may create companies, support may not
  EXPECT_FALSE(within(*find_builtin("read_only"), support)) << "read_only sees the revenue that support hides";
  EXPECT_FALSE(within(*find_builtin("admin"), *find_builtin("sales_manager")));
}

}  // namespace rapport::access

// The modules' record objects: every unit test runs in a process where they are registered, as
// main() registers them before any command; and their order is the one the API lists them in.
#include "app/modules.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include "platform/identity/securable_objects.hpp"
#include "platform/identity/team_columns.hpp"

namespace rapport::app {
namespace {

struct RegisteredModules : ::testing::Environment {
  void SetUp() override { register_modules(); }
};
[[maybe_unused]] const auto* const kRegistered = ::testing::AddGlobalTestEnvironment(new RegisteredModules);

}  // namespace

TEST(Modules, RegisterTheirRecordObjectsInTheOrderTheApiListsThem) {
  std::vector<std::string> names;
  for (const auto* s : record_specs()) names.push_back(s->object);
  EXPECT_EQ(names, (std::vector<std::string>{"companies", "contacts", "activities", "leads", "deals", "products", "tickets"}));
  EXPECT_EQ(identity::securable_objects(), names);
  EXPECT_EQ(identity::securable_objects_text(), "companies, contacts, activities, leads, deals, products, tickets");
  // A ticket belongs to a team (its queue): the team scope covers the caller's teams' tickets.
  EXPECT_EQ(identity::team_column("tickets"), "team_id");
  EXPECT_EQ(identity::team_column("deals"), "");
  EXPECT_TRUE(identity::is_securable("deals"));
  EXPECT_FALSE(identity::is_securable("pipelines"));  // configuration has no owners
  register_modules();  // again: nothing changes
  EXPECT_EQ(identity::securable_objects(), names);
}

TEST(Modules, TheListIsFixedOnceRead) {
  identity::securable_objects();
  EXPECT_THROW(identity::add_securable_object("invoices"), std::logic_error);
  EXPECT_FALSE(identity::is_securable("invoices"));
}

}  // namespace rapport::app

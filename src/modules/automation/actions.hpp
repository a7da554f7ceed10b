// The actions a rule runs, in order: one class per kind, each with three duties, so that a new kind
// (send_email once email exists) plugs in by adding a class to the registry (actions.cpp):
// - check: at creation and at every change of the rule, the action's keys, their values (validated
//   as the object's own validation would) and that the rule's author may do what it does (their
//   grants: the object's scope, hidden and read-only fields, reassigning owners); field errors under
//   "actions.<i>" and normalised values written back into the params;
// - plan: what it would do to the record as it is now, for the dry run: nothing written, nothing sent;
// - run: do it as the workspace (the server's identity, with the rule as the audit actor and the
//   event's depth + 1). An action that writes to the database calls env.commit inside that write's
//   transaction, so the run's progress commits with its effect and a retried job never repeats it.
#pragma once
#include <boost/json.hpp>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "modules/automation/rule.hpp"
#include "platform/db/database.hpp"
#include "platform/identity/context.hpp"
#include "platform/net/http_client.hpp"
#include "platform/records/custom_fields.hpp"
#include "platform/records/service.hpp"

namespace rapport::automation {

// The record services by object ("contacts", "activities"): the app's, so actions write records
// exactly as the REST routes do (validation, hooks, audit, events).
using Services = std::function<records::Service*(std::string_view object)>;

// What the service and the run job work with: the database, the record objects and their services,
// and the call_webhook destinations' policy (the webhooks' allow-list and resolver).
struct AutomationDeps {
  db::Database& db;
  std::vector<const records::ObjectSpec*> specs;
  Services services;
  net::AllowList allow;
  net::Resolver resolver = net::resolve_system;
};

struct CheckEnv {
  db::Connection& c;  // for looking up ids (users, teams, stages); nothing is written
  const identity::Context& author;
  const records::ObjectSpec& spec;  // the rule's object
  const std::vector<records::CustomFieldDef>& custom_defs;
  const net::AllowList& allow;
  const net::Resolver& resolver;
  std::string path;  // "actions.<i>"
  std::vector<FieldError>& errors;
};

struct ActionEnv {
  db::Database& db;
  const Services& services;
  const identity::Context& ctx;  // the rule acting (see above)
  Rule& rule;                     // its state (round-robin positions) is read and changed
  std::size_t index;              // of the action in the rule
  const records::ObjectSpec& spec;
  const boost::json::object& record;  // the record as stored now, every field
  const net::HttpClient* http;        // null in a dry run
  // Records the action's step as succeeded with `detail`, in c's transaction (null in a dry run).
  std::function<void(db::Connection& c, const boost::json::object& detail)> commit;
};

class Action {
 public:
  virtual ~Action() = default;
  virtual std::string_view type() const = 0;
  virtual void check(CheckEnv& env, boost::json::object& params) const = 0;
  virtual Result<boost::json::object> plan(ActionEnv& env, const boost::json::object& params) const = 0;
  // The step's detail, or the problem that made it fail (nothing of it written).
  virtual Result<boost::json::object> run(ActionEnv& env, const boost::json::object& params) const = 0;
};

// nullptr for an unknown type.
const Action* find_action(std::string_view type);
const std::vector<std::string>& action_types();

}  // namespace rapport::automation

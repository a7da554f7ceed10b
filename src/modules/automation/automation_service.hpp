// The use cases of automation rules, each one transaction; only admins (Context::is_admin()) see or
// change them (403 for anyone else, before any lookup), and another workspace's rule is 404.
// - a rule is checked whole (rule_check.hpp) at creation and after every change, with the grants of
//   the admin making it (its author): every bad part a field error of one 422, nothing stored;
// - every change that alters the rule bumps its version and stores the new definition as that
//   version (automation_rule_versions); a run records the version it used;
// - enabling a rule the server paused clears paused_reason;
// - every write is audited (object "automations");
// - test() is the dry run: whether the conditions hold for a record now, and what each action would
//   do, without writing or calling anything.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "modules/automation/actions.hpp"
#include "modules/automation/rule.hpp"
#include "modules/automation/rule_input.hpp"
#include "platform/db/database.hpp"
#include "platform/identity/context.hpp"
#include "platform/net/address_policy.hpp"
#include "platform/net/resolver.hpp"
#include "platform/records/keyset_query.hpp"

namespace rapport::automation {

class AutomationService {
 public:
  explicit AutomationService(AutomationDeps deps) : deps_(std::move(deps)) {}

  Result<std::vector<Rule>> list(const identity::Context& ctx);
  Result<Rule> get(const identity::Context& ctx, const std::string& id);
  // 409 beyond kMaxRules per workspace.
  Result<Rule> create(const identity::Context& ctx, const RuleChange& in);
  // if_match: the ETag the caller read (empty: none); a stale one is 412.
  Result<Rule> update(const identity::Context& ctx, const std::string& id, const RuleChange& in, std::string_view if_match);
  Status remove(const identity::Context& ctx, const std::string& id, std::string_view if_match);
  // A page of the rule's runs, newest first ({"data", "next_cursor"}), as the query asks.
  Result<boost::json::object> runs(const identity::Context& ctx, const std::string& id, const records::keyset::Query& q);
  // The dry run on the record `record_id` of the rule's object (422 naming record_id when there is none).
  Result<boost::json::object> test(const identity::Context& ctx, const std::string& id, const std::string& record_id);

 private:
  AutomationDeps deps_;
};

}  // namespace rapport::automation

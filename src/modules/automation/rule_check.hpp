// The checks of a whole rule that need its workspace: the trigger's field, pipeline and stages; each
// condition compiled by the list filter language (the same wording as a list's 400, here a field
// error naming conditions.<i>); the "changed" operators only on update-like triggers; and each
// action's own check (actions.hpp) with the author's grants. Normalised action values are written
// back into the rule.
#pragma once
#include <vector>

#include "modules/automation/actions.hpp"
#include "modules/automation/rule.hpp"
#include "platform/records/spec_of.hpp"

namespace rapport::automation {

struct CheckDeps {
  const std::vector<const records::ObjectSpec*>& specs;
  const net::AllowList& allow;
  const net::Resolver& resolver;
};

// The record spec of a rule object (nullptr when there is none).
using records::spec_of;

std::vector<FieldError> check_rule(db::Connection& c, const CheckDeps& deps, const identity::Context& author, Rule& rule);

}  // namespace rapport::automation

// A segment's filter: the list filter language written as one JSON object, compiled to a single SQL
// condition over `contacts` for either engine (no per-contact work). The object's keys are ANDed:
//
//   {"country": {"eq": "DE"}, "custom.score": {"gte": 50},       a contact field or custom field
//    "company.industry": {"in": ["Software", "Retail"]},         a field of the contact's company
//    "has_open_deal": {"pipeline_id": "..."},                      a related fact (related_facts.hpp)
//    "any": [{...}, {...}], "all": [{...}], "not": {...}}          groups: or, and, negation
//
// A field takes one or more operators of the list (`filter[field][op]=value`: the same fields,
// operators, value rules and messages; a value is a JSON string, number or boolean, an array for
// `in`). Every refusal is a field error named by the path of the bad condition ("filter.country.eq",
// "filter.any.1.consent.state"), so the segment builder can point at it.
#pragma once
#include <boost/json.hpp>
#include <string>
#include <vector>

#include "platform/db/connection.hpp"
#include "platform/identity/context.hpp"
#include "platform/problem.hpp"
#include "platform/records/custom_fields.hpp"
#include "platform/records/spec.hpp"

namespace rapport::marketing {

constexpr std::size_t kMaxConditions = 50;     // fields' operators and related facts, in all groups
constexpr int kMaxDepth = 4;                   // groups (any, all, not) inside groups
constexpr std::size_t kMaxFilterBytes = 16384;  // the filter as JSON text

// SQL text and its bound parameters, in order.
struct Sql {
  std::string text;
  std::vector<db::Value> params;
};

// What compiling a filter needs of the workspace.
struct FilterScope {
  db::Connection& c;  // related facts check the records they name (a pipeline, a stage)
  const identity::Context& caller;  // a field hidden from the caller's role cannot be filtered on
  const records::ObjectSpec& contacts;
  const records::ObjectSpec& companies;
  const std::vector<records::CustomFieldDef>& contact_fields;
  const std::vector<records::CustomFieldDef>& company_fields;
  int64_t now_ms = 0;  // "within N days" counts back from here
};

// The condition to AND after `contacts`' workspace, deleted_at and scope conditions: " AND (...)",
// or "" for the empty filter (every contact). 422 naming each bad condition's path.
Result<Sql> compile_filter(const boost::json::value& filter, const FilterScope& scope);

// Whether the filter names custom fields of the contacts or of their companies (their definitions
// are read only then).
bool names_custom_fields(const boost::json::value& filter);

}  // namespace rapport::marketing

// A report definition: what POST /api/v1/reports/run takes and a saved report stores, read from JSON
// and checked against the object's fields, the workspace's custom fields and the caller's field rules.
//
//   {"object": "deals",
//    "filter": {"amount": {"gte": 100000}, "custom.tier": {"in": ["gold", "silver"]}},
//    "group_by": ["owner_id", {"field": "closed_at", "bucket": "quarter"}],
//    "measures": [{"op": "count"}, {"op": "sum", "field": "amount"}],
//    "sort": "-sum_amount", "limit": 50}
//
// - object: a registered record object (companies, contacts, leads, deals, activities, products,
//   tickets, ...).
// - filter: {field: {op: value}} in the list filter language (filter[field][op]=value of the list
//   routes, custom fields as custom.<name>); {field: value} means eq. At most records::kMaxFilters.
// - group_by: at most two of: a field name (a short text, enum, reference, boolean, integer, currency
//   or country field, or a custom text/select/bool/number/email/phone/url field); "owner_id" (or
//   {"owner": true}); "team" (the teams of the record's owner: a record whose owner is in two teams
//   counts in both, and in the null group when in none); {"field": <date or time>, "bucket":
//   day|week|month|quarter|year} (a time on the workspace's time zone's wall clock).
// - measures: 1 to 8 of {"op": count} (records), {"op": count, "field"} (records with a value),
//   {"op": sum|avg|min|max|median, "field"} over an integer or money field or a custom number or money
//   field. A money field whose currency lives in the record (a deal's amount) splits every figure by
//   currency: amounts in different currencies are never added up.
// - sort: a measure's key ("count", "sum_amount", "median_custom.score") or a group-by's key, "-" for
//   descending; default: by the groups, ascending. limit: 1..kMaxGroups rows (default all).
// - chart: how the report is drawn (bar, line, area, pie or table; absent: the viewer's default). A run
//   ignores it; a saved report keeps it, so its editor and the dashboard widgets showing it draw the same.
//
// A field the caller's role hides can be neither filtered, grouped nor measured (403), and a money
// measure needs the currency field visible too. Anything else wrong is a 422 naming the path
// ("group_by.1.bucket", "measures.0.field").
#pragma once
#include <boost/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "modules/analytics/buckets.hpp"
#include "platform/identity/context.hpp"
#include "platform/problem.hpp"
#include "platform/records/custom_fields.hpp"
#include "platform/records/list_query.hpp"
#include "platform/records/spec.hpp"

namespace rapport::analytics {

inline constexpr std::size_t kMaxGroupBys = 2;
inline constexpr std::size_t kMaxMeasures = 8;
// Rows of an answer (groups × currencies) and of a definition's limit; more is a 422 asking to narrow
// the report (a coarser bucket, a filter), so a report never holds more than this in memory.
inline constexpr std::size_t kMaxGroups = 2000;
// Values a median keeps in memory (8 bytes each) over all groups; more is a 422.
inline constexpr std::size_t kMaxMedianValues = 2'000'000;
// The body of POST /api/v1/reports/run and a saved report's definition.
inline constexpr std::size_t kMaxDefinitionBytes = 16 * 1024;

enum class GroupKind { Field, Owner, Team, Time, Date };

struct GroupBy {
  GroupKind kind = GroupKind::Field;
  std::string field;  // the field named ("owner_id" for owner and team)
  std::optional<Bucket> bucket;  // Time and Date
  std::string key;    // in the answer: the field, "team", or "closed_at:quarter"
  std::string expr;   // the SQL expression grouped by (set by the query)
  bool boolean = false;  // a boolean field (stored 0/1, answered true/false)
};

enum class Op { Count, Sum, Avg, Min, Max, Median };
const char* op_name(Op op);

// How a measured field's values are added up: exactly in integers (Integer, Money) or as doubles.
enum class ValueKind { Integer, Money, Number };

struct Measure {
  Op op = Op::Count;
  std::string field;  // empty: count records
  ValueKind kind = ValueKind::Integer;
  std::string currency;  // a custom money field's fixed currency
  std::string key;       // in the answer: "count", "sum_amount", "count_email"
  std::string expr;      // SQL expression of the field's value (set by the query)
};

struct Definition {
  const records::ObjectSpec* spec = nullptr;
  std::vector<records::Filter> filters;
  std::vector<GroupBy> group_by;
  std::vector<Measure> measures;
  std::string sort_key;  // empty: by the groups
  bool sort_desc = false;
  std::size_t limit = kMaxGroups;
  std::string chart;  // empty: not chosen
  // The record's currency column when a measure is over a money field held in that currency.
  std::string currency_field;

  // The definition as JSON again (normalised: group-bys and measures as objects), for saved reports.
  boost::json::object to_json() const;
};

// The object named by body.object among `specs`, or a 422 naming "object".
Result<const records::ObjectSpec*> report_object(const boost::json::object& body, const std::vector<const records::ObjectSpec*>& specs);

// Reads and checks a definition of `spec`'s records; `custom` are the workspace's custom fields of it.
Result<Definition> parse_definition(const boost::json::object& body, const records::ObjectSpec& spec,
                                    const std::vector<records::CustomFieldDef>& custom, const identity::Context& ctx);

}  // namespace rapport::analytics

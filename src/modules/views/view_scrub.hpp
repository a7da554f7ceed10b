// What a saved view loses when data it names goes away: a deleted custom field (every mention of
// it) or an erased person (the filter conditions whose value is one of theirs). Pure functions on a
// View and on its audit entries' changes, unit-tested beside them (view_scrub_test.cpp);
// view_service applies them to the stored views inside the caller's transaction.
#pragma once
#include <boost/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "modules/views/view.hpp"

namespace rapport::views {

// One person's personal values as a filter value may hold them. A value matches when, without the
// spaces around it, it is one of them: e-mail addresses and names by their case-folded keys
// (platform/case_fold.hpp: the lists compare these fields so, so "JANE@Example.com" selects the same
// person as "jane@example.com"), phone numbers exactly (E.164, as the lists compare them). The
// whole value must match: a value that only contains one (`contains` "jane") is not theirs.
class PersonValues {
 public:
  void add_folded(std::string_view value);  // an e-mail address or a name; empty ones are ignored
  void add_exact(std::string_view value);   // a phone number; empty ones are ignored
  bool empty() const { return folded_.empty() && exact_.empty(); }
  bool matches(std::string_view value) const;

 private:
  std::set<std::string> folded_, exact_;
};

// Removes the person's values from the filters: a condition whose value is one of theirs goes; an
// `in` condition (comma-separated values, as the list splits them) loses the items that are theirs
// and goes only when none is left. `is_null` conditions hold only true or false and are kept.
// Returns whether anything changed.
bool drop_person_values(std::vector<records::Filter>& filters, const PersonValues& person);

// The same filters with the person's values (a whole value, or an `in` item) replaced by
// `replacement`: what an audit entry may keep of them. Returns whether anything changed.
bool redact_person_values(std::vector<records::Filter>& filters, const PersonValues& person, std::string_view replacement);

// In a view's audit entry's changes ([{"field", "before", "after"}]), the "filters" values (arrays
// of {"field", "op", "value"}) redacted as above; every other change is left alone. Returns whether
// anything changed.
bool redact_filter_changes(boost::json::array& changes, const PersonValues& person, std::string_view replacement);

// Removes every mention of one field (e.g. "custom.tier") from the view: its filter conditions, its
// column, and a sort on it in either direction, which falls back to the list's default (no sort).
// Returns whether the view changed.
bool drop_field(View& view, const std::string& field);

}  // namespace rapport::views

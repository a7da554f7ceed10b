// The moments of a date_relative trigger {"field", "offset_days", "at"}: a record whose field holds
// the local date D (in the workspace's zone; a date-time's local calendar day) fires at `at` on the
// workspace's wall clock on day D + offset_days. Pure: the scan (date_scan.hpp) asks which field
// values fire within a window of time and looks those records up by range.
#pragma once
#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "platform/jobs/cron.hpp"
#include "platform/records/custom_fields.hpp"
#include "platform/records/spec.hpp"

namespace rapport::automation {

inline constexpr int kMaxOffsetDays = 365;  // |offset_days|

struct DateTrigger {
  std::string field;
  int offset_days = 0;
  int at_minute = 0;  // minutes after local midnight, from "HH:MM"

  // nullopt unless the trigger holds a field, an integer offset within ±kMaxOffsetDays and a valid "HH:MM".
  static std::optional<DateTrigger> from_json(const boost::json::object& trigger);
};

// A date_relative trigger's field: the SQL of its value and whether it is a date-time; nullopt when
// `name` is no date or date-time field of the object (custom date fields as custom.<name>).
struct DateField {
  std::string sql;  // the spec's column or the custom field's expression, never request text
  bool date_time = false;
};
std::optional<DateField> date_field(const records::ObjectSpec& spec, const std::vector<records::CustomFieldDef>& defs,
                                    const std::string& name, db::Dialect dialect = db::Dialect::Sqlite);

// "HH:MM", 00:00 to 23:59, as minutes after midnight; nullopt otherwise.
std::optional<int> parse_clock_time(std::string_view text);

// The field values that fire within (from_ms, to_ms]: dates low..high (both included, "YYYY-MM-DD")
// for a date field; for a date-time field, instants low (included) to high (excluded), as stored
// (RFC 3339 UTC with milliseconds). nullopt when no value fires in the window.
struct FireRange {
  std::string low, high;
};
std::optional<FireRange> fire_range(const DateTrigger& t, const jobs::TimeZone& zone, bool date_time, int64_t from_ms, int64_t to_ms);

// How far back the scan must look again when the workspace's zone changes from `before` to `after`
// at `now_ms`, so that no date is missed whose moment was still ahead on the old clock but is behind
// the scan's watermark on the new one. Moving east by d (offsets at now), every moment comes d
// earlier (a date-time's local day may also move a day later, never earlier); moving west a date's
// moments come later, but a date-time's local day may move a day earlier: 24 h - |d| earlier at
// most. 0 when nothing can have been missed. Dates that had fired under the old clock and fall in
// the look-back again do not fire twice (a run key is unique per rule).
int64_t zone_change_lookback_ms(const jobs::TimeZone& before, const jobs::TimeZone& after, bool date_time, int64_t now_ms);

}  // namespace rapport::automation

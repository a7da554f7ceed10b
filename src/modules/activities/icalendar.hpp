// Meetings and tasks as iCalendar (RFC 5545): a meeting is a VEVENT, a task a VTODO. The pure writer
// behind an activity's .ics, the activities export's format=ics and the calendar feeds. Times are
// written in UTC (the server stores UTC), so no VTIMEZONE is needed; text is escaped and lines folded
// at 75 octets (platform/export/content_lines). A hand-written writer rather than libical: the
// output is a dozen properties of one grammar that vCard shares, and the one tested line writer
// serves both formats.
#pragma once
#include <boost/json/object.hpp>
#include <string>
#include <string_view>

namespace rapport::activities {

// The lines that open a calendar (VERSION, PRODID, METHOD:PUBLISH, and the name and refresh hints
// that Google Calendar, Outlook and Thunderbird read for a subscribed calendar).
std::string calendar_begin(std::string_view name);
inline constexpr std::string_view kCalendarEnd = "END:VCALENDAR\r\n";

// Appends the activity's component, as GET returns the activity: a VEVENT for a meeting with a start,
// a VTODO for a task; false (nothing written) for anything else. UID is the activity's id (a UUID,
// unique everywhere), DTSTAMP and LAST-MODIFIED its last change, SEQUENCE its version - 1 (so a
// client sees an update as one).
bool append_component(const boost::json::object& activity, std::string& out);

}  // namespace rapport::activities

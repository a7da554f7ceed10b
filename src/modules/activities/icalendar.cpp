#include "modules/activities/icalendar.hpp"

#include "platform/export/content_lines.hpp"

namespace rapport::activities {
namespace json = boost::json;
using content_lines::append;
using content_lines::escape_text;
constexpr auto text = content_lines::text_field;

namespace {

void append_time(std::string& out, std::string_view name, const json::object& r, std::string_view key) {
  if (auto t = content_lines::utc_basic(text(r, key))) append(out, name, *t);
}

void append_text(std::string& out, std::string_view name, const json::object& r, std::string_view key) {
  if (auto t = text(r, key); !t.empty()) append(out, name, escape_text(t));
}

}  // namespace

std::string calendar_begin(std::string_view name) {
  std::string out = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Rapport//Rapport CRM//EN\r\nCALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n";
  if (!name.empty()) append(out, "X-WR-CALNAME", escape_text(name));
  // How often a subscriber should fetch again (RFC 7986, and Outlook's older property).
  out += "REFRESH-INTERVAL;VALUE=DURATION:PT15M\r\nX-PUBLISHED-TTL:PT15M\r\n";
  return out;
}

bool append_component(const json::object& activity, std::string& out) {
  const std::string type = text(activity, "type");
  const bool meeting = type == "meeting" && content_lines::utc_basic(text(activity, "starts_at"));
  if (!meeting && type != "task") return false;
  const std::string component = meeting ? "VEVENT" : "VTODO";
  out += "BEGIN:" + component + "\r\n";
  append(out, "UID", escape_text(text(activity, "id")));
  // DTSTAMP is required; the record's last change makes the same record give the same text.
  auto stamp = content_lines::utc_basic(text(activity, "updated_at"));
  if (!stamp) stamp = content_lines::utc_basic(text(activity, "created_at"));
  append(out, "DTSTAMP", stamp ? *stamp : "19700101T000000Z");
  if (meeting) {
    append_time(out, "DTSTART", activity, "starts_at");
    auto start = content_lines::utc_basic(text(activity, "starts_at"));
    auto end = content_lines::utc_basic(text(activity, "ends_at"));
    if (end && *end > *start) append(out, "DTEND", *end);  // same-length basic forms compare as times
  } else {
    append_time(out, "DUE", activity, "due_at");
    auto* done = activity.if_contains("done");
    const bool completed = done && done->is_bool() && done->as_bool();
    append(out, "STATUS", completed ? "COMPLETED" : "NEEDS-ACTION");
    if (completed) append_time(out, "COMPLETED", activity, "completed_at");
  }
  append_text(out, "SUMMARY", activity, "subject");
  append_text(out, "DESCRIPTION", activity, "body");
  if (meeting) {
    append_text(out, "LOCATION", activity, "location");
    if (auto* attendees = activity.if_contains("attendees"); attendees && attendees->is_array())
      for (const auto& a : attendees->as_array())
        if (a.is_string() && !a.as_string().empty()) append(out, "ATTENDEE", "mailto:" + std::string(a.as_string()));
  }
  append_time(out, "CREATED", activity, "created_at");
  append_time(out, "LAST-MODIFIED", activity, "updated_at");
  if (auto* v = activity.if_contains("version"); v && v->is_int64() && v->as_int64() >= 1)
    append(out, "SEQUENCE", std::to_string(v->as_int64() - 1));
  out += "END:" + component + "\r\n";
  return true;
}

}  // namespace rapport::activities

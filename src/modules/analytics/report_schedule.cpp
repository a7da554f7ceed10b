#include "modules/analytics/report_schedule.hpp"

#include <algorithm>

#include "modules/email/email_record.hpp"
#include "platform/formats.hpp"
#include "platform/http/body_reader.hpp"

namespace rapport::analytics {
namespace json = boost::json;

json::object ReportSchedule::to_json() const {
  json::array users, addresses;
  for (const auto& u : user_ids) users.push_back(json::value(u));
  for (const auto& e : emails) addresses.push_back(json::value(e));
  return {{"id", id},
          {"saved_report_id", saved_report_id},
          {"frequency", frequency},
          {"time", time},
          {"weekday", weekday ? json::value(*weekday) : json::value(nullptr)},
          {"month_day", month_day ? json::value(*month_day) : json::value(nullptr)},
          {"time_zone", time_zone},
          {"user_ids", std::move(users)},
          {"emails", std::move(addresses)},
          {"created_by", created_by},
          {"created_at", created_at},
          {"last_sent_at", last_sent_at ? json::value(*last_sent_at) : json::value(nullptr)}};
}

std::string ReportSchedule::cron() const {
  // time is "HH:MM", checked when read.
  std::string out = std::to_string(std::stoi(time.substr(3, 2)));
  out += ' ';
  out += std::to_string(std::stoi(time.substr(0, 2)));
  if (frequency == "monthly") {
    out += ' ';
    out += std::to_string(month_day.value_or(1));
    out += " * *";
  } else if (frequency == "weekly") {
    out += " * * ";
    out += std::to_string(weekday.value_or(1));
  } else {
    out += " * * *";
  }
  return out;
}

namespace {

bool is_clock_time(std::string_view s) {
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (s.size() != 5 || s[2] != ':' || !digit(s[0]) || !digit(s[1]) || !digit(s[3]) || !digit(s[4])) return false;
  return (s[0] - '0') * 10 + (s[1] - '0') < 24 && (s[3] - '0') * 10 + (s[4] - '0') < 60;
}

std::optional<int64_t> small_int(const json::value* v, int64_t lo, int64_t hi) {
  if (!v || !v->is_int64() || v->as_int64() < lo || v->as_int64() > hi) return std::nullopt;
  return v->as_int64();
}

}  // namespace

Status read_schedule_body(const json::object& body, ReportSchedule& out, bool& zone_given) {
  http::BodyReader in(body);
  out.weekday.reset();
  out.month_day.reset();
  out.user_ids.clear();
  out.emails.clear();
  in.only({"frequency", "time", "weekday", "month_day", "time_zone", "user_ids", "emails"},
          "a report schedule (frequency, time, weekday, month_day, time_zone, user_ids, emails)");
  const auto* f = body.if_contains("frequency");
  if (!f || !f->is_string() || (f->as_string() != "daily" && f->as_string() != "weekly" && f->as_string() != "monthly"))
    in.error("frequency", f ? "enum" : "required", "must be daily, weekly or monthly");
  else out.frequency = std::string(f->as_string());
  const auto* t = body.if_contains("time");
  if (!t || !t->is_string() || !is_clock_time(t->as_string()))
    in.error("time", t ? "format" : "required", "must be a time of day HH:MM (24-hour clock)");
  else out.time = std::string(t->as_string());
  if (out.frequency == "weekly") {
    out.weekday = small_int(body.if_contains("weekday"), 0, 6);
    if (!out.weekday) in.error("weekday", "range", "a weekly schedule needs weekday 0 (Sunday) to 6 (Saturday)");
  } else if (body.contains("weekday")) {
    in.error("weekday", "unexpected", "is for a weekly schedule only");
  }
  if (out.frequency == "monthly") {
    out.month_day = small_int(body.if_contains("month_day"), 1, 28);
    if (!out.month_day) in.error("month_day", "range", "a monthly schedule needs month_day 1 to 28 (a day every month has)");
  } else if (body.contains("month_day")) {
    in.error("month_day", "unexpected", "is for a monthly schedule only");
  }
  zone_given = false;
  if (const auto* z = body.if_contains("time_zone")) {
    if (!z->is_string() || z->as_string().empty() || z->as_string().size() > 64) in.error("time_zone", "format", "must be an IANA time zone such as Europe/Paris");
    else {
      out.time_zone = std::string(z->as_string());
      zone_given = true;
    }
  }
  if (auto users = in.ids("user_ids", kMaxRecipients)) out.user_ids = std::move(*users);
  if (const auto* e = body.if_contains("emails")) {
    if (!e->is_array() || e->as_array().size() > kMaxRecipients) {
      in.error("emails", "type", email::counted("must be an array of at most ", kMaxRecipients, " addresses"));
    } else {
      for (std::size_t i = 0; i < e->as_array().size(); ++i) {
        const auto& a = e->as_array()[i];
        std::string field = "emails.";
        field += std::to_string(i);
        if (!a.is_string() || !formats::is_email(a.as_string())) in.error(field, "format", "must be an email address");
        else if (std::find(out.emails.begin(), out.emails.end(), a.as_string()) != out.emails.end()) in.error(field, "duplicate", "is named twice");
        else out.emails.emplace_back(a.as_string());
      }
    }
  }
  if (in.ok() && out.user_ids.size() + out.emails.size() == 0) in.error("emails", "required", "a schedule sends to at least one user or address");
  if (in.ok() && out.user_ids.size() + out.emails.size() > kMaxRecipients)
    in.error("emails", "range", email::counted("a schedule sends to at most ", kMaxRecipients, " users and addresses together"));
  if (!in.ok()) return in.problem();
  return ok_status();
}

}  // namespace rapport::analytics

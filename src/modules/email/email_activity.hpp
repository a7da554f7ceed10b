// The `email` activity that logs an email on the timelines of the records it concerns, as the
// activity spec accepts it whatever the message held: subject and body cut to the activity's limits
// (255 and 100,000 characters, whole UTF-8 sequences), control characters the fields refuse made
// spaces, an empty subject "(no subject)", at most 20 addresses in email_to. Pure; the caller adds
// the links and the owner.
#pragma once
#include <boost/json.hpp>
#include <string>
#include <string_view>

#include "modules/email/email_record.hpp"

namespace rapport::email {

boost::json::object email_activity(const Email& e, std::string_view direction, std::string_view subject, std::string_view body,
                                   const std::string& occurred_at);

// s with the control characters a String field (or, keep_lines, a Text field) refuses made spaces.
std::string printable(std::string_view s, bool keep_lines);

// The first `max_chars` characters of UTF-8 text.
std::string first_chars(std::string_view s, std::size_t max_chars);

}  // namespace rapport::email

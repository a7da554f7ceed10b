// Reads the body of POST and PATCH /api/v1/email-templates: name, subject, text, html (types and
// bounds, no line break in a subject), each failure a field error so that one 422 names them all.
// The merge fields are checked by the service, which knows the workspace's fields.
#pragma once
#include <boost/json.hpp>
#include <optional>
#include <string>

#include "platform/problem.hpp"

namespace rapport::email {

inline constexpr std::size_t kMaxTemplateNameChars = 200;
inline constexpr std::size_t kMaxTemplates = 500;  // per workspace

struct TemplateChange {
  std::optional<std::string> name, subject, text, html;
};

// `creating`: name and subject are required, and text or html.
Result<TemplateChange> read_template_body(const boost::json::object& body, bool creating);

// A subject: text of at most kMaxSubjectChars characters without line breaks or other controls.
bool is_subject(std::string_view s);

}  // namespace rapport::email

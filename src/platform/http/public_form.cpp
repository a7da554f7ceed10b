#include "platform/http/public_form.hpp"

#include <algorithm>
#include <cctype>

#include "platform/clock.hpp"
#include "platform/http/api.hpp"
#include "platform/http/public_page.hpp"

namespace rapport::http {

namespace {

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

}  // namespace

bool wants_json(const Request& req) {
  return starts_with(req.header("Content-Type"), "application/json") ||
         req.header("Accept").find("application/json") != std::string_view::npos;
}

Result<FormFields> read_posted_fields(const Request& req, std::size_t max_fields) {
  const std::string_view type = req.header("Content-Type");
  if (starts_with(type, "application/json")) {
    auto body = parse_json_object(req);
    if (!body) return body.take_problem();
    if (body->size() > max_fields) return Problem::bad_request("The form has too many fields");
    FormFields out;
    for (const auto& kv : *body) {
      const auto& v = kv.value();
      std::string key(kv.key());
      if (v.is_string()) out.emplace_back(std::move(key), std::string(v.as_string()));
      else if (v.is_bool() && v.as_bool()) out.emplace_back(std::move(key), "on");
      else if (v.is_int64() || v.is_uint64() || v.is_double()) out.emplace_back(std::move(key), boost::json::serialize(v));
    }
    return out;
  }
  if (starts_with(type, "application/x-www-form-urlencoded")) {
    auto fields = parse_form_body(req.body(), max_fields);
    if (!fields) return Problem::bad_request("The form's body is not well-formed");
    return std::move(*fields);
  }
  return Problem{415, "Unsupported Media Type", "Send the form as application/x-www-form-urlencoded or application/json", {},
                 "unsupported-media-type"};
}

std::string trimmed(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

Response public_problem(const Request& req, const Problem& p, const std::string& title, const std::string& advice_html) {
  if (wants_json(req)) return fail(p, req);
  return problem_page(p, p.status == 429 ? "Please wait a moment" : title, advice_html);
}

Status SubmissionLimiter::admit(const std::string& form_id, const std::string& client_address, int& retry_after) {
  const int64_t now = clock::now_ms();
  retry_after = std::max(per_client_.take(form_id + "|" + client_address, now), per_form_.take(form_id, now));
  if (retry_after > 0)
    return Problem{429, "Too Many Requests",
                   "This form was sent too often from here; retry after " + std::to_string(retry_after) + " s", {}, "rate-limited"};
  return ok_status();
}

}  // namespace rapport::http

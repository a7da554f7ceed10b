// What the public forms share (support's ticket forms, marketing's lead capture forms): the posted
// fields of a browser's HTML form and of a script's JSON alike, whether the caller is a script or a
// person's browser (JSON or a page), and the two rate limits of a form anyone may post.
#pragma once
#include <string>

#include "platform/http/form_body.hpp"
#include "platform/http/message.hpp"
#include "platform/http/rate_limiter.hpp"
#include "platform/problem.hpp"

namespace rapport::http {

// A script (fetch with Accept: application/json, or a JSON body) gets JSON; a browser's plain form
// post gets a page or a redirect.
bool wants_json(const Request& req);

// The posted fields, in order: an application/x-www-form-urlencoded body, or a JSON object whose
// string values are taken as they are (true as "on", a number as its text; null, false, arrays and
// objects are left out). 400 when the body is malformed or has more than max_fields fields, 415 for
// another content type.
Result<FormFields> read_posted_fields(const Request& req, std::size_t max_fields = 50);

// A typed value without the spaces around it.
std::string trimmed(std::string_view s);

// The problem as JSON for a script, else as a page for a person titled `title` ("Please wait a
// moment" for 429), listing the fields to correct, with `advice_html` after them.
Response public_problem(const Request& req, const Problem& p, const std::string& title, const std::string& advice_html = "");

// The two token buckets of a public form: each client address may submit `client_burst` times at
// once, then once every `client_every_seconds`, per form; a form as a whole `form_burst` times,
// then `form_per_second`. Kept in this node's memory (as RateLimiter).
class SubmissionLimiter {
 public:
  SubmissionLimiter(double client_burst, double client_every_seconds, double form_burst, double form_per_second)
      : per_client_(1.0 / client_every_seconds, client_burst), per_form_(form_per_second, form_burst) {}
  // 429 (the seconds to wait in retry_after) when this address or the form as a whole submits too
  // often; each call is charged.
  Status admit(const std::string& form_id, const std::string& client_address, int& retry_after);

 private:
  RateLimiter per_client_, per_form_;
};

}  // namespace rapport::http

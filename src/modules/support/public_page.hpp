// The HTML pages support shows to people who are not users (a customer who posted a web form or
// follows a rating link): one small self-contained page, no script and nothing loaded from
// anywhere (its Content-Security-Policy allows only its own inline style).
#pragma once
#include <string>

#include "platform/http/message.hpp"
#include "platform/problem.hpp"

namespace rapport::support {

// `title` is text (escaped here); `body_html` is HTML the caller built (escape what it inserts).
http::Response public_page(int status, const std::string& title, const std::string& body_html);
// A problem as such a page: 404 "This link does not work any more", 429 "Please wait a moment",
// else "We could not record that", with the detail and each field error.
http::Response public_problem_page(const Problem& p);

}  // namespace rapport::support

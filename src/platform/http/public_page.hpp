// The HTML pages the server shows to people who are not users (a customer who posted a web form or
// follows a rating link, a visitor filling a marketing form): one small self-contained page, no
// script and nothing loaded from anywhere (its Content-Security-Policy allows only its own inline
// style), and the page that lists a problem's fields for a browser's form post.
#pragma once
#include <string>
#include <string_view>

#include "platform/http/message.hpp"
#include "platform/problem.hpp"

namespace rapport::http {

// The text as HTML text or attribute value (& < > " ' escaped).
std::string html_escape(std::string_view s);

struct PublicPageOptions {
  // Other sites may show the page in a frame (an embedded form); otherwise frame-ancestors 'none'.
  bool framable = false;
};

// `title` is text (escaped here); `body_html` is HTML the caller built (escape what it inserts).
http::Response public_page(int status, const std::string& title, const std::string& body_html, PublicPageOptions options = {});

// A problem as a page: its detail and each field error ("field: message"), under `title`, and
// `advice_html` (HTML) after them.
http::Response problem_page(const Problem& p, const std::string& title, const std::string& advice_html = "");

// A problem met by a person following a link of theirs (a rating or unsubscribe link): 404 "This
// link does not work any more" with the detail, 429 "Please wait a moment", else "We could not
// record that", each with the detail and field errors.
http::Response link_problem_page(const Problem& p);

}  // namespace rapport::http

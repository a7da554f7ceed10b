// The HTML pages support shows to people who are not users (a customer who posted a web form or
// follows a rating link): one small self-contained page, no script and nothing loaded from
// anywhere (its Content-Security-Policy allows only its own inline style).
#pragma once
#include <string>

#include "platform/http/message.hpp"

namespace rapport::support {

// `title` is text (escaped here); `body_html` is HTML the caller built (escape what it inserts).
http::Response public_page(int status, const std::string& title, const std::string& body_html);

}  // namespace rapport::support

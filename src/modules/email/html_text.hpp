// The text a reader sees in an HTML part, for mail that came without a text part: the web UI shows
// email as text and never renders HTML that came from outside. Tags dropped (script, style, head,
// title and template with their content); paragraphs (p, h1-h6, blockquote, table, lists) apart by
// an empty line, div, li, tr and br on lines of their own, a list item as "- ", character
// references decoded (named: the common ones; numeric when a valid scalar value, else U+FFFD), runs
// of blanks folded, at most one empty line in a row.
// A pure function, linear in its input, for any bytes (invalid UTF-8 passes through as it is).
#pragma once
#include <string>
#include <string_view>

namespace rapport::email {

std::string html_text(std::string_view html);

}  // namespace rapport::email

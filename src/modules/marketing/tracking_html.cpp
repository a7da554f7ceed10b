#include "modules/marketing/tracking_html.hpp"

#include <algorithm>
#include <cctype>

#include "modules/email/template_engine.hpp"
#include "platform/ascii.hpp"

namespace rapport::marketing {

namespace {

using ascii::lower;
bool space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (lower(s[i]) != prefix[i]) return false;
  return true;
}

// Where `needle` (lower case) occurs in s from `from` on, in any case; npos when it does not.
std::size_t find_nocase(std::string_view s, std::string_view needle, std::size_t from) {
  for (std::size_t i = from; i + needle.size() <= s.size(); ++i)
    if (starts_with_nocase(s.substr(i), needle)) return i;
  return std::string_view::npos;
}

// The character references an href holds in practice: &amp; &quot; &apos; &lt; &gt; and numeric
// ones below 128. Anything else stays as written.
std::string decode_references(std::string_view v) {
  static const std::pair<std::string_view, char> named[] = {
      {"&amp;", '&'}, {"&quot;", '"'}, {"&apos;", '\''}, {"&lt;", '<'}, {"&gt;", '>'}};
  std::string out;
  out.reserve(v.size());
  for (std::size_t i = 0; i < v.size();) {
    if (v[i] != '&') {
      out.push_back(v[i++]);
      continue;
    }
    bool done = false;
    for (const auto& [name, ch] : named)
      if (starts_with_nocase(v.substr(i), name)) {
        out.push_back(ch);
        i += name.size();
        done = true;
        break;
      }
    if (!done && v.substr(i, 2) == "&#") {
      const bool hex = i + 2 < v.size() && lower(v[i + 2]) == 'x';
      std::size_t j = i + (hex ? 3 : 2);
      int code = 0;
      std::size_t digits = 0;
      while (j < v.size() && digits < 4 && (hex ? std::isxdigit(static_cast<unsigned char>(v[j])) : std::isdigit(static_cast<unsigned char>(v[j])))) {
        const char c = lower(v[j]);
        code = code * (hex ? 16 : 10) + (c >= 'a' ? c - 'a' + 10 : c - '0');
        ++j;
        ++digits;
      }
      if (digits > 0 && code > 0 && code < 128) {
        out.push_back(static_cast<char>(code));
        i = j + (j < v.size() && v[j] == ';' ? 1 : 0);
        done = true;
      }
    }
    if (!done) out.push_back(v[i++]);
  }
  return out;
}

// An absolute http(s) URL without spaces or control characters.
bool trackable(std::string_view url) {
  if (!starts_with_nocase(url, "http://") && !starts_with_nocase(url, "https://")) return false;
  const std::size_t host = url.find("//") + 2;
  if (host >= url.size() || url[host] == '/' || url[host] == '?' || url[host] == '#') return false;
  return std::none_of(url.begin(), url.end(), [](char c) { return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f; });
}

// The end of a tag starting at `from` (the index of its '>'), quotes respected; npos when unclosed.
std::size_t tag_end(std::string_view html, std::size_t from) {
  char quote = 0;
  for (std::size_t i = from; i < html.size(); ++i) {
    const char c = html[i];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '>') {
      return i;
    }
  }
  return std::string_view::npos;
}

// The href value of the tag html[from, end): its bounds, or nothing.
bool href_of(std::string_view html, std::size_t from, std::size_t end, HtmlLink& link) {
  std::size_t i = from;
  while (i < end) {
    while (i < end && (space(html[i]) || html[i] == '/')) ++i;
    const std::size_t name_begin = i;
    while (i < end && !space(html[i]) && html[i] != '=' && html[i] != '/') ++i;
    const std::string_view name = html.substr(name_begin, i - name_begin);
    while (i < end && space(html[i])) ++i;
    if (i >= end || html[i] != '=') {
      if (i == name_begin) ++i;
      continue;  // an attribute without a value
    }
    ++i;
    while (i < end && space(html[i])) ++i;
    std::size_t vb = i, ve = i;
    if (i < end && (html[i] == '"' || html[i] == '\'')) {
      const char q = html[i];
      vb = i + 1;
      ve = html.find(q, vb);
      if (ve == std::string_view::npos || ve > end) return false;
      i = ve + 1;
    } else {
      while (i < end && !space(html[i])) ++i;
      ve = i;
    }
    if (name.size() == 4 && starts_with_nocase(name, "href")) {
      link.begin = vb;
      link.end = ve;
      return true;
    }
  }
  return false;
}

void percent_encode(std::string& out, std::string_view v) {
  static const char* hex = "0123456789ABCDEF";
  for (unsigned char c : v) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
}

bool has_param(std::string_view query, std::string_view name) {
  std::size_t at = 0;
  while (at <= query.size()) {
    std::size_t amp = query.find('&', at);
    if (amp == std::string_view::npos) amp = query.size();
    const std::string_view part = query.substr(at, amp - at);
    if (part.substr(0, part.find('=')) == name) return true;
    at = amp + 1;
  }
  return false;
}

}  // namespace

std::vector<HtmlLink> find_links(std::string_view html) {
  std::vector<HtmlLink> out;
  std::size_t at = 0;
  while ((at = find_nocase(html, "<a", at)) != std::string_view::npos) {
    const std::size_t attrs = at + 2;
    if (attrs >= html.size() || !space(html[attrs])) {
      at = attrs;
      continue;
    }
    const std::size_t end = tag_end(html, attrs);
    if (end == std::string_view::npos) break;
    HtmlLink link;
    if (href_of(html, attrs, end, link)) {
      std::string url = decode_references(html.substr(link.begin, link.end - link.begin));
      const auto first = url.find_first_not_of(" \t\r\n\f");
      const auto last = url.find_last_not_of(" \t\r\n\f");
      url = first == std::string::npos ? "" : url.substr(first, last - first + 1);
      if (trackable(url)) {
        link.url = std::move(url);
        out.push_back(std::move(link));
      }
    }
    at = end + 1;
  }
  return out;
}

std::string with_utm(std::string_view url, const Utm& utm) {
  const std::size_t hash = url.find('#');
  const std::string_view base = url.substr(0, hash);
  const std::string_view fragment = hash == std::string_view::npos ? std::string_view() : url.substr(hash);
  const std::size_t q = base.find('?');
  const std::string_view query = q == std::string_view::npos ? std::string_view() : base.substr(q + 1);
  std::string out(base);
  bool first = q == std::string_view::npos;
  for (const auto& [name, value] : {std::pair<std::string_view, const std::string&>{"utm_source", utm.source},
                                    {"utm_medium", utm.medium},
                                    {"utm_campaign", utm.campaign}}) {
    if (value.empty() || has_param(query, name)) continue;
    if (first) out.push_back('?');
    else if (!out.empty() && out.back() != '?' && out.back() != '&') out.push_back('&');
    first = false;
    out += name;
    out.push_back('=');
    percent_encode(out, value);
  }
  out += fragment;
  return out;
}

std::string replace_links(std::string_view html, const std::vector<HtmlLink>& links, const std::vector<std::string>& hrefs) {
  std::string out;
  out.reserve(html.size() + links.size() * 160);
  std::size_t at = 0;
  for (std::size_t i = 0; i < links.size() && i < hrefs.size(); ++i) {
    out += html.substr(at, links[i].begin - at);
    out += email::html_escape(hrefs[i]);
    at = links[i].end;
  }
  out += html.substr(at);
  return out;
}

std::string with_open_pixel(std::string_view html, std::string_view pixel_url) {
  std::string img = "<img src=\"";
  img += email::html_escape(pixel_url);
  img += "\" width=\"1\" height=\"1\" alt=\"\" style=\"display:block;width:1px;height:1px;border:0\">";
  std::size_t body = std::string_view::npos;
  for (std::size_t at = 0; (at = find_nocase(html, "</body", at)) != std::string_view::npos; ++at) body = at;
  std::string out;
  out.reserve(html.size() + img.size());
  if (body == std::string_view::npos) {
    out += html;
    out += img;
  } else {
    out += html.substr(0, body);
    out += img;
    out += html.substr(body);
  }
  return out;
}

}  // namespace rapport::marketing

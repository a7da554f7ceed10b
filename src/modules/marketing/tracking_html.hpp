// The text work of tracking a campaign message's HTML, without the database: finding its links,
// adding UTM parameters, putting the tracked addresses in place and adding the open pixel. Pure
// functions (tracking_html_test.cpp); tracking_links.* registers the links and makes the tokens.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace rapport::marketing {

inline constexpr std::size_t kMaxTrackedLinks = 100;   // a message's http(s) links
inline constexpr std::size_t kMaxTrackedUrl = 2048;    // bytes of one link's URL (with its UTM parameters)

// One <a href> of the HTML: where its value lies ([begin, end), between the quotes if any) and its
// URL with character references decoded (&amp; -> &) and surrounding whitespace trimmed.
struct HtmlLink {
  std::size_t begin = 0, end = 0;
  std::string url;
};

// The href of every <a> element (tag and attribute names in any case; the value in double, single or
// no quotes) whose URL is absolute http or https. Other links (mailto:, tel:, #anchors, relative
// paths) are not returned: they are left as they are.
std::vector<HtmlLink> find_links(std::string_view html);

// The UTM parameters a campaign adds to its links when asked; an empty one is not added.
struct Utm {
  std::string source, medium, campaign;
  bool empty() const { return source.empty() && medium.empty() && campaign.empty(); }
};

// url with utm_source, utm_medium and utm_campaign added to its query (percent-encoded, before its
// #fragment), each only when the URL does not hold that parameter already (the author's wins).
std::string with_utm(std::string_view url, const Utm& utm);

// html with links[i]'s value replaced by hrefs[i] (HTML-escaped here); links as find_links returned
// them (in order, not overlapping).
std::string replace_links(std::string_view html, const std::vector<HtmlLink>& links, const std::vector<std::string>& hrefs);

// html with a 1x1 image loading pixel_url just before </body> (any case), or at the end without one.
std::string with_open_pixel(std::string_view html, std::string_view pixel_url);

}  // namespace rapport::marketing

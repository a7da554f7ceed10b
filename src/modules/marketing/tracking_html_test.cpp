#include "modules/marketing/tracking_html.hpp"

#include <gtest/gtest.h>

namespace rapport::marketing {
namespace {

std::vector<std::string> urls(std::string_view html) {
  std::vector<std::string> out;
  for (const auto& l : find_links(html)) out.push_back(l.url);
  return out;
}

TEST(TrackingHtml, FindsTheHttpLinksOfAnchorsOnly) {
  const std::string html =
      "<p><a href=\"https://shop.example/a?x=1&amp;y=2\">A</a> <A class=x HREF='http://b.example/'>B</A>"
      "<a href=https://c.example/c>C</a><a title=\"href=https://no.example\" href=\" https://d.example/ \">D</a>"
      "<a href=\"mailto:x@example.com\">m</a><a href=\"#top\">t</a><a href=\"/relative\">r</a>"
      "<a href=\"javascript:alert(1)\">j</a><a href=\"https:///nohost\">n</a><abbr href=\"https://abbr.example\">"
      "<link href=\"https://style.example/s.css\"><a>no href</a><a href=\"https://e.example/a b\">space</a></p>";
  EXPECT_EQ(urls(html), (std::vector<std::string>{"https://shop.example/a?x=1&y=2", "http://b.example/", "https://c.example/c",
                                                   "https://d.example/"}));
  EXPECT_TRUE(urls("<a href=\"https://unclosed.example\"").empty());
  EXPECT_EQ(urls("<a href=\"https://x.example/?q=&#38;&#x26;\">"), std::vector<std::string>{"https://x.example/?q=&&"});
}

TEST(TrackingHtml, ReplacesEachLinkInPlaceAndEscapesTheNewValue) {
  const std::string html = "<a href=\"https://a.example\">A</a> and <a href='https://b.example'>B</a>";
  const auto links = find_links(html);
  ASSERT_EQ(links.size(), 2u);
  EXPECT_EQ(replace_links(html, links, {"https://t.example/t/c/1", "https://t.example/t/c/2?a=1&b=2"}),
            "<a href=\"https://t.example/t/c/1\">A</a> and <a href='https://t.example/t/c/2?a=1&amp;b=2'>B</a>");
}

TEST(TrackingHtml, AddsUtmParametersTheUrlDoesNotHold) {
  const Utm utm{"newsletter", "email", "Spring sale & more"};
  EXPECT_EQ(with_utm("https://a.example/p", utm),
            "https://a.example/p?utm_source=newsletter&utm_medium=email&utm_campaign=Spring%20sale%20%26%20more");
  EXPECT_EQ(with_utm("https://a.example/p?x=1#top", {"s", "", ""}), "https://a.example/p?x=1&utm_source=s#top");
  EXPECT_EQ(with_utm("https://a.example/p?utm_source=mine", {"s", "m", ""}), "https://a.example/p?utm_source=mine&utm_medium=m");
  EXPECT_EQ(with_utm("https://a.example/p?", {"s", "", ""}), "https://a.example/p?utm_source=s");
  EXPECT_EQ(with_utm("https://a.example/", {}), "https://a.example/");
}

TEST(TrackingHtml, PutsTheOpenPixelBeforeTheLastBodyEnd) {
  EXPECT_EQ(with_open_pixel("<html><body><p>Hi</p></BODY></html>", "https://t.example/t/o/x"),
            "<html><body><p>Hi</p><img src=\"https://t.example/t/o/x\" width=\"1\" height=\"1\" alt=\"\" "
            "style=\"display:block;width:1px;height:1px;border:0\"></BODY></html>");
  const std::string bare = with_open_pixel("<p>Hi</p>", "https://t.example/t/o/y");
  EXPECT_EQ(bare.rfind("<p>Hi</p><img src=\"https://t.example/t/o/y\"", 0), 0u) << bare;
}

}  // namespace
}  // namespace rapport::marketing

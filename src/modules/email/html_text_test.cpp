#include "modules/email/html_text.hpp"

#include <gtest/gtest.h>

namespace rapport::email {
namespace {

TEST(HtmlText, BlocksBecomeLinesAndTagsGo) {
  EXPECT_EQ(html_text("<html><body><p>Hello <b>Ann</b>,</p><p>See you<br>tomorrow.</p></body></html>"),
            "Hello Ann,\n\nSee you\ntomorrow.");
  EXPECT_EQ(html_text("<div>One</div><div>Two</div>"), "One\nTwo");
  EXPECT_EQ(html_text("<ul><li>first</li><li>second</li></ul>"), "- first\n- second");
  EXPECT_EQ(html_text("<table><tr><td>a</td><td>b</td></tr></table>"), "a b");
}

TEST(HtmlText, HiddenContentAndCommentsAreNotText) {
  EXPECT_EQ(html_text("<head><title>T</title><style>p{color:red}</style></head><p>Body</p>"), "Body");
  EXPECT_EQ(html_text("a<script>alert('<p>x</p>')</script>b"), "ab");
  EXPECT_EQ(html_text("a<!-- <p>hidden</p> -->b"), "ab");
  EXPECT_EQ(html_text("<SCRIPT type=x>evil()</SCRIPT>ok"), "ok");
  // A script never closed hides the rest; a tag never closed ends the text.
  EXPECT_EQ(html_text("ok<script>evil()"), "ok");
  EXPECT_EQ(html_text("ok <a href=\"x"), "ok");
}

TEST(HtmlText, ReferencesAreDecoded) {
  EXPECT_EQ(html_text("Tom &amp; Jerry &lt;tj@example.com&gt; &quot;hi&quot;"), "Tom & Jerry <tj@example.com> \"hi\"");
  EXPECT_EQ(html_text("caf&#233; &#x20AC;5 &hellip;"), "caf\xC3\xA9 \xE2\x82\xAC" "5 \xE2\x80\xA6");
  // Not a scalar value: the replacement character; unknown or unfinished: kept as written.
  EXPECT_EQ(html_text("&#xD800;&#0;"), "\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(html_text("&bogus; & &amp"), "&bogus; & &amp");
}

TEST(HtmlText, BlanksFoldAndEmptyLinesAreBounded) {
  EXPECT_EQ(html_text("  a \n\t b  "), "a b");
  EXPECT_EQ(html_text("<p>a</p><p></p><p></p><p></p><p>b</p>"), "a\n\nb");
  EXPECT_EQ(html_text(""), "");
  EXPECT_EQ(html_text("<p></p>"), "");
}

}  // namespace
}  // namespace rapport::email

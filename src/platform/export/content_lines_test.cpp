#include "platform/export/content_lines.hpp"

#include <gtest/gtest.h>

namespace rapport::content_lines {
namespace {

std::string line(std::string_view head, std::string_view value) {
  std::string out;
  append(out, head, value);
  return out;
}

TEST(ContentLines, TextIsEscaped) {
  EXPECT_EQ(escape_text("Smith; Jones, and \\ co"), "Smith\\; Jones\\, and \\\\ co");
  EXPECT_EQ(escape_text("one\ntwo\r\nthree\rfour"), "one\\ntwo\\nthree\\nfour");
  EXPECT_EQ(escape_text("bell\x07 and tab\t"), "bell and tab\t");
  EXPECT_EQ(escape_text("caf\xC3"), "caf\xEF\xBF\xBD");  // a broken sequence becomes U+FFFD
  EXPECT_EQ(escape_text("Zoë"), "Zoë");
}

TEST(ContentLines, ShortLinesAreNotFolded) {
  EXPECT_EQ(line("FN", "Ada Lovelace"), "FN:Ada Lovelace\r\n");
  std::string exact(72, 'a');  // "FN:" + 72 = 75 octets
  EXPECT_EQ(line("FN", exact), "FN:" + exact + "\r\n");
}

TEST(ContentLines, LongLinesFoldAt75OctetsNeverInsideACharacter) {
  std::string value(200, 'x');
  std::string out = line("NOTE", value);
  std::size_t start = 0, lines = 0;
  std::string unfolded;
  while (start < out.size()) {
    auto end = out.find("\r\n", start);
    ASSERT_NE(end, std::string::npos);
    std::string_view l(out.data() + start, end - start);
    EXPECT_LE(l.size(), 75u);
    unfolded += lines == 0 ? std::string(l) : std::string(l.substr(1));
    if (lines > 0) {
      EXPECT_EQ(l[0], ' ');
    }
    ++lines;
    start = end + 2;
  }
  EXPECT_EQ(unfolded, "NOTE:" + value);
  EXPECT_EQ(lines, 3u);

  // Two-byte characters: a fold may come one octet early, but never splits one.
  std::string accents;
  for (int i = 0; i < 60; ++i) accents += "é";
  std::string folded = line("N", accents);
  for (std::size_t at = folded.find("\r\n "); at != std::string::npos; at = folded.find("\r\n ", at + 1)) {
    unsigned char next = static_cast<unsigned char>(folded[at + 3]);
    EXPECT_NE(next & 0xC0, 0x80) << "a fold split a character at " << at;
  }
  std::string first = folded.substr(0, folded.find("\r\n"));
  EXPECT_LE(first.size(), 75u);
  EXPECT_GE(first.size(), 74u);
}

TEST(ContentLines, TimesInBasicUtcForm) {
  EXPECT_EQ(utc_basic("2026-03-01T09:30:00.000Z"), "20260301T093000Z");
  EXPECT_EQ(utc_basic("2026-03-01T09:30:00+02:00"), "20260301T073000Z");
  EXPECT_EQ(utc_basic("1969-12-31T23:59:59.500Z"), "19691231T235959Z");
  EXPECT_EQ(utc_basic("yesterday"), std::nullopt);
  EXPECT_EQ(utc_basic(""), std::nullopt);
}

}  // namespace
}  // namespace rapport::content_lines

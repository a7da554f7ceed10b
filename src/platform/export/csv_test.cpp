#include "platform/export/csv.hpp"

#include <gtest/gtest.h>

namespace rapport::csv {
namespace {

std::string field(std::string_view v, bool guard = true) {
  std::string out;
  append_field(out, v, guard);
  return out;
}

TEST(Csv, PlainTextIsWrittenAsIs) {
  EXPECT_EQ(field("Ada Lovelace"), "Ada Lovelace");
  EXPECT_EQ(field(""), "");
  EXPECT_EQ(field("Zoë Ñúñez 東京"), "Zoë Ñúñez 東京");  // UTF-8 passes through byte for byte
}

TEST(Csv, SeparatorsQuotesAndLineBreaksAreQuoted) {
  EXPECT_EQ(field("Smith, John"), "\"Smith, John\"");
  EXPECT_EQ(field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(field("line one\nline two"), "\"line one\nline two\"");
  EXPECT_EQ(field("windows\r\nbreak"), "\"windows\r\nbreak\"");
  EXPECT_EQ(field("\""), "\"\"\"\"");
  EXPECT_EQ(field("semi;colon"), "semi;colon");  // RFC 4180 knows only the comma
}

TEST(Csv, FormulaLookalikesArePrefixedAndQuoted) {
  EXPECT_EQ(field("=HYPERLINK(\"http://evil\",\"x\")"), "\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\"");
  EXPECT_EQ(field("+1 555 0100"), "\"'+1 555 0100\"");
  EXPECT_EQ(field("-2+3"), "\"'-2+3\"");
  EXPECT_EQ(field("@SUM(A1)"), "\"'@SUM(A1)\"");
  EXPECT_EQ(field("\tcmd"), "\"'\tcmd\"");
  EXPECT_EQ(field("\rcmd"), "\"'\rcmd\"");
  EXPECT_EQ(field("a=b"), "a=b");  // only the first character makes a formula
  EXPECT_EQ(field(" =1"), " =1");
  EXPECT_EQ(field("-42", false), "-42");  // a number the exporter knows is left alone
}

TEST(Csv, RowsEndWithCrlf) {
  std::string out;
  append_row(out, {"id", "name", "note"});
  append_row(out, {"1", "O'Brien, Pat", ""});
  EXPECT_EQ(out, "id,name,note\r\n1,\"O'Brien, Pat\",\r\n");
  std::string empty;
  append_row(empty, {});
  EXPECT_EQ(empty, "\r\n");
}

}  // namespace
}  // namespace rapport::csv

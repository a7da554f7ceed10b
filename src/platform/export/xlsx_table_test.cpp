#include <gtest/gtest.h>

#include "platform/export/table.hpp"

namespace rapport::exports {
namespace {

TEST(XlsxTable, StreamsTheWorkbookAsRowsCome) {
  auto w = xlsx_table("Contacts");
  w->header({"id", "name", "amount"});
  std::string bytes;
  w->drain(bytes);
  EXPECT_EQ(bytes.substr(0, 4), std::string("PK\x03\x04", 4)) << "the sheet's entry starts before any row";
  // Rows of varied text: the deflated bytes come out while rows go in, long before the end.
  std::size_t rows = 0;
  while (bytes.size() < 64 * 1024 && rows < 200000) {
    std::string name = "row ";
    name += std::to_string(rows * 7919);
    std::string id = "id-";
    id += std::to_string(rows);
    w->row({id, name, Decimal{"12.50"}});
    ++rows;
    if (rows % 1000 == 0) w->drain(bytes);
  }
  EXPECT_GE(bytes.size(), 64u * 1024) << "nothing came out before the end";
  EXPECT_LT(rows, 200000u);
  w->row({std::monostate{}, std::string(40000, 'x'), 1.5});  // longer than a cell holds: cut
  EXPECT_FALSE(w->finish(bytes));
  EXPECT_NE(bytes.find("xl/worksheets/sheet1.xml"), std::string::npos);
  EXPECT_NE(bytes.find("xl/workbook.xml"), std::string::npos);
  EXPECT_NE(bytes.find("[Content_Types].xml"), std::string::npos);
  EXPECT_EQ(bytes.substr(bytes.size() - 22, 4), std::string("PK\x05\x06", 4)) << "the central directory's end closes it";
}

TEST(CsvTable, WritesRowsAsTheyComeWithAnOptionalBom) {
  auto w = csv_table(true);
  w->header({"name", "amount"});
  std::string out;
  w->drain(out);
  EXPECT_EQ(out, "\xEF\xBB\xBFname,amount\r\n");
  out.clear();
  w->row({std::string("-1 trick"), int64_t{-100}});
  w->row({std::monostate{}, 0.25});
  w->row({std::string("x"), Decimal{"-12.50"}});  // an amount: a number, never guarded
  EXPECT_FALSE(w->finish(out));
  EXPECT_EQ(out, "\"'-1 trick\",-100\r\n,0.25\r\nx,-12.50\r\n");
  auto plain = csv_table(false);
  plain->header({"a"});
  std::string p;
  plain->finish(p);
  EXPECT_EQ(p, "a\r\n");
}

}  // namespace
}  // namespace rapport::exports

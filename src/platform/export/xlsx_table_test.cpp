#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>

#include "platform/export/table.hpp"

namespace rapport::exports {
namespace {

std::string whole(TableWriter& w) {
  std::string out;
  w.drain(out);
  while (w.finish(out)) {
  }
  return out;
}

TEST(XlsxTable, WritesAZipWorkbookAndRemovesItsFile) {
  auto dir = std::filesystem::temp_directory_path() / "xlsx-test";
  dir += std::to_string(::getpid());
  std::filesystem::create_directories(dir);
  std::string bytes;
  {
    auto w = xlsx_table("Contacts", dir.string());
    w->header({"id", "name", "amount"});
    w->row({std::string("a"), std::string("=cmd()"), int64_t{-42}});
    w->row({std::monostate{}, std::string(40000, 'x'), 1.5});  // longer than a cell holds: cut
    bytes = whole(*w);
  }
  ASSERT_GT(bytes.size(), 1000u);
  EXPECT_EQ(bytes.substr(0, 4), std::string("PK\x03\x04", 4));
  EXPECT_NE(bytes.find("xl/worksheets/sheet1.xml"), std::string::npos);
  EXPECT_NE(bytes.find("xl/workbook.xml"), std::string::npos);
  EXPECT_TRUE(std::filesystem::is_empty(dir)) << "temporary files were left behind";
  std::filesystem::remove_all(dir);
}

TEST(XlsxTable, AbandonedWorkbookLeavesNoFile) {
  auto dir = std::filesystem::temp_directory_path() / "xlsx-test-a";
  dir += std::to_string(::getpid());
  std::filesystem::create_directories(dir);
  {
    auto w = xlsx_table("Deals", dir.string());
    w->header({"id"});
    w->row({std::string("x")});
  }
  EXPECT_TRUE(std::filesystem::is_empty(dir));
  std::filesystem::remove_all(dir);
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
  EXPECT_FALSE(w->finish(out));
  EXPECT_EQ(out, "\"'-1 trick\",-100\r\n,0.25\r\n");
  auto plain = csv_table(false);
  plain->header({"a"});
  std::string p;
  plain->finish(p);
  EXPECT_EQ(p, "a\r\n");
}

}  // namespace
}  // namespace rapport::exports

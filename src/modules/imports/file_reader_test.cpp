#include "modules/imports/file_reader.hpp"

#include "modules/imports/read_records.hpp"

#include <gtest/gtest.h>

namespace rapport::imports {
namespace {

constexpr std::string_view kXlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const std::string kZipHead("PK\x03\x04\x14\x00\x06\x00", 8);
const std::string kXlsHead("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00", 10);

TEST(SniffFile, TheDeclaredTypeAndTheBytesAgree) {
  EXPECT_EQ(sniff_file("text/csv", "name,email\r\n").kind, FileKind::Csv);
  EXPECT_EQ(sniff_file("Text/CSV; charset=windows-1252", "name;email\n").kind, FileKind::Csv);
  EXPECT_EQ(sniff_file("text/vcard", "\xEF\xBB\xBF\r\nbegin:vcard\r\nVERSION:4.0").kind, FileKind::Vcard);
  EXPECT_EQ(sniff_file("text/x-vcard", "BEGIN:VCARD\n").kind, FileKind::Vcard);
  EXPECT_EQ(sniff_file("text/vcard", std::string("\xFF\xFE" "B\0E\0G\0I\0N\0:\0V\0C\0A\0R\0D\0", 24)).kind, FileKind::Vcard)
      << "UTF-16, as Outlook writes it";
  EXPECT_EQ(sniff_file("", std::string("\xFE\xFF\0b\0e\0g\0i\0n\0:\0v\0c\0a\0r\0d", 24)).kind, FileKind::Vcard);
  EXPECT_EQ(sniff_file(kXlsx, kZipHead).kind, FileKind::Xlsx);
  // No type, or one that says nothing (browsers on Windows call every .csv an Excel file): the bytes.
  EXPECT_EQ(sniff_file("", kZipHead).kind, FileKind::Xlsx);
  EXPECT_EQ(sniff_file("application/octet-stream", "BEGIN:VCARD\r\n").kind, FileKind::Vcard);
  EXPECT_EQ(sniff_file("application/vnd.ms-excel", "a,b\n1,2\n").kind, FileKind::Csv);
}

TEST(SniffFile, MismatchesSayWhatTheFileIs) {
  EXPECT_EQ(sniff_file("text/csv", kZipHead).error,
            "the file is sent as text/csv but is a ZIP archive (an .xlsx workbook?): send it as " + std::string(kXlsx) +
                " or save it as CSV");
  EXPECT_EQ(sniff_file("text/csv", "BEGIN:VCARD\r\n").error, "the file is sent as text/csv but is a vCard: send it as text/vcard");
  EXPECT_EQ(sniff_file(kXlsx, "a,b\n").error,
            "the file is sent as XLSX (" + std::string(kXlsx) + ") but is not a ZIP archive: CSV text is sent as text/csv");
  EXPECT_EQ(sniff_file("text/vcard", "a,b\n").error, "the file is sent as a vCard but does not start with BEGIN:VCARD");
  for (std::string_view type : std::initializer_list<std::string_view>{"application/vnd.ms-excel", "text/csv", "", kXlsx})
    EXPECT_EQ(sniff_file(type, kXlsHead).error,
              "the file is an Excel 97-2003 workbook (.xls), which is not supported: save it as .xlsx or CSV");
  EXPECT_EQ(sniff_file("application/json", "{}").error,
            "files of type application/json are not imported: send text/csv, text/vcard or " + std::string(kXlsx));
  EXPECT_FALSE(sniff_file("application/json", "{}").kind.has_value());
}

// The three readers behind one interface, fed alike.
std::vector<std::vector<std::string>> read_all(FileKind kind, std::string_view bytes, std::string& error) {
  auto reader = open_reader(kind);
  std::vector<CsvRecord> records;
  read_records(*reader, bytes, 5, records);
  error = reader->error();
  std::vector<std::vector<std::string>> rows;
  for (auto& r : records) rows.push_back(std::move(r.fields));
  return rows;
}

TEST(SniffFile, TheFileNameGivesTheType) {
  EXPECT_EQ(content_type_for_file_name("contacts.CSV"), "text/csv");
  EXPECT_EQ(content_type_for_file_name("/tmp/a.b/cards.vcf"), "text/vcard");
  EXPECT_EQ(content_type_for_file_name("Book1.xlsx"), kXlsx);
  EXPECT_EQ(content_type_for_file_name("export"), "");
  EXPECT_EQ(content_type_for_file_name("old.xls"), "") << "the bytes decide, and refuse it";
  EXPECT_TRUE(is_file_type("Text/X-VCard; charset=utf-8"));
  EXPECT_TRUE(is_file_type(kXlsx));
  EXPECT_TRUE(is_file_type("application/octet-stream"));
  EXPECT_FALSE(is_file_type("application/json"));
  EXPECT_FALSE(is_file_type("")) << "a body must say what it is";
}

TEST(OpenReader, EveryKindGivesRecords) {
  std::string error;
  auto csv = read_all(FileKind::Csv, "First Name,Email\nAda,ada@example.com\n", error);
  EXPECT_EQ(csv, (std::vector<std::vector<std::string>>{{"First Name", "Email"}, {"Ada", "ada@example.com"}}));
  auto cards = read_all(FileKind::Vcard, "BEGIN:VCARD\nN:Lovelace;Ada\nEMAIL:ada@example.com\nEND:VCARD\n", error);
  ASSERT_EQ(cards.size(), 2u) << error;
  EXPECT_EQ(cards[0], kVcardColumns);
  EXPECT_EQ(cards[1][0], "Ada");
  read_all(FileKind::Xlsx, "not a zip at all", error);
  EXPECT_EQ(error.substr(0, 33), "the file is not an XLSX workbook ");
}

}  // namespace
}  // namespace rapport::imports

#include "modules/imports/xlsx_reader.hpp"

#include <gtest/gtest.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zip.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "modules/imports/xlsx_values.hpp"
#include "platform/export/table.hpp"

namespace rapport::imports {
namespace {

using Fields = std::vector<std::string>;

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::filesystem::path temp_path(std::string_view name) {
  auto p = std::filesystem::temp_directory_path() / ("xlsx-reader-" + std::to_string(::getpid()));
  std::filesystem::create_directories(p);
  return p / name;
}

// A workbook as libxlsxwriter (the export's library) writes it: shared strings, or inline strings in
// its constant-memory mode; dates with their number formats; a second sheet.
std::string written_workbook(bool constant_memory) {
  auto path = temp_path(constant_memory ? "inline.xlsx" : "shared.xlsx");
  lxw_workbook_options options{};
  options.constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE;
  lxw_workbook* book = workbook_new_opt(path.c_str(), &options);
  lxw_worksheet* sheet = workbook_add_worksheet(book, "Contacts");
  lxw_worksheet* deals = workbook_add_worksheet(book, "Deals");
  lxw_format* date = workbook_add_format(book);
  format_set_num_format(date, "yyyy-mm-dd");
  lxw_format* stamp = workbook_add_format(book);
  format_set_num_format(stamp, "dd/mm/yyyy hh:mm");
  lxw_format* money = workbook_add_format(book);
  format_set_num_format(money, "#,##0.00 [$EUR]");
  const char* header[] = {"First Name", "Last Name", "Email", "Amount", "Birthday", "Created", "VIP", "Phone"};
  for (lxw_col_t c = 0; c < 8; ++c) worksheet_write_string(sheet, 0, c, header[c], nullptr);
  worksheet_write_string(sheet, 1, 0, "Ada", nullptr);
  worksheet_write_string(sheet, 1, 1, "Lovelace", nullptr);
  worksheet_write_string(sheet, 1, 2, "ada@example.com", nullptr);
  worksheet_write_number(sheet, 1, 3, 1234.5, money);
  lxw_datetime birthday = {1985, 12, 10, 0, 0, 0};
  worksheet_write_datetime(sheet, 1, 4, &birthday, date);
  lxw_datetime created = {2024, 2, 29, 13, 45, 30};
  worksheet_write_datetime(sheet, 1, 5, &created, stamp);
  worksheet_write_boolean(sheet, 1, 6, 1, nullptr);
  worksheet_write_number(sheet, 1, 7, 4915112345678.0, nullptr);
  // Row 3 is left empty; row 4 has gaps (B, D) and a formula with its value.
  worksheet_write_string(sheet, 3, 0, "Grace", nullptr);
  worksheet_write_string(sheet, 3, 2, "grace@example.com", nullptr);
  worksheet_write_formula_num(sheet, 3, 4, "=DATE(1906,12,9)", date, 2535);
  worksheet_write_number(sheet, 3, 6, 0.1 + 0.2, nullptr);
  for (lxw_row_t r = 0; r < 2000; ++r) worksheet_write_number(deals, r, 0, static_cast<double>(r), nullptr);
  EXPECT_EQ(workbook_close(book), LXW_NO_ERROR);
  std::string bytes = slurp(path);
  std::filesystem::remove(path);
  std::error_code ignored;
  std::filesystem::remove(path.parent_path(), ignored);  // when empty
  return bytes;
}

std::vector<Fields> fields_of(const XlsxFile& f) {
  std::vector<Fields> out;
  for (const auto& r : f.records) out.push_back(r.fields);
  return out;
}

TEST(XlsxReader, WorkbooksWrittenByLibxlsxwriter) {
  for (bool constant_memory : {false, true}) {
    auto f = read_xlsx(written_workbook(constant_memory));
    ASSERT_TRUE(f.error.empty()) << f.error;
    EXPECT_EQ(f.sheets, (Fields{"Contacts", "Deals"}));
    ASSERT_EQ(f.records.size(), 3u) << "the empty row is not given";
    EXPECT_EQ(f.records[0].fields, (Fields{"First Name", "Last Name", "Email", "Amount", "Birthday", "Created", "VIP", "Phone"}));
    EXPECT_EQ(f.records[1].fields, (Fields{"Ada", "Lovelace", "ada@example.com", "1234.5", "1985-12-10",
                                           "2024-02-29 13:45:30", "TRUE", "4915112345678"}));
    EXPECT_EQ(f.records[2].fields, (Fields{"Grace", "", "grace@example.com", "", "1906-12-09", "", "0.3"}));
    EXPECT_EQ(f.records[2].line, 4u) << "the sheet's row number";
  }
}

// The export's own streamed workbook (platform/export) reads back cell for cell: escapes, control
// characters, a literal OOXML escape, edge spaces, line breaks, amounts and numbers.
TEST(XlsxReader, WorkbooksStreamedByTheExport) {
  auto w = exports::xlsx_table("Contacts");
  w->header({"id", "name", "note", "amount", "count"});
  const std::vector<Fields> rows = {
      {"1", "Zoë <&> \"Ünïcödé\"", " edge spaces ", "1500.00", "42"},
      {"2", "a\tb\r\nc", "literal _x0041_ escape", "0.05", "-7"},
      {"3", "bell\x07 and \x1f", "", "12345678901234.56", "2.5"},
  };
  std::string bytes;
  for (const auto& r : rows) {
    std::vector<exports::Cell> cells(5);
    cells[0] = r[0];
    cells[1] = r[1];
    if (!r[2].empty()) cells[2] = r[2];
    cells[3] = exports::Decimal{r[3]};
    if (r[4] == "2.5") cells[4] = 2.5;
    else cells[4] = static_cast<int64_t>(std::stoll(r[4]));
    w->row(cells);
    w->drain(bytes);
  }
  while (w->finish(bytes)) {
  }
  auto f = read_xlsx(bytes);
  ASSERT_TRUE(f.error.empty()) << f.error;
  EXPECT_EQ(f.sheets, Fields{"Contacts"});
  ASSERT_EQ(f.records.size(), 4u);
  EXPECT_EQ(f.records[0].fields, (Fields{"id", "name", "note", "amount", "count"}));
  EXPECT_EQ(f.records[1].fields, (Fields{"1", "Zoë <&> \"Ünïcödé\"", " edge spaces ", "1500", "42"}));
  EXPECT_EQ(f.records[2].fields, (Fields{"2", "a\tb\r\nc", "literal _x0041_ escape", "0.05", "-7"}));
  EXPECT_EQ(f.records[3].fields, (Fields{"3", "bell\x07 and \x1f", "", "12345678901234.56", "2.5"}))
      << "an amount of more than 15 digits is text, every digit kept";
}

TEST(XlsxReader, ANamedSheetStreamedInPieces) {
  std::string bytes = written_workbook(false);
  auto spool = temp_path("spool");
  std::filesystem::create_directories(spool);
  XlsxReader reader({}, "deals", spool.string());
  for (std::size_t i = 0; i < bytes.size(); i += 1000) ASSERT_TRUE(reader.feed(std::string_view(bytes).substr(i, 1000)));
  EXPECT_FALSE(reader.next().has_value()) << "nothing before the end of the ZIP";
  EXPECT_TRUE(std::filesystem::is_empty(spool)) << "the spooled upload has no name to leave behind";
  ASSERT_TRUE(reader.finish()) << reader.error();
  std::size_t rows = 0;
  while (auto r = reader.next()) {
    EXPECT_EQ(r->fields, Fields{std::to_string(rows)});
    EXPECT_EQ(r->line, rows + 1);
    ++rows;
  }
  EXPECT_EQ(rows, 2000u);
  EXPECT_TRUE(reader.error().empty()) << reader.error();
  std::filesystem::remove_all(spool.parent_path());

  auto missing = read_xlsx(bytes, {}, "Leads");
  EXPECT_EQ(missing.error, "the workbook has no sheet \"Leads\" (its sheets: \"Contacts\", \"Deals\")");
}

// How far the rows are read, for an import's progress: the bytes fed are all in before the first
// row comes, so the share is the sheet's inflated XML parsed, rising with the rows to 1 at the end.
TEST(XlsxReader, FractionReadFollowsTheRows) {
  auto path = temp_path("rows.xlsx");
  lxw_workbook* book = workbook_new(path.c_str());
  lxw_worksheet* sheet = workbook_add_worksheet(book, "Rows");
  constexpr lxw_row_t kRows = 20000;
  for (lxw_row_t r = 0; r < kRows; ++r) {
    worksheet_write_number(sheet, r, 0, static_cast<double>(r), nullptr);
    worksheet_write_string(sheet, r, 1, "a cell of some length to make the sheet's XML long", nullptr);
  }
  ASSERT_EQ(workbook_close(book), LXW_NO_ERROR);
  std::string bytes = slurp(path);
  std::filesystem::remove_all(path.parent_path());

  XlsxReader reader;
  ASSERT_TRUE(reader.feed(bytes));
  EXPECT_EQ(reader.fraction_read(), 0.0) << "the whole workbook fed, no row read yet";
  ASSERT_TRUE(reader.finish()) << reader.error();
  double last = 0.0;
  std::size_t rows = 0;
  while (auto r = reader.next()) {
    double f = reader.fraction_read();
    EXPECT_GE(f, last) << "row " << rows;
    last = f;
    if (++rows == kRows / 2) {
      EXPECT_GT(f, 0.3) << "half the rows read";
      EXPECT_LT(f, 0.7) << "half the rows read";
    }
  }
  EXPECT_EQ(rows, static_cast<std::size_t>(kRows));
  EXPECT_EQ(reader.fraction_read(), 1.0);
}

// The committed fixture, made by hand: prefixed element names (x:row), the 1904 date system, sheets
// listed out of file order with an absolute and a relative target, a custom date format, a style
// table whose cellStyleXfs must not be taken for cellXfs, rich text with a phonetic reading, OOXML
// escapes, cells without references, boolean, error and formula-string cells, an empty styled row.
TEST(XlsxReader, HandMadeWorkbook) {
  auto f = read_xlsx(slurp(std::filesystem::path(RAPPORT_SOURCE_DIR) / "src/modules/imports/testdata/hand_made.xlsx"));
  ASSERT_TRUE(f.error.empty()) << f.error;
  EXPECT_EQ(f.sheets, (Fields{"Contacts", "Deals"}));
  ASSERT_EQ(f.records.size(), 4u);
  EXPECT_EQ(f.records[0].fields, (Fields{"First Name", "Last Name", "Email", "Amount", "Since", "VIP", "Notes"}));
  EXPECT_EQ(f.records[1].fields, (Fields{"J\xC3\xBCrgen M\xC3\xBCller", "", "j@example.de", "1234.5", "1904-01-01", "TRUE",
                                         "line one\r\nline two & <three>"}));
  EXPECT_EQ(f.records[2].line, 5u);
  EXPECT_EQ(f.records[2].fields, (Fields{"\xE5\xB1\xB1\xE7\x94\xB0", "X", "#N/A", "0.1", "2021-09-23 18:00:00", "FALSE", "12:00:00"}));
  EXPECT_EQ(f.records[3].fields, (Fields{"4915112345678", "1e+20"}));
  EXPECT_EQ(fields_of(read_xlsx(slurp(std::filesystem::path(RAPPORT_SOURCE_DIR) / "src/modules/imports/testdata/hand_made.xlsx"),
                                {}, "Deals")),
            (std::vector<Fields>{{"Deal Name"}, {"Big one"}}));
}

// A ZIP made here with libzip: its parts as given, stored or deflated.
std::string zip_of(const std::vector<std::pair<std::string, std::string>>& parts) {
  auto path = temp_path("made.zip");
  std::filesystem::remove(path);
  int err = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  for (const auto& [name, text] : parts) {
    zip_source_t* s = zip_source_buffer(z, text.data(), text.size(), 0);
    zip_file_add(z, name.c_str(), s, ZIP_FL_OVERWRITE);
  }
  EXPECT_EQ(zip_close(z), 0);
  std::string bytes = slurp(path);
  std::filesystem::remove(path);
  std::error_code ignored;
  std::filesystem::remove(path.parent_path(), ignored);  // when empty
  return bytes;
}

TEST(XlsxReader, RefusesWhatIsNoWorkbookAndWhatCostsTooMuch) {
  EXPECT_EQ(read_xlsx("name,email\n").error.substr(0, 54), "the file is not an XLSX workbook (not a ZIP archive: N");
  EXPECT_EQ(read_xlsx(zip_of({{"word/document.xml", "<w/>"}})).error,
            "the file is not an XLSX workbook (it has no xl/workbook.xml)");

  const std::string rels =
      "<Relationships><Relationship Id=\"r1\" Type=\"x/worksheet\" Target=\"s.xml\"/>"
      "<Relationship Id=\"r2\" Type=\"x/sharedStrings\" Target=\"ss.xml\"/></Relationships>";
  const std::string book = "<workbook><sheets><sheet name=\"S\" r:id=\"r1\"/></sheets></workbook>";
  auto workbook = [&](std::string sheet, std::string strings) {
    return zip_of({{"xl/workbook.xml", book}, {"xl/_rels/workbook.xml.rels", rels}, {"xl/s.xml", sheet}, {"xl/ss.xml", strings}});
  };
  // A zip bomb: 16 MiB of the same letter deflate to ~16 KiB.
  std::string bomb = "<sst><si><t>";
  bomb.append(16 * 1024 * 1024, 'a');
  bomb += "</t></si></sst>";
  auto bombed = read_xlsx(workbook("<worksheet/>", bomb)).error;
  EXPECT_TRUE(bombed.starts_with("xl/ss.xml inflates 10") && bombed.ends_with(" times its size (a zip bomb?)")) << bombed;
  EXPECT_EQ(read_xlsx(workbook("<worksheet/>", bomb), {.max_part_bytes = 8 * 1024 * 1024}).error,
            "xl/ss.xml inflates to 16 MiB, more than the 8 MiB read");
  std::string many = "<sst>";
  for (int i = 0; i < 2000; ++i) {
    many += "<si><t>";
    many += std::to_string(i);
    many += " some text to hold</t></si>";
  }
  many += "</sst>";
  EXPECT_EQ(read_xlsx(workbook("<worksheet/>", many), {.max_shared_strings_bytes = 4096}).error,
            "xl/ss.xml, the shared strings take more than 4 KiB");

  // The sheet's own limits, met as it is read: the rows before are given.
  const std::string strings = "<sst><si><t>a</t></si></sst>";
  auto rows = read_xlsx(workbook("<worksheet><sheetData><row><c><v>1</v></c></row><row><c><v>2</v></c></row>"
                                 "<row><c><v>3</v></c></row></sheetData></worksheet>", strings),
                        {.max_rows = 2});
  EXPECT_EQ(rows.error, "xl/s.xml, more than 2 rows");
  EXPECT_EQ(rows.records.size(), 2u);
  EXPECT_EQ(read_xlsx(workbook("<worksheet><sheetData><row r=\"3\"><c r=\"XFD3\"><v>1</v></c></row></sheetData></worksheet>",
                               strings)).error,
            "xl/s.xml, row 3, column XFD: beyond the 1000 columns read");
  EXPECT_EQ(read_xlsx(workbook("<worksheet><sheetData><row><c r=\"B1\" t=\"s\"><v>7</v></c></row></sheetData></worksheet>",
                               strings)).error,
            "xl/s.xml, row 1, column B: shared string 7 is not in the workbook");
  EXPECT_EQ(read_xlsx(workbook("<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>0123456789</t></is></c></row>"
                               "</sheetData></worksheet>", strings), {.max_cell_bytes = 8})
                .error,
            "xl/s.xml, row 1, column A: a cell longer than 8 bytes");
  EXPECT_EQ(read_xlsx(workbook("<!DOCTYPE lol [<!ENTITY a \"aaaa\">]><worksheet/>", strings)).error,
            "xl/s.xml, a DTD is not allowed in a workbook");
  EXPECT_EQ(read_xlsx(workbook("<worksheet><sheetData><row>", strings)).error.substr(0, 19), "xl/s.xml, line 1: n");
}

TEST(XlsxValues, DatesNumbersAndReferences) {
  EXPECT_EQ(date_format_kind("yyyy-mm-dd"), DateKind::Date);
  EXPECT_EQ(date_format_kind("[$-409]mmmm d, yyyy;@"), DateKind::Date);
  EXPECT_EQ(date_format_kind("mmm-yy"), DateKind::Date);
  EXPECT_EQ(date_format_kind("h:mm AM/PM"), DateKind::Time);
  EXPECT_EQ(date_format_kind("[h]:mm:ss"), DateKind::Time);
  EXPECT_EQ(date_format_kind("dd/mm/yyyy hh:mm"), DateKind::DateTime);
  EXPECT_EQ(date_format_kind("#,##0.00 [$EUR]"), DateKind::None);
  EXPECT_EQ(date_format_kind("#,##0.00\\ \"days\";[Red]-0"), DateKind::None);
  EXPECT_EQ(date_format_kind("_(\"$\"* #,##0_)"), DateKind::None);
  EXPECT_EQ(date_format_kind("General"), DateKind::None);
  EXPECT_EQ(date_format_kind("0.00E+00"), DateKind::None);
  EXPECT_EQ(builtin_date_kind(14), DateKind::Date);
  EXPECT_EQ(builtin_date_kind(22), DateKind::DateTime);
  EXPECT_EQ(builtin_date_kind(20), DateKind::Time);
  EXPECT_EQ(builtin_date_kind(4), DateKind::None);

  EXPECT_EQ(serial_date_text(1, DateKind::Date, false), "1900-01-01");
  EXPECT_EQ(serial_date_text(59, DateKind::Date, false), "1900-02-28");
  EXPECT_EQ(serial_date_text(60, DateKind::Date, false), "1900-02-29") << "Lotus's leap day, written as Excel shows it";
  EXPECT_EQ(serial_date_text(61, DateKind::Date, false), "1900-03-01");
  EXPECT_EQ(serial_date_text(45352.5, DateKind::DateTime, false), "2024-03-01 12:00:00");
  EXPECT_EQ(serial_date_text(45351.99999999, DateKind::DateTime, false), "2024-03-01 00:00:00") << "rounded to the second";
  EXPECT_EQ(serial_date_text(0, DateKind::Date, true), "1904-01-01");
  EXPECT_EQ(serial_date_text(43890, DateKind::Date, true), serial_date_text(43890 + 1462, DateKind::Date, false));
  EXPECT_EQ(serial_date_text(0.75, DateKind::Time, false), "18:00:00");
  EXPECT_EQ(serial_date_text(2958465, DateKind::Date, false), "9999-12-31");
  EXPECT_EQ(serial_date_text(2958466, DateKind::Date, false), std::nullopt);
  EXPECT_EQ(serial_date_text(-1, DateKind::Date, false), std::nullopt);

  EXPECT_EQ(number_text("1234.5"), "1234.5");
  EXPECT_EQ(number_text("1.0000000000000001E-2"), "0.01");
  EXPECT_EQ(number_text("0.30000000000000004"), "0.3");
  EXPECT_EQ(number_text("4915112345678"), "4915112345678");
  EXPECT_EQ(number_text("-12.0"), "-12");
  EXPECT_EQ(number_text("1E+20"), "1e+20");
  EXPECT_EQ(number_text("abc"), "abc");

  EXPECT_EQ(column_of("A1"), 0u);
  EXPECT_EQ(column_of("AB12"), 27u);
  EXPECT_EQ(column_of("XFD1048576"), 16383u);
  EXPECT_EQ(column_of("XFE1"), std::nullopt);
  EXPECT_EQ(column_of("12"), std::nullopt);
  EXPECT_EQ(column_name(27), "AB");
  EXPECT_EQ(column_name(16383), "XFD");
  EXPECT_EQ(unescape_ooxml("a_x000D_b_x005F_x0041_c_xZZZZ_"), "a\rb_x0041_c_xZZZZ_");
}

}  // namespace
}  // namespace rapport::imports

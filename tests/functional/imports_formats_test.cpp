// vCard and XLSX files through POST /api/v1/imports and the import.run job: the upload sniffed against
// its declared type (a mismatch is a 422 storing nothing), the file kept as its bytes and read by the
// job through the reader of its kind, an XLSX sheet chosen by the sheet parameter. Runs on SQLite
// and, with RAPPORT_TEST_PG_URL, on PostgreSQL.
#include <xlsxwriter.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "imports_fixture.hpp"

namespace rapport::testing {
namespace {

constexpr std::string_view kXlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// Three cards as exporters write them: 3.0 with a folded NOTE, 2.1 with quoted-printable UTF-8 names,
// 4.0 with an organisation.
std::string three_cards(const std::string& x) {
  return "BEGIN:VCARD\r\nVERSION:3.0\r\n"
         "N:Lovelace" + x + ";Ada;;;\r\n"
         "FN:Ada Lovelace" + x + "\r\n"
         "EMAIL;TYPE=INTERNET,WORK:ada." + x + "@example.com\r\n"
         "NOTE:Folded over two lines: the fo\r\n"
         " ld joins them\r\n"
         "UID:vc1-" + x + "\r\n"
         "END:VCARD\r\n"
         "BEGIN:VCARD\r\nVERSION:2.1\r\n"
         "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller" + x + ";J=C3=BCrgen\r\n"
         "EMAIL;PREF;INTERNET:juergen." + x + "@example.de\r\n"
         "BDAY:19800131\r\n"
         "END:VCARD\r\n"
         "BEGIN:VCARD\r\nVERSION:4.0\r\n"
         "FN:Grace Hopper" + x + "\r\n"
         "EMAIL:grace." + x + "@example.com\r\n"
         "ORG:Navy " + x + "\r\n"
         "END:VCARD\r\n";
}

// A workbook written by libxlsxwriter: a first sheet of notes, then "Contacts" with date cells
// (a birthday and a creation date: history, for an admin's import).
std::string contacts_workbook(const std::string& x) {
  const auto path = std::filesystem::temp_directory_path() / ("rapport-import-" + x + ".xlsx");
  lxw_workbook* book = workbook_new(path.c_str());
  lxw_worksheet* notes = workbook_add_worksheet(book, "Notes");
  worksheet_write_string(notes, 0, 0, "Not a sheet of contacts", nullptr);
  lxw_worksheet* sheet = workbook_add_worksheet(book, "Contacts");
  lxw_format* date = workbook_add_format(book);
  format_set_num_format(date, "dd/mm/yyyy");
  const char* header[] = {"First Name", "Last Name", "Email", "Birthday", "Create Date"};
  for (lxw_col_t c = 0; c < 5; ++c) worksheet_write_string(sheet, 0, c, header[c], nullptr);
  const std::string last[] = {"Franklin" + x, "Curie" + x};
  const std::string email[] = {"rosalind." + x + "@example.com", "marie." + x + "@example.com"};
  const char* first[] = {"Rosalind", "Marie"};
  lxw_datetime birthdays[] = {{1920, 7, 25, 0, 0, 0}, {1934, 11, 7, 0, 0, 0}};
  lxw_datetime created[] = {{2018, 3, 9, 0, 0, 0}, {2020, 12, 31, 0, 0, 0}};
  for (lxw_row_t r = 0; r < 2; ++r) {
    worksheet_write_string(sheet, r + 1, 0, first[r], nullptr);
    worksheet_write_string(sheet, r + 1, 1, last[r].c_str(), nullptr);
    worksheet_write_string(sheet, r + 1, 2, email[r].c_str(), nullptr);
    worksheet_write_datetime(sheet, r + 1, 3, &birthdays[r], date);
    worksheet_write_datetime(sheet, r + 1, 4, &created[r], date);
  }
  EXPECT_EQ(workbook_close(book), LXW_NO_ERROR);
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  std::filesystem::remove(path);
  return bytes.str();
}

class ImportFormats : public Imports {};

TEST_F(ImportFormats, AVcardFileGivesOneContactACard) {
  const std::string x = random_suffix();
  auto r = upload("admin", "?object=contacts", three_cards(x), "text/x-vcard");
  ASSERT_EQ(r.status, 202) << r.body;
  EXPECT_EQ(text(r.json(), "format"), "vcard");
  EXPECT_EQ(text(r.json(), "encoding"), "binary");
  EXPECT_EQ(text(r.json(), "file_name"), "upload.vcf");
  json::value done = wait(text(r.json(), "id"));
  ASSERT_EQ(text(done, "state"), "done") << json::serialize(done);
  EXPECT_EQ(count(done, "read"), 3);
  EXPECT_EQ(count(done, "created"), 3);
  EXPECT_EQ(count(done, "failed"), 0);
  EXPECT_EQ(done.at("progress").at("fraction").as_double(), 1.0);

  auto ada = find("contacts", "email", "ada." + x + "@example.com");
  ASSERT_EQ(ada.size(), 1u);
  EXPECT_EQ(text(ada[0], "first_name"), "Ada");
  EXPECT_EQ(text(ada[0], "last_name"), "Lovelace" + x);
  EXPECT_EQ(text(ada[0], "description"), "Folded over two lines: the fold joins them");
  auto juergen = find("contacts", "email", "juergen." + x + "@example.de");
  ASSERT_EQ(juergen.size(), 1u);
  EXPECT_EQ(text(juergen[0], "first_name"), "J\xC3\xBCrgen") << "quoted-printable UTF-8";
  EXPECT_EQ(text(juergen[0], "last_name"), "M\xC3\xBCller" + x);
  EXPECT_EQ(text(juergen[0], "birthday"), "1980-01-31");
  auto grace = find("contacts", "email", "grace." + x + "@example.com");
  ASSERT_EQ(grace.size(), 1u);
  EXPECT_EQ(text(grace[0], "last_name"), "Hopper" + x) << "FN only: split at its last space";
  auto navy = get("/api/v1/companies/" + text(grace[0], "company_id"));
  ASSERT_EQ(navy.status, 200) << navy.body;
  EXPECT_EQ(text(navy.json(), "name"), "Navy " + x) << "ORG: the company, created";
}

TEST_F(ImportFormats, AnXlsxSheetChosenByNameWithItsDates) {
  const std::string x = random_suffix();
  const std::string book = contacts_workbook(x);
  const int64_t before = imports_listed("admin");
  auto missing = upload("admin", "?object=contacts&sheet=Deals", book, std::string(kXlsxType));
  EXPECT_EQ(missing.status, 422) << missing.body;
  EXPECT_NE(missing.body.find("\"sheet\""), std::string::npos) << missing.body;
  EXPECT_NE(missing.body.find("Contacts"), std::string::npos) << "the sheets it has: " << missing.body;
  EXPECT_EQ(imports_listed("admin"), before);

  // A multipart part sent as application/octet-stream: its file name says XLSX.
  auto r = upload("admin", "?object=contacts&sheet=contacts", multipart(book, "", "people.xlsx", "application/octet-stream"),
                  "multipart/form-data; boundary=XB");
  ASSERT_EQ(r.status, 202) << r.body;
  EXPECT_EQ(text(r.json(), "format"), "xlsx");
  EXPECT_EQ(text(r.json(), "sheet"), "contacts");
  EXPECT_EQ(text(r.json(), "file_name"), "people.xlsx");
  EXPECT_EQ(r.json().at("file_bytes").as_int64(), static_cast<int64_t>(book.size()));
  json::value done = wait(text(r.json(), "id"));
  ASSERT_EQ(text(done, "state"), "done") << json::serialize(done);
  EXPECT_EQ(count(done, "read"), 2);
  EXPECT_EQ(count(done, "created"), 2);
  EXPECT_EQ(count(done, "failed"), 0) << get("/api/v1/imports/" + text(r.json(), "id") + "/errors").body;

  auto rosalind = find("contacts", "email", "rosalind." + x + "@example.com");
  ASSERT_EQ(rosalind.size(), 1u);
  EXPECT_EQ(text(rosalind[0], "last_name"), "Franklin" + x);
  EXPECT_EQ(text(rosalind[0], "birthday"), "1920-07-25");
  EXPECT_EQ(text(rosalind[0], "created_at"), "2018-03-09T00:00:00.000Z") << "the date cell as history";
  auto marie = find("contacts", "email", "marie." + x + "@example.com");
  ASSERT_EQ(marie.size(), 1u);
  EXPECT_EQ(text(marie[0], "birthday"), "1934-11-07");
  EXPECT_EQ(text(marie[0], "created_at"), "2020-12-31T00:00:00.000Z");
}

TEST_F(ImportFormats, AFileSentAsAnotherTypeStoresNothing) {
  const std::string x = random_suffix();
  const std::string book = contacts_workbook(x);
  const int64_t before = imports_listed("admin");
  auto xlsx_as_csv = upload("admin", "?object=contacts", book, "text/csv");
  EXPECT_EQ(xlsx_as_csv.status, 422) << xlsx_as_csv.body;
  EXPECT_NE(xlsx_as_csv.body.find("\"file\""), std::string::npos) << xlsx_as_csv.body;
  EXPECT_NE(xlsx_as_csv.body.find("ZIP"), std::string::npos) << "the reader's message: " << xlsx_as_csv.body;
  auto part_as_csv = upload("admin", "?object=contacts", multipart(book, "", "people.xlsx", "text/csv"),
                            "multipart/form-data; boundary=XB");
  EXPECT_EQ(part_as_csv.status, 422) << part_as_csv.body;
  EXPECT_EQ(upload("admin", "?object=contacts", three_cards(x), "text/csv").status, 422) << "a vCard sent as CSV";
  EXPECT_EQ(upload("admin", "?object=contacts", "Email\r\na@b.c\r\n", std::string(kXlsxType)).status, 422) << "text sent as XLSX";
  auto sheet_of_csv = upload("admin", "?object=contacts&sheet=Contacts", "Email\r\na@b.c\r\n");
  EXPECT_EQ(sheet_of_csv.status, 422) << sheet_of_csv.body;
  EXPECT_NE(sheet_of_csv.body.find("\"sheet\""), std::string::npos) << sheet_of_csv.body;
  EXPECT_EQ(imports_listed("admin"), before);
  // An unended card is the run's error (the reader's message), as a CSV file's unclosed quote is.
  auto unended = upload("admin", "?object=contacts", "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Unended " + x + "\r\n", "text/vcard");
  ASSERT_EQ(unended.status, 202) << unended.body;
  json::value failed = wait(text(unended.json(), "id"));
  EXPECT_EQ(text(failed, "state"), "failed");
  EXPECT_NE(json::serialize(failed.at("error")).find("card"), std::string::npos) << json::serialize(failed);
  EXPECT_EQ(find("contacts", "email", "rosalind." + x + "@example.com").size(), 0u);
}

// The preview names a workbook's sheets and reads the one asked for; nothing is stored.
TEST_F(ImportFormats, APreviewListsTheSheetsAndReadsTheOneAsked) {
  const std::string x = random_suffix();
  const std::string book = contacts_workbook(x);
  const int64_t before = imports_listed("admin");
  auto first = client_->request("POST", "/api/v1/imports/preview?object=contacts", book,
                                {{"Authorization", "Bearer " + token_}, {"Content-Type", std::string(kXlsxType)}});
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(json::serialize(first.json().at("sheets")), R"(["Notes","Contacts"])");
  EXPECT_EQ(text(first.json(), "sheet"), "Notes");
  EXPECT_EQ(text(first.json().at("columns").at(0), "header"), "Not a sheet of contacts");
  auto contacts = client_->request("POST", "/api/v1/imports/preview?object=contacts&sheet=contacts", book,
                                   {{"Authorization", "Bearer " + token_}, {"Content-Type", std::string(kXlsxType)}});
  ASSERT_EQ(contacts.status, 200) << contacts.body;
  EXPECT_EQ(text(contacts.json(), "sheet"), "Contacts") << "as the workbook spells it";
  const json::value read = contacts.json();
  const auto& columns = read.at("columns").as_array();
  ASSERT_EQ(columns.size(), 5u);
  EXPECT_EQ(text(columns[2], "target"), "email");
  EXPECT_EQ(json::serialize(columns[2].at("samples")), "[\"rosalind." + x + "@example.com\",\"marie." + x + "@example.com\"]");
  EXPECT_EQ(json::serialize(columns[3].at("samples").at(0)), "\"1920-07-25\"") << "dates as the import reads them";
  auto missing = client_->request("POST", "/api/v1/imports/preview?object=contacts&sheet=Leads", book,
                                  {{"Authorization", "Bearer " + token_}, {"Content-Type", std::string(kXlsxType)}});
  EXPECT_EQ(missing.status, 422) << missing.body;
  EXPECT_NE(missing.body.find("\"sheet\""), std::string::npos) << missing.body;
  EXPECT_EQ(imports_listed("admin"), before) << "a preview stores nothing";
}

}  // namespace
}  // namespace rapport::testing

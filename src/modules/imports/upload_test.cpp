#include "modules/imports/upload.hpp"

#include <gtest/gtest.h>

namespace rapport::imports {
namespace {

TEST(Upload, ACsvBodyIsTheFile) {
  auto u = read_upload("text/csv; charset=utf-8", "email\na@example.com\n");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->file, "email\na@example.com\n");
  EXPECT_EQ(u->file_name, "upload.csv");
  EXPECT_FALSE(u->mapping);
}

TEST(Upload, OtherMediaTypesAre415) {
  auto u = read_upload("application/json", "{}");
  ASSERT_FALSE(u.ok());
  EXPECT_EQ(u.problem().status, 415);
  EXPECT_EQ(read_upload("", "x").problem().status, 415);
}

TEST(Upload, VcardAndXlsxBodiesKeepTheirType) {
  auto v = read_upload("text/x-vcard", "BEGIN:VCARD\r\n");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->content_type, "text/x-vcard");
  EXPECT_EQ(v->file_name, "upload.vcf");
  auto x = read_upload("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "PK\x03\x04");
  ASSERT_TRUE(x.ok());
  EXPECT_EQ(x->file_name, "upload.xlsx");
}

TEST(Upload, APartsTypeElseItsFileNameSaysWhatItIs) {
  auto part = [](const std::string& headers) {
    return "--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"people.xlsx\"\r\n" + headers +
           "\r\nbytes\r\n--B--\r\n";
  };
  auto typed = read_upload("multipart/form-data; boundary=B", part("Content-Type: text/csv\r\n"));
  ASSERT_TRUE(typed.ok());
  EXPECT_EQ(typed->content_type, "text/csv") << "declared: sniff_file holds the bytes to it";
  auto untyped = read_upload("multipart/form-data; boundary=B", part(""));
  ASSERT_TRUE(untyped.ok());
  EXPECT_EQ(untyped->content_type, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  auto octets = read_upload("multipart/form-data; boundary=B", part("Content-Type: Application/Octet-Stream\r\n"));
  ASSERT_TRUE(octets.ok());
  EXPECT_EQ(octets->content_type, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
}

TEST(Upload, MultipartWithFileAndMapping) {
  std::string body =
      "preamble\r\n--XyZ\r\n"
      "Content-Disposition: form-data; name=\"mapping\"\r\nContent-Type: application/json\r\n\r\n"
      "{\"date_order\":\"mdy\"}\r\n"
      "--XyZ\r\n"
      "content-disposition: form-data; name=file; filename=\"C:\\\\Users\\\\me\\\\Kunden \\\"2024\\\".csv\"\r\n"
      "Content-Type: text/csv\r\n\r\n"
      "Name;E-Mail\r\n\"A\r\n--not a boundary\";a@b.de\r\n"
      "\r\n--XyZ--\r\nepilogue";
  auto u = read_upload("multipart/form-data; boundary=XyZ", body);
  ASSERT_TRUE(u.ok()) << u.problem().detail;
  EXPECT_EQ(u->file, "Name;E-Mail\r\n\"A\r\n--not a boundary\";a@b.de\r\n");
  EXPECT_EQ(u->file_name, "Kunden \"2024\".csv") << "the last path segment, quotes unescaped";
  ASSERT_TRUE(u->mapping);
  EXPECT_EQ(*u->mapping, "{\"date_order\":\"mdy\"}");
}

TEST(Upload, QuotedBoundaryAndEmptyFile) {
  auto u = read_upload("multipart/form-data; charset=utf-8; boundary=\"a b\"",
                       "--a b\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n\r\n--a b--");
  ASSERT_TRUE(u.ok()) << u.problem().detail;
  EXPECT_EQ(u->file, "");
}

TEST(Upload, MalformedMultipartIs400) {
  const std::string type = "multipart/form-data; boundary=b";
  for (const std::string& body : {std::string("no boundary at all"),
                                  std::string("--b\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nunterminated"),
                                  std::string("--b\r\nContent-Disposition: form-data; name=\"file\"\r\nno blank line\r\n--b--"),
                                  std::string("--b\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nx\r\n--b--"),
                                  std::string("--b\r\nContent-Disposition: form-data; name=\"mapping\"\r\n\r\n{}\r\n--b--"),
                                  std::string("--b\r\nContent-Type: text/csv\r\n\r\nx\r\n--b--")}) {
    auto u = read_upload(type, body);
    ASSERT_FALSE(u.ok()) << body;
    EXPECT_EQ(u.problem().status, 400) << body;
  }
  EXPECT_EQ(read_upload("multipart/form-data", "--b--").problem().status, 400) << "no boundary parameter";
  std::string two = "--b\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nx\r\n--b\r\n"
                    "Content-Disposition: form-data; name=\"file\"\r\n\r\ny\r\n--b--";
  EXPECT_EQ(read_upload(type, two).problem().status, 400);
}

TEST(Upload, FileNamesAreCleanedAndBounded) {
  std::string body = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"../../etc/\x01passwd\"\r\n\r\nx\r\n--b--";
  auto u = read_upload("multipart/form-data; boundary=b", body);
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->file_name, "passwd");
  std::string longname(300, 'a');
  longname += ".csv";
  body = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + longname + "\"\r\n\r\nx\r\n--b--";
  u = read_upload("multipart/form-data; boundary=b", body);
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->file_name.size(), kMaxFileNameBytes);
}

}  // namespace
}  // namespace rapport::imports

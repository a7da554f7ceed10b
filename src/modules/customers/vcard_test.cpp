#include "modules/customers/vcard.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace rapport::customers {
namespace {
namespace json = boost::json;

std::string card(const json::value& v, std::string_view org = {}) {
  std::string out;
  append_vcard(v.as_object(), out, org);
  return out;
}

TEST(Vcard, AFullContact) {
  json::value c = json::parse(R"({"id":"0190a000-0000-7000-8000-000000000001","first_name":"Ada","last_name":"Lovelace",
    "email":"ada@example.com","emails":["ada@example.com","ada.l@example.org"],"phone":"+442071234567","phones":["+15550100"],
    "job_title":"Analyst","city":"London","country":"GB","birthday":"1815-12-10","linkedin_url":"https://www.linkedin.com/in/ada",
    "description":"Met at the Royal Society","updated_at":"2026-03-01T09:30:00.000Z","custom":{}})");
  EXPECT_EQ(card(c, "Analytical Engines, Ltd."),
            "BEGIN:VCARD\r\nVERSION:4.0\r\n"
            "UID:urn:uuid:0190a000-0000-7000-8000-000000000001\r\n"
            "FN:Ada Lovelace\r\n"
            "N:Lovelace;Ada;;;\r\n"
            "EMAIL;PREF=1:ada@example.com\r\n"
            "EMAIL:ada.l@example.org\r\n"
            "TEL;VALUE=uri;PREF=1:tel:+442071234567\r\n"
            "TEL;VALUE=uri:tel:+15550100\r\n"
            "ORG:Analytical Engines\\, Ltd.\r\n"
            "TITLE:Analyst\r\n"
            "ADR:;;;London;;;GB\r\n"
            "BDAY:18151210\r\n"
            "URL:https://www.linkedin.com/in/ada\r\n"
            "NOTE:Met at the Royal Society\r\n"
            "REV:20260301T093000Z\r\n"
            "END:VCARD\r\n");
}

TEST(Vcard, OnlyAnAddressStillHasAFormattedName) {
  json::value c = json::parse(R"({"id":"x","first_name":null,"last_name":null,"email":"info@example.com","emails":[]})");
  std::string out = card(c);
  EXPECT_NE(out.find("FN:info@example.com\r\n"), std::string::npos);
  EXPECT_EQ(out.find("\r\nN:"), std::string::npos);
}

TEST(Vcard, SpecialCharactersAreEscapedAndLongNotesFolded) {
  json::value c = json::object{{"id", "x"},
                               {"last_name", "O'Brien; Jr, \\ the 2nd"},
                               {"description", std::string("Line one\nLine two, with ümlauts ") + std::string(100, 'z')}};
  std::string out = card(c);
  EXPECT_NE(out.find("N:O'Brien\\; Jr\\, \\\\ the 2nd;;;;\r\n"), std::string::npos) << out;
  EXPECT_NE(out.find("NOTE:Line one\\nLine two\\, with ümlauts "), std::string::npos) << out;
  for (std::size_t start = 0; start < out.size();) {
    auto end = out.find("\r\n", start);
    ASSERT_NE(end, std::string::npos);
    EXPECT_LE(end - start, 75u) << out.substr(start, end - start);
    start = end + 2;
  }
}

TEST(Vcard, HiddenFieldsAreNotWritten) {
  // The record as a role that hides email and phone reads it: the keys are absent.
  json::value c = json::object{{"id", "x"}, {"first_name", "Ada"}, {"custom", json::object{}}};
  std::string out = card(c);
  EXPECT_EQ(out.find("EMAIL"), std::string::npos);
  EXPECT_EQ(out.find("TEL"), std::string::npos);
  EXPECT_NE(out.find("FN:Ada\r\nN:;Ada;;;\r\n"), std::string::npos) << out;
}

}  // namespace
}  // namespace rapport::customers

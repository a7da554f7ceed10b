#include "modules/imports/vcard_reader.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "modules/customers/specs.hpp"
#include "modules/imports/read_records.hpp"
#include "modules/imports/row_plan.hpp"
#include "modules/imports/vcard_text.hpp"

namespace rapport::imports {
namespace {

// The cell of `column` (a kVcardColumns name) in a card's record.
std::string cell(const CsvRecord& r, std::string_view column) {
  auto it = std::ranges::find(kVcardColumns, column);
  EXPECT_NE(it, kVcardColumns.end()) << column;
  auto i = static_cast<std::size_t>(it - kVcardColumns.begin());
  return i < r.fields.size() ? r.fields[i] : "";
}

VcardFile read_in_pieces(std::string_view bytes, std::size_t piece, VcardLimits limits = {}) {
  VcardReader reader(limits);
  VcardFile file;
  if (!read_records(reader, bytes, piece, file.records)) file.error = reader.error();
  return file;
}

// As Apple Contacts / iCloud export (vCard 3.0): grouped properties labelled by X-ABLabel, escaped
// colons in URLs, a folded base64 photo, the year-less birthday Apple writes as 1604.
constexpr std::string_view kApple =
    "BEGIN:VCARD\r\n"
    "VERSION:3.0\r\n"
    "PRODID:-//Apple Inc.//iPhone OS 17.0//EN\r\n"
    "N:Lovelace;Ada;Augusta;Lady;\r\n"
    "FN:Lady Ada Augusta Lovelace\r\n"
    "ORG:Analytical Engines Ltd;Research;Poetry\r\n"
    "TITLE:Chief Mathematician\r\n"
    "item1.EMAIL;type=INTERNET:ada@home.example\r\n"
    "item1.X-ABLabel:_$!<Home>!$_\r\n"
    "EMAIL;type=INTERNET;type=WORK;type=pref:ada@engines.example\r\n"
    "item2.TEL:+44 20 7946 0018\r\n"
    "item2.X-ABLabel:_$!<Mobile>!$_\r\n"
    "TEL;type=WORK;type=VOICE:+44 20 7946 0000\r\n"
    "TEL;type=HOME;type=FAX:+44 20 7946 0099\r\n"
    "item3.ADR;type=HOME:;;12 St James's Square;London;;SW1Y 4JH;United Kingdom\r\n"
    "item4.ADR;type=WORK;type=pref:;Floor 2;1 Infinite Loop\\nBuilding 3;Cupertino;CA;95014;USA\r\n"
    "item5.URL;type=pref:https\\://engines.example/ada\r\n"
    "item6.X-SOCIALPROFILE;type=linkedin:https\\://www.linkedin.com/in/ada\r\n"
    "BDAY;X-APPLE-OMIT-YEAR=1604:1604-12-10\r\n"
    "NOTE:Met at the Royal Society\\, 1843.\\nWrites notes\\; many.\r\n"
    "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8U\r\n"
    " HRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/2wBDAQkJCQwLDBgNDRgy\r\n"
    " IRwhMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjL/wAAR\r\n"
    "X-ABShowAs:PERSON\r\n"
    "UID:5C1E9A3B-8B8A-4D5E-9E6F-0123456789AB\r\n"
    "END:VCARD\r\n";

TEST(VcardReader, AppleExport) {
  auto f = read_vcards(kApple);
  ASSERT_TRUE(f.error.empty()) << f.error;
  ASSERT_EQ(f.records.size(), 2u);
  EXPECT_EQ(f.records[0].fields, kVcardColumns) << "the header row comes first";
  const auto& r = f.records[1];
  EXPECT_EQ(r.line, 1u);
  EXPECT_EQ(cell(r, "First Name"), "Ada");
  EXPECT_EQ(cell(r, "Middle Name"), "Augusta");
  EXPECT_EQ(cell(r, "Last Name"), "Lovelace");
  EXPECT_EQ(cell(r, "Full Name"), "Lady Ada Augusta Lovelace");
  EXPECT_EQ(cell(r, "Email"), "ada@engines.example") << "the preferred address";
  EXPECT_EQ(cell(r, "Additional email addresses"), "ada@home.example");
  EXPECT_EQ(cell(r, "Phone"), "+44 20 7946 0000") << "no phone is preferred: the first work one";
  EXPECT_EQ(cell(r, "Mobile Phone"), "+44 20 7946 0018") << "the kind is in the group's X-ABLabel";
  EXPECT_EQ(cell(r, "Fax"), "+44 20 7946 0099");
  EXPECT_EQ(cell(r, "Other Phone"), "");
  EXPECT_EQ(cell(r, "Company"), "Analytical Engines Ltd");
  EXPECT_EQ(cell(r, "Department"), "Research, Poetry");
  EXPECT_EQ(cell(r, "Job Title"), "Chief Mathematician");
  EXPECT_EQ(cell(r, "Street"), "1 Infinite Loop Building 3, Floor 2") << "the preferred address";
  EXPECT_EQ(cell(r, "City"), "Cupertino");
  EXPECT_EQ(cell(r, "State"), "CA");
  EXPECT_EQ(cell(r, "Postal Code"), "95014");
  EXPECT_EQ(cell(r, "Country"), "USA");
  EXPECT_EQ(cell(r, "Website"), "https://engines.example/ada");
  EXPECT_EQ(cell(r, "LinkedIn"), "https://www.linkedin.com/in/ada");
  EXPECT_EQ(cell(r, "Birthday"), "") << "Apple's year-less birthday has no date to import";
  EXPECT_EQ(cell(r, "Notes"), "Met at the Royal Society, 1843.\nWrites notes; many.");
  EXPECT_EQ(cell(r, "External ID"), "5C1E9A3B-8B8A-4D5E-9E6F-0123456789AB");
}

TEST(VcardReader, GoogleExportOfManyCardsLfOnly) {
  // Google Contacts: TYPE repeated, several EMAIL and TEL, FN only on one card, LF line ends.
  std::string file =
      "BEGIN:VCARD\nVERSION:3.0\nFN:Grace Hopper\nN:Hopper;Grace;;;\n"
      "EMAIL;TYPE=INTERNET;TYPE=HOME:grace@navy.example\nEMAIL;TYPE=INTERNET;TYPE=WORK:grace@yale.example\n"
      "EMAIL;TYPE=INTERNET:g.hopper@other.example\n"
      "TEL;TYPE=CELL:(202) 555-0143\nTEL;TYPE=HOME:(202) 555-0144\nTEL;TYPE=WORK:(202) 555-0145\n"
      "BDAY:1906-12-09\nORG:US Navy\nCATEGORIES:myContacts,starred\nEND:VCARD\n"
      "BEGIN:VCARD\nVERSION:3.0\nFN:Linus Benedict Torvalds\nEMAIL;TYPE=INTERNET:linus@kernel.example\nEND:VCARD\n";
  auto f = read_vcards(file);
  ASSERT_TRUE(f.error.empty()) << f.error;
  ASSERT_EQ(f.records.size(), 3u);
  const auto& g = f.records[1];
  EXPECT_EQ(cell(g, "Email"), "grace@navy.example") << "none preferred: the first";
  EXPECT_EQ(cell(g, "Additional email addresses"), "grace@yale.example; g.hopper@other.example");
  EXPECT_EQ(cell(g, "Phone"), "(202) 555-0145") << "the first that is neither mobile nor home";
  EXPECT_EQ(cell(g, "Mobile Phone"), "(202) 555-0143");
  EXPECT_EQ(cell(g, "Home Phone"), "(202) 555-0144");
  EXPECT_EQ(cell(g, "Birthday"), "1906-12-09");
  EXPECT_EQ(cell(g, "Company"), "US Navy");
  const auto& l = f.records[2];
  EXPECT_EQ(l.line, 15u);
  EXPECT_EQ(cell(l, "First Name"), "Linus Benedict") << "FN only: split at its last space";
  EXPECT_EQ(cell(l, "Last Name"), "Torvalds");
}

TEST(VcardReader, OldPhoneAndOutlookVcard21) {
  // vCard 2.1: bare types, quoted-printable with soft line breaks and a CHARSET, LF-less CR LF mix.
  std::string file =
      "BEGIN:VCARD\r\nVERSION:2.1\r\n"
      "N;CHARSET=Windows-1252;ENCODING=QUOTED-PRINTABLE:M=FCller;J=FCrgen\r\n"
      "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:J=C3=BCrgen M=C3=BCller\r\n"
      "TEL;CELL;PREF:+49 151 2345678\r\n"
      "TEL;WORK;VOICE:+49 30 1234567\r\n"
      "EMAIL;PREF;INTERNET:juergen@example.de\r\n"
      "NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:Erste Zeile=0D=0Azweite Zeile, sehr lan=\r\n"
      "g und weich umbrochen=\r\n"
      " mit Leerzeichen\r\n"
      "ADR;WORK;ENCODING=QUOTED-PRINTABLE:;;Stra=DFe 1;Berlin;;10115;Deutschland\r\n"
      "BDAY:19800131\r\n"
      "PHOTO;JPEG;ENCODING=BASE64:\r\n"
      " /9j/4AAQSkZJRgABAQAAAQABAAD\r\n"
      "/2wBDAAgGBgcGBQgHBwcJCQgKDBQN\r\n"
      "\r\n"
      "X-MS-OL-DEFAULT-POSTAL-ADDRESS:2\r\n"
      "END:VCARD\r\n";
  auto f = read_vcards(file);
  ASSERT_TRUE(f.error.empty()) << f.error;
  ASSERT_EQ(f.records.size(), 2u);
  const auto& r = f.records[1];
  EXPECT_EQ(cell(r, "First Name"), "J\xC3\xBCrgen");
  EXPECT_EQ(cell(r, "Last Name"), "M\xC3\xBCller");
  EXPECT_EQ(cell(r, "Full Name"), "J\xC3\xBCrgen M\xC3\xBCller");
  EXPECT_EQ(cell(r, "Phone"), "+49 151 2345678") << "the preferred one, mobile or not";
  EXPECT_EQ(cell(r, "Other Phone"), "+49 30 1234567");
  EXPECT_EQ(cell(r, "Mobile Phone"), "");
  EXPECT_EQ(cell(r, "Email"), "juergen@example.de");
  EXPECT_EQ(cell(r, "Notes"), "Erste Zeile\r\nzweite Zeile, sehr lang und weich umbrochen mit Leerzeichen");
  EXPECT_EQ(cell(r, "Street"), "Stra\xC3\x9F" "e 1") << "no CHARSET and not UTF-8: Windows-1252";
  EXPECT_EQ(cell(r, "Country"), "Deutschland");
  EXPECT_EQ(cell(r, "Birthday"), "1980-01-31");
}

TEST(VcardReader, Version4) {
  std::string file =
      "BEGIN:VCARD\r\nVERSION:4.0\r\n"
      "FN:Dr. Jane Q. Public\\, Esq.\r\n"
      "N:Public;Jane;Quinlan;Dr.;Esq.\r\n"
      "TEL;VALUE=uri;TYPE=\"work,voice\";PREF=1:tel:+1-555-555-5555;ext=5555\r\n"
      "TEL;VALUE=uri;TYPE=cell:tel:+1-555-555-4444\r\n"
      "EMAIL;TYPE=work:jqpublic@xyz.example.com\r\n"
      "EMAIL;PREF=1:jane_doe@example.com\r\n"
      "ORG:ABC\\, Inc.;North American Division;Marketing\r\n"
      "BDAY:--0415\r\n"
      "URL:http://www.linkedin.com/in/jqpublic\r\n"
      "NOTE:folded across\r\n"
      "\t a tab and a space\r\n"
      "KEY;MEDIATYPE=application/pgp-keys:ftp://example.com/keys/jdoe\r\n"
      "X-UNKNOWN;FOO=\"a:b;c\":ignored\r\n"
      "END:VCARD\r\n";
  auto f = read_vcards(file);
  ASSERT_TRUE(f.error.empty()) << f.error;
  const auto& r = f.records.at(1);
  EXPECT_EQ(cell(r, "Full Name"), "Dr. Jane Q. Public, Esq.");
  EXPECT_EQ(cell(r, "Phone"), "+1-555-555-5555;ext=5555");
  EXPECT_EQ(cell(r, "Mobile Phone"), "+1-555-555-4444");
  EXPECT_EQ(cell(r, "Email"), "jane_doe@example.com");
  EXPECT_EQ(cell(r, "Additional email addresses"), "jqpublic@xyz.example.com");
  EXPECT_EQ(cell(r, "Company"), "ABC, Inc.");
  EXPECT_EQ(cell(r, "Department"), "North American Division, Marketing");
  EXPECT_EQ(cell(r, "Birthday"), "");
  EXPECT_EQ(cell(r, "LinkedIn"), "http://www.linkedin.com/in/jqpublic");
  EXPECT_EQ(cell(r, "Website"), "");
  EXPECT_EQ(cell(r, "Notes"), "folded across a tab and a space");
}

TEST(VcardReader, CardsComeOutAsTheyAreReadWhateverThePieces) {
  std::string file;
  for (int i = 0; i < 300; ++i) {
    file += "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Name";
    file += std::to_string(i);
    file += ";Given;;;\r\nEMAIL:person";
    file += std::to_string(i);
    file += "@example.com\r\nEND:VCARD\r\n";
  }
  auto whole = read_vcards(file);
  ASSERT_TRUE(whole.error.empty()) << whole.error;
  ASSERT_EQ(whole.records.size(), 301u);
  EXPECT_EQ(cell(whole.records[300], "Last Name"), "Name299");
  for (std::size_t piece : {1u, 2u, 7u, 64u, 4096u}) {
    auto f = read_in_pieces(file, piece);
    ASSERT_TRUE(f.error.empty()) << f.error;
    ASSERT_EQ(f.records.size(), whole.records.size()) << piece;
    for (std::size_t i = 0; i < f.records.size(); ++i) EXPECT_EQ(f.records[i].fields, whole.records[i].fields);
  }
  // Streamed: the first card is out before the second is fed.
  VcardReader reader;
  ASSERT_TRUE(reader.feed(file.substr(0, file.find("BEGIN:VCARD", 10))));
  ASSERT_TRUE(reader.next().has_value());  // the header
  auto first = reader.next();
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(cell(*first, "Email"), "person0@example.com");
}

TEST(VcardReader, ErrorsNameTheCardAndTheLine) {
  auto unended = read_vcards("BEGIN:VCARD\nFN:A\nEND:VCARD\nBEGIN:VCARD\nFN:B\n");
  EXPECT_EQ(unended.error, "card 2 (from line 4): the file ends before its END:VCARD");
  EXPECT_EQ(unended.records.size(), 2u) << "the cards before the error are read";

  auto csv = read_vcards("name,email\nAda,ada@example.com\n");
  EXPECT_EQ(csv.error, "line 1: not a vCard (BEGIN:VCARD expected, \"name,email\" found)");

  std::string many = "BEGIN:VCARD\nFN:A\nEND:VCARD\n\nBEGIN:VCARD\n";
  for (int i = 0; i < 11; ++i) many += "NOTE:x\n";
  many += "END:VCARD\n";
  auto props = read_vcards(many, {.max_properties = 10});
  EXPECT_EQ(props.error, "card 2 (from line 5): line 16: more than 10 properties");

  std::string long_note = "BEGIN:VCARD\nNOTE:";
  long_note.append(3000, 'x');
  long_note += "\nEND:VCARD\n";
  auto line = read_vcards(long_note, {.max_line_bytes = 2048});
  EXPECT_EQ(line.error, "line 2: longer than 2 KiB");
  std::string folded_note = "BEGIN:VCARD\nNOTE:";
  folded_note.append(1500, 'x');
  folded_note += "\n ";
  folded_note.append(1500, 'x');
  folded_note += "\nEND:VCARD\n";
  auto folded = read_vcards(folded_note, {.max_line_bytes = 2048});
  EXPECT_EQ(folded.error, "line 2: a property longer than 2 KiB");

  EXPECT_NE(read_vcards("PK\x03\x04rest").error, "") << "a zip is no text";
}

// Fuzzing finding (tests/fuzz/findings/vcard-2026-12-05): a line of exactly the limit ended by CRLF was
// refused when the pieces were cut between its CR and its LF (the CR counted as part of the line), and
// read whole it was accepted.
TEST(VcardReader, ALineOfExactlyTheLimitIsReadWhateverThePieces) {
  std::string note = "NOTE:";
  note.append(2048 - note.size(), 'x');
  std::string file = "BEGIN:VCARD\r\nFN:Ada\r\n" + note + "\r\nEND:VCARD\r\n";
  const VcardLimits limits{.max_line_bytes = 2048};
  auto whole = read_vcards(file, limits);
  ASSERT_TRUE(whole.error.empty()) << whole.error;
  ASSERT_EQ(whole.records.size(), 2u);
  EXPECT_EQ(cell(whole.records[1], "Notes"), note.substr(5));
  for (std::size_t piece : {1u, 2u, 3u, 4u, 7u, 2069u}) {
    auto f = read_in_pieces(file, piece, limits);
    ASSERT_TRUE(f.error.empty()) << "pieces of " << piece << ": " << f.error;
    ASSERT_EQ(f.records.size(), whole.records.size());
    EXPECT_EQ(f.records[1].fields, whole.records[1].fields);
  }
  // One byte more is refused either way.
  std::string longer = "BEGIN:VCARD\r\n" + note + "x\r\nEND:VCARD\r\n";
  EXPECT_EQ(read_vcards(longer, limits).error, "line 2: longer than 2 KiB");
  EXPECT_EQ(read_in_pieces(longer, 1, limits).error, "line 2: longer than 2 KiB");

}

TEST(VcardReader, Utf16AsOutlookWritesIt) {
  std::string utf16 = "\xFF\xFE";
  for (char c : std::string_view("BEGIN:VCARD\r\nN:M\xFCller;J\xFCrgen\r\nEND:VCARD\r\n")) {
    utf16 += c;  // Latin-1 letters are their own UTF-16 code units
    utf16 += '\0';
  }
  auto outlook = read_vcards(utf16);
  ASSERT_TRUE(outlook.error.empty()) << outlook.error;
  EXPECT_EQ(cell(outlook.records.at(1), "Last Name"), "M\xC3\xBCller");
}

TEST(VcardReader, PhotosAreSkippedWithinTheCardBound) {
  // A photo far beyond the line limit, unfolded and folded: skipped, the card read.
  std::string unfolded = "BEGIN:VCARD\nFN:Big Photo\nPHOTO;ENCODING=b:";
  unfolded.append(3 * 1024 * 1024, 'A');
  unfolded += "\nEMAIL:p@example.com\nEND:VCARD\n";
  std::string folded = "BEGIN:VCARD\nFN:Big Photo\nPHOTO;ENCODING=b:A\n";
  for (int i = 0; i < 40000; ++i) {
    folded += ' ';
    folded.append(74, 'A');
    folded += '\n';
  }
  folded += "EMAIL:p@example.com\nEND:VCARD\n";
  for (const auto& file : {unfolded, folded}) {
    auto f = read_in_pieces(file, 65536);
    ASSERT_TRUE(f.error.empty()) << f.error;
    ASSERT_EQ(f.records.size(), 2u);
    EXPECT_EQ(cell(f.records[1], "Email"), "p@example.com");
  }
  auto big = read_in_pieces(unfolded, 65536, {.max_card_bytes = 1024 * 1024});
  EXPECT_EQ(big.error, "card 1 (from line 1): longer than 1 MiB");
}

// The header is one the import matches as it is, and a card plans like a CSV row: no new path.
TEST(VcardReader, ItsRecordsGoThroughTheImportAsAContact) {
  auto targets = import_targets(customers::contact_spec(), {});
  auto matches = match_columns("contacts", kVcardColumns, targets);
  std::map<std::string, std::string> matched;
  for (std::size_t i = 0; i < matches.size(); ++i)
    if (!matches[i].target.empty()) matched[kVcardColumns[i]] = matches[i].target;
  EXPECT_EQ(matched, (std::map<std::string, std::string>{{"Additional email addresses", "emails"},
                                                          {"Birthday", "birthday"},
                                                          {"City", "city"},
                                                          {"Company", "company"},
                                                          {"Country", "country"},
                                                          {"Email", "email"},
                                                          {"External ID", "external_id"},
                                                          {"First Name", "first_name"},
                                                          {"Full Name", "full_name"},
                                                          {"Home Phone", "phones"},
                                                          {"Job Title", "job_title"},
                                                          {"Last Name", "last_name"},
                                                          {"LinkedIn", "linkedin_url"},
                                                          {"Mobile Phone", "phones"},
                                                          {"Notes", "description"},
                                                          {"Other Phone", "phones"},
                                                          {"Phone", "phone"}}));
  RowPlanner planner("contacts", targets, kVcardColumns, matches, {}, *jobs::time_zone("Europe/London"));
  auto f = read_vcards(kApple);
  ASSERT_EQ(f.records.size(), 2u);
  auto plan = planner.plan(f.records[1]);
  ASSERT_TRUE(plan.errors.empty()) << plan.errors[0].column << ": " << plan.errors[0].message;
  EXPECT_EQ(boost::json::serialize(plan.body),
            R"({"first_name":"Ada","last_name":"Lovelace","email":"ada@engines.example","emails":["ada@home.example"],)"
            R"("phone":"+442079460000","phones":["+442079460018"],"job_title":"Chief Mathematician","city":"Cupertino","country":"US",)"
            R"("linkedin_url":"https://www.linkedin.com/in/ada","description":"Met at the Royal Society, 1843.\nWrites notes; many."})");
  EXPECT_EQ(plan.company, "Analytical Engines Ltd");
  EXPECT_EQ(plan.external_id, "5C1E9A3B-8B8A-4D5E-9E6F-0123456789AB");
}

TEST(VcardText, Values) {
  EXPECT_EQ(decode_quoted_printable("a=3Db=\r\nc=ZZ="), "a=bc=ZZ");
  EXPECT_EQ(text_in_charset("M\xFC" "ller", "ISO-8859-1"), "M\xC3\xBCller");
  EXPECT_EQ(text_in_charset("\xE4", ""), "\xC3\xA4") << "not UTF-8 without a charset: Windows-1252";
  EXPECT_EQ(text_in_charset("\x80", "no-such-charset"), "\xE2\x82\xAC");
  EXPECT_EQ(unescape_text("a\\,b\\;c\\\\d\\ne\\Nf\\x"), "a,b;c\\d\ne\nf\\x");
  EXPECT_EQ(split_components("Doe\\;Jr;John;;"), (std::vector<std::string>{"Doe;Jr", "John", "", ""}));
  EXPECT_EQ(birthday_iso("19850412"), "1985-04-12");
  EXPECT_EQ(birthday_iso("1985-04-12T00:00:00Z"), "1985-04-12");
  EXPECT_EQ(birthday_iso("1985-02-30"), "");
  EXPECT_EQ(birthday_iso("--0412"), "");
  EXPECT_EQ(birthday_iso("1985"), "");
  EXPECT_EQ(birthday_iso("circa 1800"), "");
}

}  // namespace
}  // namespace rapport::imports

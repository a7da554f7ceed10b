#include "modules/imports/charset.hpp"

#include <gtest/gtest.h>

namespace rapport::imports {
namespace {

struct Decoded {
  std::string text;
  Encoding encoding = Encoding::Ascii;
  std::string error;
};

// Decodes `bytes` fed in pieces of `piece` bytes (0: all at once).
Decoded decode(std::string_view bytes, std::size_t piece = 0) {
  TextDecoder d;
  Decoded r;
  bool ok = true;
  if (piece == 0) {
    ok = d.decode(bytes, r.text);
  } else {
    for (std::size_t i = 0; ok && i < bytes.size(); i += piece) ok = d.decode(bytes.substr(i, piece), r.text);
  }
  ok = ok && d.finish(r.text);
  r.encoding = d.encoding();
  if (!ok) r.error = d.error();
  return r;
}

TEST(TextDecoder, Utf8WithOrWithoutBomWhateverThePieces) {
  for (std::size_t piece : {0, 1, 2, 3, 7}) {
    auto plain = decode("Name\nZo\xC3\xAB \xE2\x82\xAC\n", piece);
    EXPECT_EQ(plain.text, "Name\nZo\xC3\xAB \xE2\x82\xAC\n") << piece;
    EXPECT_EQ(plain.encoding, Encoding::Utf8);
    auto bom = decode("\xEF\xBB\xBFName\n\xF0\x9F\x98\x80", piece);
    EXPECT_EQ(bom.text, "Name\n\xF0\x9F\x98\x80") << "the BOM is dropped, piece " << piece;
    EXPECT_EQ(bom.encoding, Encoding::Utf8);
  }
  EXPECT_EQ(decode("a,b\n1,2\n").encoding, Encoding::Ascii);
  EXPECT_EQ(decode("").text, "");
  EXPECT_EQ(decode("\xEF\xBB\xBF").text, "") << "a BOM and nothing else";
}

TEST(TextDecoder, Windows1252AndLatin1AreDetectedAndConverted) {
  // "Müller;Café;5 €" as Excel on Windows saves it: ü 0xFC, é 0xE9, € 0x80.
  for (std::size_t piece : {0, 1, 4}) {
    auto cp = decode("M\xFCller;Caf\xE9;5 \x80\n", piece);
    EXPECT_EQ(cp.text, "M\xC3\xBCller;Caf\xC3\xA9;5 \xE2\x82\xAC\n") << piece;
    EXPECT_EQ(cp.encoding, Encoding::Windows1252) << "0x80 is a letter only in Windows-1252";
  }
  auto latin1 = decode("Gar\xE7on,\xC5ngstr\xF6m\n");
  EXPECT_EQ(latin1.text, "Gar\xC3\xA7on,\xC3\x85ngstr\xC3\xB6m\n");
  EXPECT_EQ(latin1.encoding, Encoding::Latin1);
  // Curly quotes and dashes of Word (0x93 0x94 0x96): Windows-1252.
  EXPECT_EQ(decode("\x93quoted\x94 \x96 dash").text, "\xE2\x80\x9Cquoted\xE2\x80\x9D \xE2\x80\x93 dash");
  // ASCII for a long while, then a Latin-1 letter late in the file.
  std::string late(100000, 'a');
  late += "\n\xE9t\xE9\n";
  auto r = decode(late, 4096);
  EXPECT_EQ(r.encoding, Encoding::Latin1);
  EXPECT_TRUE(r.text.ends_with("\n\xC3\xA9t\xC3\xA9\n"));
  // A file ending with what could start a UTF-8 sequence, and nothing else beyond ASCII.
  EXPECT_EQ(decode("caf\xC3").text, "caf\xC3\x83");
}

TEST(TextDecoder, Utf16WithBomIsExcelsUnicodeText) {
  // "Name\tÉtat\n" in UTF-16LE with BOM, and BE.
  std::string le("\xFF\xFEN\0a\0m\0e\0\t\0\xC9\0t\0a\0t\0\n\0", 22);
  std::string be("\xFE\xFF\0N\0a\0m\0e\0\t\0\xC9\0t\0a\0t\0\n", 22);
  for (std::size_t piece : {0, 1, 3}) {
    auto l = decode(le, piece);
    EXPECT_EQ(l.text, "Name\t\xC3\x89tat\n") << piece << " " << l.error;
    EXPECT_EQ(l.encoding, Encoding::Utf16Le);
    EXPECT_EQ(decode(be, piece).text, "Name\t\xC3\x89tat\n");
  }
  // A surrogate pair (U+1F600) cut between pieces.
  std::string emoji("\xFF\xFE=\xD8\x00\xDE", 6);
  EXPECT_EQ(decode(emoji, 1).text, "\xF0\x9F\x98\x80");
  auto odd = decode(std::string("\xFF\xFEN\0a", 5));
  EXPECT_FALSE(odd.error.empty()) << "half a code unit at the end";
  auto lone = decode(std::string("\xFF\xFE\x00\xD8" "a\0", 6));
  EXPECT_FALSE(lone.error.empty()) << "an unpaired surrogate";
}

TEST(TextDecoder, RefusesWhatIsNotText) {
  auto mixed = decode("caf\xC3\xA9\nna\xEFve\n");
  EXPECT_NE(mixed.error.find("byte 8"), std::string::npos) << mixed.error;
  EXPECT_NE(mixed.error.find("0xEF"), std::string::npos) << mixed.error;
  // Decided UTF-8 in an earlier piece, then a Latin-1 byte.
  auto later = decode("caf\xC3\xA9\nna\xEFve\n", 6);
  EXPECT_EQ(later.error, mixed.error) << "the pieces do not change the verdict";
  EXPECT_NE(decode("PK\x03\x04\x14\x00", 2).error.find("ZIP"), std::string::npos);
  EXPECT_NE(decode(std::string("a,b\n\0\0", 6)).error.find("NUL"), std::string::npos);
  EXPECT_NE(decode("caf\xC3\xA9 \xE2\x82").error.find("ends inside"), std::string::npos)
      << "decided UTF-8, then cut mid-character";
  TextDecoder d;
  std::string out;
  EXPECT_FALSE(d.decode("\xC3\xA9\xFF", out));
  EXPECT_FALSE(d.decode("more", out)) << "a failed decoder stays failed";
}

}  // namespace
}  // namespace rapport::imports

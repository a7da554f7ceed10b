// vCard files (2.1 from old phones, 3.0 per RFC 2426, 4.0 per RFC 6350; Apple, Google and Outlook
// exports) read as a stream into the records the CSV reader gives: first a header row of column names
// the header matcher knows (kVcardColumns: "First Name", "Email", "Mobile Phone", ...), then one row
// per card as soon as its END:VCARD is read. The import pipeline takes them as it takes a CSV file.
//
// What it accepts, because exports do it:
//  - lines ended by CRLF or LF, folded by a line break and a space or tab; vCard 2.1's
//    quoted-printable soft breaks (a `=` ending the line) with CHARSET=; TEXT escapes \\ \, \; \n;
//  - grouped properties (item1.EMAIL, with Apple's item1.X-ABLabel naming the kind), TYPE=WORK,INTERNET,
//    TYPE="work,voice", TYPE=pref / PREF=1, vCard 2.1's bare types (TEL;CELL;PREF:);
//  - several EMAIL and TEL (the preferred one is "Email" / "Phone", the others go to the list columns
//    by kind; fax numbers to "Fax", which the import leaves out), N or only FN (split at its last
//    space), ORG with units ("Company", "Department"), ADR (preferred, else work, else first), BDAY in
//    basic or extended form (no year: left empty), URL (a LinkedIn one to "LinkedIn"), NOTE, UID;
//  - PHOTO, LOGO, SOUND and KEY skipped without being held, unknown and X- properties ignored, a
//    property line without a colon ignored (2.1 exporters' unindented base64), nested AGENT cards.
// Bounded: a logical line 1 MiB (binary properties excepted: skipped, counted in the card), a card
// 10 MiB, 1000 properties a card. Errors stop the reading and name the card's number and the line.
// Pure: no global state, bytes in, records out (read_vcards is the whole-file form).
#pragma once
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "modules/imports/charset.hpp"
#include "modules/imports/csv_reader.hpp"

namespace rapport::imports {

struct VcardLimits {
  std::size_t max_line_bytes = 1024 * 1024;
  std::size_t max_card_bytes = 10 * 1024 * 1024;
  std::size_t max_properties = 1000;
};

// The header row every vCard file gives, in order.
extern const std::vector<std::string> kVcardColumns;

class VcardReader {
 public:
  explicit VcardReader(VcardLimits limits = {});
  ~VcardReader();
  VcardReader(const VcardReader&) = delete;
  VcardReader& operator=(const VcardReader&) = delete;

  // The next bytes of the file (pieces of any size). False on an error; nothing more is read.
  bool feed(std::string_view bytes);
  // The end of the file: a card not ended is an error.
  bool finish();
  // The header row once the first card starts, then one record per card (`line`: its BEGIN line).
  std::optional<CsvRecord> next();

  uint64_t cards() const { return cards_; }
  const std::string& error() const { return error_; }

  struct Card;  // what one card has said so far (vcard_reader.cpp)

 private:
  bool fail(std::string message);
  bool fail_in_card(std::string message);
  bool take_text(std::string_view text, bool at_end);
  bool physical_line(std::string_view line);
  bool logical_line();
  bool property(std::string_view line);

  VcardLimits limits_;
  TextDecoder decoder_;
  std::string text_;     // decoded text not yet split into lines
  std::string logical_;  // the logical line being unfolded
  uint64_t logical_start_ = 0;
  bool logical_binary_ = false;  // a PHOTO (or alike) being skipped: its text is not kept
  bool logical_qp_ = false;      // quoted-printable: a `=` at a line's end continues it
  bool dropping_line_ = false;   // the rest of an over-long binary line is skipped up to its end
  uint64_t line_ = 0;            // physical lines seen
  std::unique_ptr<Card> card_;
  uint64_t cards_ = 0;
  uint64_t card_line_ = 0;
  std::size_t card_bytes_ = 0;
  std::size_t card_properties_ = 0;
  int depth_ = 0;  // BEGIN:VCARD nesting (vCard 2.1's AGENT holds a card)
  bool header_sent_ = false;
  std::deque<CsvRecord> ready_;
  std::string error_;
  std::string decoded_;
};

struct VcardFile {
  std::vector<CsvRecord> records;  // the header row first
  std::string error;
};
VcardFile read_vcards(std::string_view bytes, VcardLimits limits = {});

}  // namespace rapport::imports

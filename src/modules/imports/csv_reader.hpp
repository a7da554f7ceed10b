// CSV as spreadsheets and CRMs really write it, read per RFC 4180 and streamed: the file's bytes go
// in as pieces of any size and its records come out as soon as each is complete, so memory stays
// flat whatever the file's length (a record is bounded, see CsvLimits).
//
// What it accepts beyond the RFC's letter, because exports do it:
//  - any encoding TextDecoder detects (UTF-8 with or without BOM, UTF-16 with BOM, Windows-1252 /
//    ISO-8859-1), turned into UTF-8;
//  - the separator `,` `;` tab or `|`, chosen from the first 64 KiB: the one that splits the first
//    record into the most fields that the following records repeat; Excel's `sep=;` first line
//    declares it instead (and is not a record);
//  - CRLF, LF or a lone CR (old Mac Excel) ending records; CRLF inside a quoted field becomes LF;
//  - quoted fields holding separators, line breaks and doubled quotes; spaces before an opening quote
//    or after a closing one; a quote inside an unquoted field kept as a letter (`5" screen`); text
//    after a closing quote appended (`"a"b` is `ab`, as Excel reads it);
//  - blank lines skipped; ragged records (fewer or more fields than the header) passed on as they
//    are, for the mapping to judge.
// Errors stop the reading (a quote never closed, a field, record or field count beyond its limit, an
// encoding error) and name the line: past such a point no record boundary can be trusted.
// Pure: no global state, bytes in, records out (read_csv is the whole-file form, for tests and fuzzing).
#pragma once
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "modules/imports/charset.hpp"

namespace rapport::imports {

struct CsvLimits {
  std::size_t max_field_bytes = 128 * 1024;  // a long description is ~10,000 characters
  std::size_t max_record_bytes = 1024 * 1024;
  std::size_t max_fields = 1000;
  std::size_t sniff_bytes = 64 * 1024;  // text read before the separator is chosen
};

struct CsvRecord {
  uint64_t line = 0;  // the line of the file where the record starts, from 1
  uint64_t end = 0;   // the decoded text (UTF-8 bytes) up to the end of the record (its line end's first character)
  std::vector<std::string> fields;
};

class CsvReader {
 public:
  explicit CsvReader(CsvLimits limits = {});

  // The next bytes of the file. False on an error (error() says which and where); nothing more is read.
  bool feed(std::string_view bytes);
  // The end of the file.
  bool finish();
  // The next complete record in file order; nullopt when none is ready yet (feed more) or after the last.
  std::optional<CsvRecord> next();

  // The decoded text up to the end of the last record next() gave: how far the rows read reach into the
  // file (the text fed runs ahead of them by the separator's sample and the records not taken yet).
  uint64_t text_read() const { return text_read_; }
  char separator() const { return separator_; }  // 0 until chosen
  Encoding encoding() const { return decoder_.encoding(); }
  const std::string& error() const { return error_; }

 private:
  enum class State { FieldStart, Unquoted, Quoted, QuotedCr, QuoteInQuoted, AfterCr };
  bool fail(std::string message);
  bool take_text(std::string_view text);
  bool choose_separator(bool at_end);
  bool scan(std::string_view text);
  bool end_field();
  bool end_record();
  // A separator or line end after a value ends the field or the record; `ended` says whether `c` was one.
  bool end_value(char c, bool& ended);

  CsvLimits limits_;
  TextDecoder decoder_;
  std::string sniffed_;  // decoded text held until the separator is chosen
  char separator_ = 0;
  State state_ = State::FieldStart;
  uint64_t line_ = 1;
  uint64_t scanned_ = 0;    // decoded text scanned, the character being scanned included
  uint64_t text_read_ = 0;  // text_read()
  std::string field_;
  CsvRecord record_;
  std::size_t record_bytes_ = 0;
  bool record_has_text_ = false;  // a line with nothing at all is no record
  std::deque<CsvRecord> ready_;
  std::string error_;
  std::string decoded_;  // scratch, reused
};

struct CsvFile {
  Encoding encoding = Encoding::Ascii;
  char separator = 0;
  std::vector<CsvRecord> records;
  std::string error;  // empty when the whole file was read
};
CsvFile read_csv(std::string_view bytes, CsvLimits limits = {});

// The separator a sample of text (the start of a file) most likely uses, by the rule above; `,` when
// nothing tells.
char sniff_separator(std::string_view sample, bool sample_is_whole_file);

}  // namespace rapport::imports

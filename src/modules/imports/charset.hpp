// The bytes of an uploaded text file turned into UTF-8 as they arrive, in whatever encoding the
// spreadsheet or CRM that wrote it chose. The encoding is detected, never declared by the caller:
//  - a byte order mark says UTF-8, UTF-16LE or UTF-16BE (Excel's "Unicode text") and is dropped;
//  - otherwise the text is ASCII up to its first other byte; if that byte starts a well-formed UTF-8
//    sequence the file is UTF-8, else it is Windows-1252 (reported as ISO-8859-1 while no byte
//    0x80-0x9F appeared: on every other byte the two agree). A Latin-1 text whose first letter beyond
//    ASCII is followed by what reads as a UTF-8 continuation byte (e.g. "Ã" then a C1 byte) is rare
//    enough not to guess further; the rule does not depend on how the bytes are cut into pieces;
//  - once UTF-8 is decided, a byte that belongs to no UTF-8 sequence is an error naming its offset (a
//    file in two encodings), never a silently wrong letter.
// A NUL byte outside UTF-16 means a binary file (a spreadsheet's .xlsx sent as CSV): an error too.
// Pure: no global state; each decoder owns its ICU converter.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace rapport::imports {

enum class Encoding { Ascii, Utf8, Utf16Le, Utf16Be, Windows1252, Latin1 };
// "us-ascii", "utf-8", "utf-16le", "utf-16be", "windows-1252", "iso-8859-1".
std::string_view encoding_name(Encoding e);

class TextDecoder {
 public:
  TextDecoder();
  ~TextDecoder();
  TextDecoder(const TextDecoder&) = delete;
  TextDecoder& operator=(const TextDecoder&) = delete;

  // Appends the UTF-8 text of the next bytes of the file (pieces of any size, split anywhere) to
  // `out`. False when the bytes cannot be text; error() then says why and the decoder stays failed.
  bool decode(std::string_view bytes, std::string& out);
  // The end of the file: a sequence cut off by it is an error.
  bool finish(std::string& out);

  // What the file is in so far (Ascii until a byte says more).
  Encoding encoding() const { return encoding_; }
  const std::string& error() const { return error_; }

 private:
  bool fail(std::string message);
  bool decode_utf8(std::string_view bytes, std::string& out);
  bool decode_icu(std::string_view bytes, std::string& out, bool flush);
  bool open_icu(const char* name);
  void note_legacy_bytes(std::string_view bytes);

  struct Icu;
  std::unique_ptr<Icu> icu_;
  Encoding encoding_ = Encoding::Ascii;
  bool started_ = false;  // the first bytes (a possible byte order mark) were seen
  std::string pending_;   // bytes held back: a possible BOM's start, or a UTF-8 sequence cut by the piece's end
  uint64_t offset_ = 0;   // bytes of the file consumed before pending_
  std::string error_;
};

}  // namespace rapport::imports

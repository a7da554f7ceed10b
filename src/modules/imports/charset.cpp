#include "modules/imports/charset.hpp"

#include <unicode/ucnv.h>

#include <cstring>

#include "platform/utf8.hpp"

namespace rapport::imports {

std::string_view encoding_name(Encoding e) {
  switch (e) {
    case Encoding::Ascii: return "us-ascii";
    case Encoding::Utf8: return "utf-8";
    case Encoding::Utf16Le: return "utf-16le";
    case Encoding::Utf16Be: return "utf-16be";
    case Encoding::Windows1252: return "windows-1252";
    case Encoding::Latin1: return "iso-8859-1";
  }
  return "?";
}

// ICU's streaming conversion from the file's encoding to UTF-8, through a UTF-16 pivot kept between
// pieces (a code unit or surrogate pair may be cut by a piece's end).
struct TextDecoder::Icu {
  UConverter* from = nullptr;
  UConverter* to = nullptr;
  UChar pivot[4096];
  UChar* pivot_source = pivot;
  UChar* pivot_target = pivot;
  bool reset = true;
  ~Icu() {
    if (from) ucnv_close(from);
    if (to) ucnv_close(to);
  }
};

TextDecoder::TextDecoder() = default;
TextDecoder::~TextDecoder() = default;

namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::string_view kUtf16LeBom = "\xFF\xFE";
constexpr std::string_view kUtf16BeBom = "\xFE\xFF";
constexpr std::string_view kZip = "PK\x03\x04";

// Whether `bytes` could be the start of a byte order mark or ZIP signature the next piece completes.
bool could_be_signature(std::string_view bytes) {
  for (auto sig : {kUtf8Bom, kUtf16LeBom, kUtf16BeBom, kZip})
    if (bytes.size() < sig.size() && sig.starts_with(bytes)) return true;
  return false;
}

std::string hex_byte(unsigned char b) {
  const char* digits = "0123456789ABCDEF";
  std::string s = "0x";
  s += digits[b >> 4];
  s += digits[b & 15];
  return s;
}

}  // namespace

bool TextDecoder::fail(std::string message) {
  error_ = std::move(message);
  pending_.clear();
  return false;
}

bool TextDecoder::open_icu(const char* name) {
  icu_ = std::make_unique<Icu>();
  UErrorCode err = U_ZERO_ERROR;
  icu_->from = ucnv_open(name, &err);
  if (U_SUCCESS(err)) icu_->to = ucnv_open("UTF-8", &err);
  // A byte sequence the encoding cannot hold (an unpaired UTF-16 surrogate) stops the conversion.
  if (U_SUCCESS(err)) ucnv_setToUCallBack(icu_->from, UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &err);
  if (U_FAILURE(err)) return fail(std::string("the text converter for ") + name + " is not available: " + u_errorName(err));
  return true;
}

void TextDecoder::note_legacy_bytes(std::string_view bytes) {
  if (encoding_ != Encoding::Latin1) return;
  for (char ch : bytes) {
    auto b = static_cast<unsigned char>(ch);
    if (b >= 0x80 && b <= 0x9F) {  // a C1 control in ISO-8859-1: only Windows-1252 writes letters there
      encoding_ = Encoding::Windows1252;
      return;
    }
  }
}

bool TextDecoder::decode_icu(std::string_view bytes, std::string& out, bool flush) {
  if (encoding_ != Encoding::Utf16Le && encoding_ != Encoding::Utf16Be) {
    if (const void* nul = bytes.empty() ? nullptr : std::memchr(bytes.data(), 0, bytes.size()))
      return fail("byte " + std::to_string(offset_ + (static_cast<const char*>(nul) - bytes.data())) +
                  " is NUL: this is not a text file");
    note_legacy_bytes(bytes);
  }
  const char* source = bytes.empty() ? "" : bytes.data();  // ICU refuses a null source, even an empty one
  const char* const begin = source;
  const char* const source_end = source + bytes.size();
  char buffer[16384];
  for (;;) {
    char* target = buffer;
    UErrorCode err = U_ZERO_ERROR;
    ucnv_convertEx(icu_->to, icu_->from, &target, buffer + sizeof buffer, &source, source_end, icu_->pivot,
                   &icu_->pivot_source, &icu_->pivot_target, icu_->pivot + std::size(icu_->pivot), icu_->reset, flush,
                   &err);
    icu_->reset = false;
    out.append(buffer, target);
    if (err == U_BUFFER_OVERFLOW_ERROR) continue;
    offset_ += static_cast<uint64_t>(source - begin);
    if (U_FAILURE(err))
      return fail(flush ? "the file ends inside a character (" + std::string(encoding_name(encoding_)) + ")"
                        : "near byte " + std::to_string(offset_) + " the text is not valid " +
                              std::string(encoding_name(encoding_)));
    return true;
  }
}

bool TextDecoder::decode_utf8(std::string_view bytes, std::string& out) {
  if (encoding_ == Encoding::Ascii) {
    std::size_t i = 0;
    while (i < bytes.size() && static_cast<unsigned char>(bytes[i]) < 0x80) ++i;
    if (i < bytes.size()) {
      // The first character beyond ASCII decides, whatever the pieces' sizes.
      auto first = utf8::valid_prefix(bytes.substr(i, 4));
      if (first.valid == 0 && first.incomplete && i + 4 > bytes.size()) {
        // A sequence the next piece may complete: decide then.
        if (!decode_utf8(bytes.substr(0, i), out)) return false;
        pending_ = bytes.substr(i);
        return true;
      }
      if (first.valid == 0) {
        // Not UTF-8: a single-byte code page. The ASCII before it is the same in both.
        if (!decode_utf8(bytes.substr(0, i), out) || !open_icu("windows-1252")) return false;
        encoding_ = Encoding::Latin1;
        return decode_icu(bytes.substr(i), out, false);
      }
      encoding_ = Encoding::Utf8;
    }
  }
  auto prefix = utf8::valid_prefix(bytes);
  std::string_view good = bytes.substr(0, prefix.valid);
  if (const void* nul = good.empty() ? nullptr : std::memchr(good.data(), 0, good.size()))
    return fail("byte " + std::to_string(offset_ + (static_cast<const char*>(nul) - good.data())) +
                " is NUL: this is not a text file (UTF-16 text needs its byte order mark)");
  out.append(good);
  offset_ += good.size();
  if (prefix.valid == bytes.size()) return true;
  if (prefix.incomplete) {
    pending_ = bytes.substr(prefix.valid);
    return true;
  }
  return fail("byte " + std::to_string(offset_) + " (" + hex_byte(static_cast<unsigned char>(bytes[prefix.valid])) +
              ") is not UTF-8, though the text before it is: save the file in one encoding");
}

bool TextDecoder::decode(std::string_view bytes, std::string& out) {
  if (!error_.empty()) return false;
  std::string joined;
  if (!pending_.empty()) {
    joined = std::move(pending_);
    pending_.clear();
    joined.append(bytes);
    bytes = joined;
  }
  if (!started_) {
    if (could_be_signature(bytes)) {
      pending_ = bytes;
      return true;
    }
    started_ = true;
    if (bytes.starts_with(kZip))
      return fail("the file is a ZIP archive (an .xlsx workbook?), not CSV text: save it as CSV first");
    if (bytes.starts_with(kUtf8Bom)) {
      encoding_ = Encoding::Utf8;
      bytes.remove_prefix(kUtf8Bom.size());
      offset_ += kUtf8Bom.size();
    } else if (bytes.starts_with(kUtf16LeBom) || bytes.starts_with(kUtf16BeBom)) {
      bool le = bytes.starts_with(kUtf16LeBom);
      if (!open_icu(le ? "UTF-16LE" : "UTF-16BE")) return false;
      encoding_ = le ? Encoding::Utf16Le : Encoding::Utf16Be;
      bytes.remove_prefix(2);
      offset_ += 2;
    }
  }
  if (encoding_ == Encoding::Ascii || encoding_ == Encoding::Utf8) return decode_utf8(bytes, out);
  return decode_icu(bytes, out, false);
}

bool TextDecoder::finish(std::string& out) {
  if (!error_.empty()) return false;
  if (!started_) {
    started_ = true;  // a file shorter than any signature
    std::string rest = std::move(pending_);
    pending_.clear();
    if (!rest.empty() && !decode(rest, out)) return false;
  }
  if (encoding_ == Encoding::Ascii && !pending_.empty()) {
    // The file ends with the start of a UTF-8 sequence and nothing else non-ASCII: not UTF-8.
    std::string rest = std::move(pending_);
    pending_.clear();
    if (!open_icu("windows-1252")) return false;
    encoding_ = Encoding::Latin1;
    if (!decode_icu(rest, out, false)) return false;
  }
  if (encoding_ == Encoding::Utf8 || encoding_ == Encoding::Ascii)
    return pending_.empty() ? true : fail("the file ends inside a UTF-8 character");
  return decode_icu({}, out, true);
}

}  // namespace rapport::imports

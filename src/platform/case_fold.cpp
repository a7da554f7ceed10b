#include "platform/case_fold.hpp"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>

#include <stdexcept>

#include "platform/utf8.hpp"

namespace rapport::case_fold {

namespace {

bool ascii(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}

const icu::Normalizer2& nfkc_casefold() {
  static const icu::Normalizer2* n = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* p = icu::Normalizer2::getNFKCCasefoldInstance(status);
    if (U_FAILURE(status) || !p) throw std::runtime_error(std::string("ICU NFKC_Casefold unavailable: ") + u_errorName(status));
    return p;
  }();
  return *n;
}

}  // namespace

std::string key(std::string_view text) {
  // NFKC_Casefold leaves ASCII other than A-Z as it is (no ASCII character has a compatibility
  // decomposition), so the common case needs no ICU call.
  if (ascii(text)) {
    std::string out(text);
    for (auto& c : out)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
  }
  std::string valid = utf8::valid(text) ? std::string(text) : utf8::scrub(text);
  std::string out;
  out.reserve(valid.size());
  icu::StringByteSink<std::string> sink(&out);
  UErrorCode status = U_ZERO_ERROR;
  nfkc_casefold().normalizeUTF8(0, icu::StringPiece(valid.data(), static_cast<int32_t>(valid.size())), sink, nullptr,
                                status);
  if (U_FAILURE(status)) throw std::runtime_error(std::string("case folding failed: ") + u_errorName(status));
  return out;
}

}  // namespace rapport::case_fold

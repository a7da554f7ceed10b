#include "platform/ids.hpp"

#include <sodium.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <mutex>

namespace rapport::ids {

std::string uuid_v7() {
  // 48-bit millisecond timestamp, then a 12-bit counter seeded randomly each millisecond so ids made
  // in the same millisecond by this process stay ordered, then 62 random bits.
  static std::mutex mu;
  static uint64_t last_ms = 0;
  static uint16_t counter = 0;
  uint64_t ms = static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count());
  uint16_t seq;
  {
    std::lock_guard lock(mu);
    if (ms <= last_ms) {
      ms = last_ms;
      if (++counter > 0x0fff) {  // counter exhausted: borrow the next millisecond
        ++ms;
        last_ms = ms;
        counter = static_cast<uint16_t>(randombytes_uniform(0x400));
      }
    } else {
      last_ms = ms;
      counter = static_cast<uint16_t>(randombytes_uniform(0x400));
    }
    seq = counter;
  }
  unsigned char b[16];
  randombytes_buf(b + 8, 8);
  for (int i = 0; i < 6; ++i) b[i] = static_cast<unsigned char>(ms >> (40 - 8 * i));
  b[6] = static_cast<unsigned char>(0x70 | ((seq >> 8) & 0x0f));
  b[7] = static_cast<unsigned char>(seq & 0xff);
  b[8] = static_cast<unsigned char>(0x80 | (b[8] & 0x3f));
  static const char* hex = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(hex[b[i] >> 4]);
    out.push_back(hex[b[i] & 0x0f]);
  }
  return out;
}

bool is_uuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < 36; ++i) {
    char c = s[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
      return false;
    }
  }
  return true;
}

std::optional<std::vector<std::string>> uuid_list(std::string_view text) {
  std::vector<std::string> out;
  for (std::size_t at = 0; at <= text.size();) {
    const std::size_t comma = std::min(text.find(',', at), text.size());
    std::string id(text.substr(at, comma - at));
    if (!is_uuid(id)) return std::nullopt;
    for (auto& c : id) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.push_back(std::move(id));
    at = comma + 1;
  }
  return out;
}

namespace {

std::string encode(std::string_view bytes, int variant) {
  std::string out(sodium_base64_encoded_len(bytes.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                    variant);
  out.resize(out.find('\0') == std::string::npos ? out.size() : out.find('\0'));
  return out;
}

bool decode(std::string_view text, std::string& out, int variant) {
  out.assign(text.size(), '\0');
  std::size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr,
                        &len, nullptr, variant) != 0)
    return false;
  out.resize(len);
  return true;
}

}  // namespace

std::string base64url_encode(std::string_view bytes) { return encode(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING); }
bool base64url_decode(std::string_view text, std::string& out) {
  return decode(text, out, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}
std::string base64_encode(std::string_view bytes) { return encode(bytes, sodium_base64_VARIANT_ORIGINAL); }
bool base64_decode(std::string_view text, std::string& out) { return decode(text, out, sodium_base64_VARIANT_ORIGINAL); }

std::string random_token(std::size_t bytes) {
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  return base64url_encode(raw);
}

std::string token_hash(std::string_view token) {
  unsigned char h[32];
  crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(token.data()), token.size(), nullptr, 0);
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, h, sizeof h);
  return std::string(hex, 64);
}

}  // namespace rapport::ids

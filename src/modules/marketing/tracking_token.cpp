#include "modules/marketing/tracking_token.hpp"

#include <stdexcept>

#include "platform/ids.hpp"

namespace rapport::marketing {

namespace {

constexpr std::size_t kWorkspacePart = 22;  // base64url of 16 bytes, unpadded
constexpr std::size_t kMaxToken = 256;

std::string context_of(const std::string& workspace_id) {
  std::string c = "mkt:";
  c += workspace_id;
  return c;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// A canonical UUID's 16 bytes, appended to out.
void append_uuid(std::string& out, const std::string& id) {
  if (!ids::is_uuid(id)) throw std::invalid_argument("a tracking token needs UUIDs, not " + id);
  int high = -1;
  for (char c : id) {
    if (c == '-') continue;
    if (high < 0) {
      high = hex_digit(c);
    } else {
      out.push_back(static_cast<char>(high * 16 + hex_digit(c)));
      high = -1;
    }
  }
}

std::string uuid_text(std::string_view bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (std::size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    const auto b = static_cast<unsigned char>(bytes[i]);
    out.push_back(digits[b >> 4]);
    out.push_back(digits[b & 15]);
  }
  return out;
}

void append_u32(std::string& out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xff));
}

uint32_t read_u32(std::string_view bytes) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(bytes[static_cast<std::size_t>(i)]);
  return v;
}

}  // namespace

std::string make_token(const Vault& vault, const TokenClaims& t) {
  std::string ws;
  append_uuid(ws, t.workspace_id);
  // kind, campaign, contact, issued (seconds, 32 bits: until 2106), and a click's link index
  std::string payload(1, static_cast<char>(t.kind));
  append_uuid(payload, t.campaign_id);
  append_uuid(payload, t.contact_id);
  append_u32(payload, static_cast<uint32_t>(t.issued_s));
  if (t.kind == TokenKind::Click) append_u32(payload, t.link);
  std::string out = ids::base64url_encode(ws);
  out += vault.seal(payload, context_of(t.workspace_id));
  return out;
}

std::optional<TokenClaims> read_token(const Vault& vault, std::string_view token, TokenKind kind) {
  if (token.size() <= kWorkspacePart || token.size() > kMaxToken) return std::nullopt;
  std::string ws;
  if (!ids::base64url_decode(token.substr(0, kWorkspacePart), ws) || ws.size() != 16) return std::nullopt;
  TokenClaims t;
  t.workspace_id = uuid_text(ws);
  auto payload = vault.open(token.substr(kWorkspacePart), context_of(t.workspace_id));
  const std::size_t size = kind == TokenKind::Click ? 41 : 37;
  if (!payload || payload->size() != size || (*payload)[0] != static_cast<char>(kind)) return std::nullopt;
  const std::string_view p(*payload);
  t.kind = kind;
  t.campaign_id = uuid_text(p.substr(1, 16));
  t.contact_id = uuid_text(p.substr(17, 16));
  t.issued_s = read_u32(p.substr(33, 4));
  if (kind == TokenKind::Click) t.link = read_u32(p.substr(37, 4));
  return t;
}

}  // namespace rapport::marketing

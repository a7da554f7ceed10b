// The tokens in a campaign message's links (issue 16 §3, §4): the open pixel (/t/o/{token}), each
// tracked link (/t/c/{token}) and the unsubscribe page (/u/{token}). A token names the workspace, the
// campaign, the recipient (a contact), when the message was prepared and, for a click, the link's
// index in the campaign's tracking_links; it is sealed with the vault (XChaCha20-Poly1305 under the
// master key, the primitive of the satisfaction survey's links) under the context
// "mkt:<workspace id>", so each workspace's tokens are under a key of its own: a token cannot be
// forged, altered, or moved to another workspace, campaign, contact, link or purpose (an open token
// is not a click token), and nothing is stored to check it. Tokens do not expire: an unsubscribe
// link must keep working (RFC 8058), and a tracking token only leads to a link the campaign stored.
//
// Form: base64url of the workspace id's 16 bytes (22 characters), then the vault's sealed value
// ("v1." + base64url of nonce, payload and tag): about 130 URL-safe characters.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "platform/vault.hpp"

namespace rapport::marketing {

enum class TokenKind : char { Open = 'o', Click = 'c', Unsubscribe = 'u' };

struct TokenClaims {
  TokenKind kind = TokenKind::Open;
  std::string workspace_id, campaign_id, contact_id;  // canonical lower-case UUIDs
  int64_t issued_s = 0;   // when the message was prepared (Unix seconds)
  uint32_t link = 0;      // a click's link index; 0 for the other kinds
};

// Throws std::invalid_argument when an id is not a UUID (ids are made by the server: a bug).
std::string make_token(const Vault& vault, const TokenClaims& claims);
// The claims of a token made by make_token under this key for `kind`; nullopt for anything else
// (malformed, too long, altered, sealed for another workspace or kind).
std::optional<TokenClaims> read_token(const Vault& vault, std::string_view token, TokenKind kind);

}  // namespace rapport::marketing

// Identifiers and secrets: UUIDv7 record ids (time-ordered, so new rows append to the index) and
// random tokens from libsodium's generator.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rapport::ids {

// A new UUIDv7 in canonical lower-case text form (36 characters).
std::string uuid_v7();
// True when s is a canonical UUID (any version), lower or upper case.
bool is_uuid(std::string_view s);
// The ids of a comma-separated list ("a,b"), each a canonical UUID, in lower case as ids are
// stored; nullopt when any item is not one (an empty item included).
std::optional<std::vector<std::string>> uuid_list(std::string_view text);
// `bytes` random bytes, encoded base64url without padding.
std::string random_token(std::size_t bytes);
// Hex of a BLAKE2b-256 hash: how tokens and API keys are stored (never the token itself).
std::string token_hash(std::string_view token);
// base64url without padding, and back (nullopt-like: returns false on malformed input).
std::string base64url_encode(std::string_view bytes);
bool base64url_decode(std::string_view text, std::string& out);
// Standard base64 with padding (RFC 4648 section 4), and back: the form keys are usually handed around in.
std::string base64_encode(std::string_view bytes);
bool base64_decode(std::string_view text, std::string& out);

}  // namespace rapport::ids

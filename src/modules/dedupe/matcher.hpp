// Which records of one object are probably one and the same, with a confidence and the reasons.
//
// Blocking keeps the work linear in the number of records: each record gets a few keys (its
// mailboxes, phones and own domain, and per name word that word in full with the initials of the
// others: "jon|s" and "smith|j" for Jon Smith, so that John Smith meets him through the second);
// only records sharing a key are compared, never every pair of the workspace. A key shared by more
// than kMaxBlock records (a switchboard number, a very common name) is too common to be evidence
// and is passed by. Pure: the scan job and the check on create feed it records read from the
// database.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace rapport::dedupe {

inline constexpr std::size_t kMaxBlock = 64;
// Pairs below this confidence are not reported.
inline constexpr double kMinConfidence = 0.5;
// At most this many pairs an object a scan stores (the strongest): a workspace whose data pairs up
// beyond it has a data problem the list cannot show anyway, and the table stays bounded.
inline constexpr std::size_t kMaxPairs = 100000;

enum class Kind { Person, Company };

// A record as the matcher sees it. Fill the raw values; prepare() computes the normal forms.
struct Candidate {
  std::string id;
  std::string name;                 // full name: "first last", a company's name
  std::vector<std::string> emails;  // as stored
  std::vector<std::string> phones;  // E.164, as stored
  std::string domain;               // the record's own web domain (a company's, a lead's), lower case
  std::vector<std::string> name_parts;  // as stored: first and last name, or a company's name
  // Normal forms (prepare):
  std::vector<std::string> mailboxes;
  std::vector<std::string> name_words;  // ASCII lower-case words, sorted (match_keys.hpp)
  std::string name_key;  // those words joined
  std::vector<std::string> keys;
};
void prepare(Candidate& c, Kind kind);

struct Pair {
  std::size_t a = 0, b = 0;  // indexes into the candidates, a < b
  double confidence = 0;     // 0..1, two decimals
  std::vector<std::string> reasons;  // "same email", "same phone", "same domain", "same name", "similar name"
};

// The evidence between two prepared candidates; confidence 0 when there is none.
Pair compare(const Candidate& x, const Candidate& y, Kind kind);

// Every pair of prepared candidates sharing a blocking key with confidence >= kMinConfidence,
// each pair once, in order of (a, b).
std::vector<Pair> find_pairs(const std::vector<Candidate>& all, Kind kind);

}  // namespace rapport::dedupe

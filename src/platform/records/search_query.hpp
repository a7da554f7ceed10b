// The query of GET /api/v1/search as the index engines take it: the caller's text split into words
// and tokens as the indexes split the indexed values (anything but letters and digits separates;
// case and Latin accents folded), turned into an FTS5 MATCH expression or a PostgreSQL tsquery in
// which nothing the caller typed is syntax (quotes, `*`, `-`, `NEAR(`, `:`, `&` are separators), and
// the ranking of the records found. Pure functions; the route is search.cpp.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/problem.hpp"

namespace rapport::records::search {

inline constexpr std::size_t kMaxQueryChars = 200;  // code points, after trimming
inline constexpr std::size_t kMaxWords = 8;
inline constexpr std::size_t kMaxTokens = 16;      // over all words ("ada@example.com" is three)

struct Terms {
  // Each word of the query as its tokens (lower case, Latin accents folded): a word matches
  // indexed tokens in that order, its last token as a prefix. Words without any token ("-", "*")
  // are left out.
  std::vector<std::vector<std::string>> words;
  // Each word of `words` as typed, without the separators around it, and case-folded like the
  // names' keys (case_fold::key: "Chloé" is "chloé", where its token is "chloe"; "O'Co" is "o'co").
  // The names' key indexes are read with these, so that a name typed as stored is found there.
  std::vector<std::string> keys;
  // When the query reads as a phone number (only digits, spaces and + - ( ) . /): its digits,
  // matched as a prefix of a stored E.164 number's digits ("+44 20" and "4420" find +442079460000).
  // Such a query of several words is not matched as words (`words` is empty).
  std::string digits;

  bool empty() const { return words.empty() && digits.empty(); }
};

// 400 when q is empty after trimming, longer than kMaxQueryChars, not UTF-8, or has more than
// kMaxWords words or kMaxTokens tokens.
Result<Terms> parse(std::string_view q);

// The tokens of a text, split and folded as parse() splits the query.
std::vector<std::string> tokens(std::string_view text);

// FTS5: `{text columns} : ("ada"* AND "lov"*) OR {phone columns} : "4420"*`; empty when there is
// nothing to match in the columns given. Column names come from the code, never from the request.
std::string fts5_match(const Terms& terms, const std::vector<std::string>& text_columns,
                       const std::vector<std::string>& phone_columns);

// PostgreSQL: `('ada':*AB & 'lov':*AB) | '4420':*C`, the letters being the weights (search groups)
// the caller may match; empty when there is nothing to match. `every_text_group`: the caller may
// match every group of the object but its phone groups, whose words are the digits of E.164
// numbers; a word with anything but digits then goes without weights (`'ada':*`), since it could
// match nowhere else, and a GIN index answers a query without weights or phrases without
// rechecking each candidate by computing the search function (0.15 ms a row at a million contacts).
std::string tsquery(const Terms& terms, std::string_view text_weights, std::string_view phone_weights,
                    bool every_text_group);

// PostgreSQL: the words of the query that are whole words, not prefixes (each word's tokens but
// its last: "andrea" and "martinez" of "andrea.martinez.12"), as `'andrea' & 'martinez'`, when
// there are at least two and the query is not matched by its digits; empty otherwise. Every record
// tsquery() matches has these words, and looking up whole words in a GIN index costs what they
// hold, whereas a short prefix ('12':*) gathers every record with a word beginning so first.
std::string tsquery_whole_words(const Terms& terms);

// A query read as a first name and the beginning of a last name, when it is not matched by its
// digits: two words ("kwame rob", "Brenda O'Co": their keys, each a prefix) or one word of two
// tokens ("andrea.m": the first a whole word, the second a prefix).
struct NamePair {
  std::string first, last;
  bool whole_first = false;  // the first is a whole word (one word of two tokens)
};
std::optional<NamePair> name_pair(const Terms& terms);

// How well a result's title answers the query, best first: 0 the title is the query, 1 it begins
// with it, 2 each query token begins a title word, 3 the match is elsewhere (another field).
int title_rank(const Terms& terms, std::string_view title);

// Whether one stored value matches the whole query: each query token begins one of its tokens, or
// (a phone field) one of its numbers begins with the query's digits.
bool value_matches(const Terms& terms, std::string_view value, bool phone);

}  // namespace rapport::records::search

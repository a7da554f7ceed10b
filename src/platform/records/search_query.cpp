#include "platform/records/search_query.hpp"

#include <algorithm>

#include "platform/case_fold.hpp"
#include "platform/utf8.hpp"

namespace rapport::records::search {
namespace {

// Latin-1 letters without their accents (U+00C0..U+00FF), lower case; '\0' for the two symbols
// (multiplication and division signs), which separate words. FTS5's remove_diacritics and
// unaccent fold these (and more) on the indexed side; this fold only serves ranking and `matched`.
using namespace std::string_view_literals;
constexpr std::string_view kLatin1 =
    "aaaaaaaceeeeiiiidnooooo\0ouuuuyts"
    "aaaaaaaceeeeiiiidnooooo\0ouuuuyty"sv;
static_assert(kLatin1.size() == 64);

// The folded form of a word character, or 0 for a separator: ASCII letters and digits, Latin-1
// letters, and any other character from U+0100 on except general punctuation (U+2000..U+206F),
// which both engines treat as separators.
char32_t fold(char32_t c) {
  if (c >= 'A' && c <= 'Z') return c - 'A' + 'a';
  if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return c;
  if (c < 0xC0) return 0;
  if (c <= 0xFF) return static_cast<unsigned char>(kLatin1[c - 0xC0]);
  if (c >= 0x2000 && c <= 0x206F) return 0;
  return c;
}

std::vector<std::string> split(const std::u32string& text) {
  std::vector<std::string> out;
  std::string cur;
  for (char32_t c : text) {
    char32_t f = fold(c);
    if (f) {
      utf8::append(cur, f);
    } else if (!cur.empty()) {
      out.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

bool is_space(char32_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

std::vector<std::string> flat(const Terms& terms) {
  std::vector<std::string> out;
  for (const auto& w : terms.words) out.insert(out.end(), w.begin(), w.end());
  return out;
}

}  // namespace

std::vector<std::string> tokens(std::string_view text) {
  auto decoded = utf8::decode(text);
  if (!decoded) decoded = utf8::decode(utf8::scrub(text));
  return decoded ? split(*decoded) : std::vector<std::string>{};
}

Result<Terms> parse(std::string_view q) {
  auto decoded = utf8::decode(q);
  if (!decoded) return Problem::bad_request("q must be UTF-8 text");
  std::u32string text = std::move(*decoded);
  auto first = std::find_if_not(text.begin(), text.end(), is_space);
  auto last = std::find_if_not(text.rbegin(), text.rend(), is_space).base();
  if (first >= last) return Problem::bad_request("q must not be empty");
  text = std::u32string(first, last);
  if (text.size() > kMaxQueryChars)
    return Problem::bad_request("q has at most " + std::to_string(kMaxQueryChars) + " characters");

  Terms terms;
  std::size_t words = 0, count = 0;
  bool phone_like = true;
  for (auto it = text.begin(); it != text.end();) {
    auto end = std::find_if(it, text.end(), is_space);
    if (++words > kMaxWords) return Problem::bad_request("q has at most " + std::to_string(kMaxWords) + " words");
    auto toks = split(std::u32string(it, end));
    count += toks.size();
    if (count > kMaxTokens) return Problem::bad_request("q has too many words (at most " + std::to_string(kMaxTokens) + ")");
    if (!toks.empty()) {
      // Without the separators around it ("Kwame," is "kwame", "O'Co" stays "o'co").
      auto first_char = std::find_if(it, end, [](char32_t c) { return fold(c) != 0; });
      auto last_char = std::find_if(std::make_reverse_iterator(end), std::make_reverse_iterator(first_char),
                                    [](char32_t c) { return fold(c) != 0; }).base();
      std::string typed;
      for (auto c = first_char; c != last_char; ++c) utf8::append(typed, *c);
      terms.keys.push_back(case_fold::key(typed));
      terms.words.push_back(std::move(toks));
    }
    for (auto c = it; c != end; ++c) {
      if (*c >= '0' && *c <= '9') terms.digits += static_cast<char>(*c);
      else if (std::u32string_view(U"+-()./").find(*c) == std::u32string_view::npos) phone_like = false;
    }
    it = std::find_if_not(end, text.end(), is_space);
  }
  // A phone number of several groups ("+44 20 7946") is matched by its digits only: as words, its
  // short groups of digits would each begin a good part of a large index's tokens.
  if (!phone_like) {
    terms.digits.clear();
  } else if (terms.words.size() > 1) {
    terms.words.clear();
    terms.keys.clear();
  }
  return terms;
}

std::string fts5_match(const Terms& terms, const std::vector<std::string>& text_columns,
                       const std::vector<std::string>& phone_columns) {
  // A double-quoted FTS5 string is taken literally (the tokenizer splits it, so it is a phrase);
  // a quote inside is doubled. Tokens hold no ASCII punctuation, so this is belt and braces.
  auto quoted = [](const std::string& text) {
    std::string out = "\"";
    for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
  };
  auto columns = [](const std::vector<std::string>& cols) {
    std::string out = "{";
    for (std::size_t i = 0; i < cols.size(); ++i) out += (i ? " " : "") + cols[i];
    return out + "}";
  };
  std::string out;
  if (!text_columns.empty() && !terms.words.empty()) {
    std::string words;
    for (const auto& w : terms.words) {
      std::string phrase;
      for (const auto& t : w) phrase += (phrase.empty() ? "" : " ") + t;
      words += (words.empty() ? "" : " AND ") + quoted(phrase) + "*";
    }
    out = columns(text_columns) + " : (" + words + ")";
  }
  if (!phone_columns.empty() && !terms.digits.empty())
    out += (out.empty() ? "" : " OR ") + columns(phone_columns) + " : " + quoted(terms.digits) + "*";
  return out;
}

std::string tsquery(const Terms& terms, std::string_view text_weights, std::string_view phone_weights,
                    bool every_text_group) {
  // A lexeme in single quotes is taken literally; tokens hold no quote or backslash.
  auto lexeme = [](const std::string& t, bool prefix, std::string_view weights) {
    return "'" + t + "'" + (prefix || !weights.empty() ? ":" : "") + (prefix ? "*" : "") + std::string(weights);
  };
  auto digits_only = [](const std::string& t) { return std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; }); };
  auto text_weights_of = [&](const std::string& t) { return every_text_group && !digits_only(t) ? std::string_view() : text_weights; };
  std::string out;
  if (!text_weights.empty() && !terms.words.empty()) {
    std::string words;
    for (const auto& w : terms.words) {
      std::string phrase;
      for (std::size_t i = 0; i < w.size(); ++i)
        phrase += (i ? " <-> " : "") + lexeme(w[i], i + 1 == w.size(), text_weights_of(w[i]));
      words += (words.empty() ? "" : " & ") + (w.size() > 1 ? "(" + phrase + ")" : phrase);
    }
    out = "(" + words + ")";
  }
  if (!phone_weights.empty() && !terms.digits.empty())
    out += (out.empty() ? "" : " | ") + lexeme(terms.digits, true, phone_weights);
  return out;
}

std::string tsquery_whole_words(const Terms& terms) {
  if (!terms.digits.empty()) return "";
  std::string out;
  std::size_t count = 0;
  for (const auto& w : terms.words)
    for (std::size_t i = 0; i + 1 < w.size(); ++i, ++count) out += (out.empty() ? "'" : " & '") + w[i] + "'";
  return count >= 2 ? out : "";
}

std::optional<NamePair> name_pair(const Terms& terms) {
  if (!terms.digits.empty()) return std::nullopt;
  const auto& w = terms.words;
  if (w.size() == 2) return NamePair{terms.keys[0], terms.keys[1], false};
  if (w.size() == 1 && w[0].size() == 2) return NamePair{w[0][0], w[0][1], true};
  return std::nullopt;
}

int title_rank(const Terms& terms, std::string_view title) {
  auto q = flat(terms);
  auto t = tokens(title);
  if (q.empty()) return 3;
  if (q == t) return 0;
  if (t.size() >= q.size() && std::equal(q.begin(), q.end() - 1, t.begin()) && starts_with(t[q.size() - 1], q.back()))
    return 1;
  bool all = std::all_of(q.begin(), q.end(), [&](const std::string& w) {
    return std::any_of(t.begin(), t.end(), [&](const std::string& x) { return starts_with(x, w); });
  });
  return all ? 2 : 3;
}

bool value_matches(const Terms& terms, std::string_view value, bool phone) {
  auto t = tokens(value);
  if (phone && !terms.digits.empty() &&
      std::any_of(t.begin(), t.end(), [&](const std::string& x) { return starts_with(x, terms.digits); }))
    return true;
  auto q = flat(terms);
  return !q.empty() && std::all_of(q.begin(), q.end(), [&](const std::string& w) {
    return std::any_of(t.begin(), t.end(), [&](const std::string& x) { return starts_with(x, w); });
  });
}

}  // namespace rapport::records::search

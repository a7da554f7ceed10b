#include "modules/dedupe/match_keys.hpp"

#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <memory>

#include "platform/case_fold.hpp"

namespace rapport::dedupe {

namespace {

// ICU's transliterators are not to be shared between threads: one per thread, made once (~1 ms).
const icu::Transliterator* to_ascii() {
  thread_local std::unique_ptr<icu::Transliterator> t = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> made(icu::Transliterator::createInstance(
        "Any-Latin; de-ASCII; Latin-ASCII; Lower", UTRANS_FORWARD, status));
    if (U_FAILURE(status)) {
      status = U_ZERO_ERROR;  // an ICU without the German rules: plain Latin-ASCII
      made.reset(icu::Transliterator::createInstance("Any-Latin; Latin-ASCII; Lower", UTRANS_FORWARD, status));
    }
    return U_FAILURE(status) ? nullptr : std::move(made);
  }();
  return t.get();
}

constexpr std::array<std::string_view, 24> kLegalForms{
    "inc", "incorporated", "ltd", "limited", "llc", "llp", "plc", "corp", "corporation", "co", "company", "gmbh",
    "ag", "kg", "sa", "sas", "sarl", "srl", "spa", "bv", "nv", "oy", "ab", "the"};

constexpr std::array<std::string_view, 16> kPublicMail{
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "yahoo.com", "icloud.com", "me.com",
    "aol.com", "gmx.de", "gmx.net", "web.de", "proton.me", "protonmail.com", "mail.ru", "yandex.ru"};

}  // namespace

std::string mailbox_key(std::string_view email) {
  std::string folded = case_fold::key(email);
  auto at = folded.rfind('@');
  if (at == std::string::npos || at == 0) return "";
  std::string local = folded.substr(0, at), domain = folded.substr(at + 1);
  if (auto plus = local.find('+'); plus != std::string::npos && plus > 0) local.resize(plus);
  if (domain == "googlemail.com") domain = "gmail.com";
  if (domain == "gmail.com") local.erase(std::remove(local.begin(), local.end(), '.'), local.end());
  local += '@';
  local += domain;
  return local;
}

std::string email_domain(std::string_view email) {
  auto at = email.rfind('@');
  return at == std::string_view::npos ? "" : case_fold::key(email.substr(at + 1));
}

bool is_public_mail_domain(std::string_view domain) {
  return std::find(kPublicMail.begin(), kPublicMail.end(), domain) != kPublicMail.end();
}

std::vector<std::string> name_words(std::string_view name, bool company) {
  if (name.size() > 200) name = name.substr(0, 200);
  std::string ascii;
  // Most names are ASCII already: ICU's transliteration (tens of microseconds) only for the others.
  if (std::all_of(name.begin(), name.end(), [](char ch) { return static_cast<unsigned char>(ch) < 0x80; })) {
    ascii.assign(name);
  } else {
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(name.data(), static_cast<int32_t>(name.size())));
    if (const auto* t = to_ascii()) t->transliterate(u);
    u.toUTF8String(ascii);
  }
  std::vector<std::string> words;
  std::string w;
  auto flush = [&] {
    bool legal = company && std::find(kLegalForms.begin(), kLegalForms.end(), w) != kLegalForms.end();
    if (!w.empty() && !legal) words.push_back(w);
    w.clear();
  };
  for (char ch : ascii) {
    auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c)) w.push_back(static_cast<char>(std::tolower(c)));
    else if (ch != '\'' && ch != '.') flush();  // "O'Neil" = "ONeil", "J.P." = "JP"
  }
  flush();
  std::sort(words.begin(), words.end());
  return words;
}

std::string join(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) {
    if (!out.empty()) out += ' ';
    out += w;
  }
  return out;
}

double jaro_winkler(std::string_view a, std::string_view b) {
  if (a.empty() || b.empty()) return a == b ? 1.0 : 0.0;
  if (a == b) return 1.0;
  const std::size_t window = std::max<std::size_t>(std::max(a.size(), b.size()) / 2, 1) - 1;
  std::vector<char> used_a(a.size(), 0), used_b(b.size(), 0);
  std::size_t matches = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    std::size_t lo = i > window ? i - window : 0, hi = std::min(b.size(), i + window + 1);
    for (std::size_t j = lo; j < hi; ++j) {
      if (used_b[j] || a[i] != b[j]) continue;
      used_a[i] = used_b[j] = 1;
      ++matches;
      break;
    }
  }
  if (matches == 0) return 0.0;
  std::size_t k = 0, transpositions = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!used_a[i]) continue;
    while (!used_b[k]) ++k;
    if (a[i] != b[k]) ++transpositions;
    ++k;
  }
  double m = static_cast<double>(matches);
  double jaro = (m / static_cast<double>(a.size()) + m / static_cast<double>(b.size()) +
                 (m - static_cast<double>(transpositions) / 2.0) / m) / 3.0;
  std::size_t prefix = 0;
  while (prefix < 4 && prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  return jaro + static_cast<double>(prefix) * 0.1 * (1.0 - jaro);
}

namespace {

double word_similarity(const std::string& a, const std::string& b) {
  if (a == b) return 1.0;
  if ((a.size() == 1 && !b.empty() && b[0] == a[0]) || (b.size() == 1 && !a.empty() && a[0] == b[0])) return 0.9;
  return jaro_winkler(a, b);
}

}  // namespace

double name_similarity(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.empty() || b.empty()) return 0.0;
  constexpr std::size_t kMaxWords = 5;
  const std::vector<std::string>& shorter = a.size() <= b.size() ? a : b;
  const std::vector<std::string>& longer = a.size() <= b.size() ? b : a;
  if (shorter.size() == 1 && longer.size() > 1) return jaro_winkler(join(a), join(b));
  const std::size_t n = std::min(shorter.size(), kMaxWords), m = std::min(longer.size(), kMaxWords);
  double sim[kMaxWords][kMaxWords];
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < m; ++j) sim[i][j] = word_similarity(shorter[i], longer[j]);
  // Every pairing of the shorter name's words with distinct words of the longer: the orders of the
  // longer's indexes, whose first n pair with the shorter's (at most 5! = 120 orders).
  std::vector<std::size_t> order(m);
  for (std::size_t j = 0; j < m; ++j) order[j] = j;
  double best = 0.0;
  do {
    double total = 0.0;
    for (std::size_t i = 0; i < n; ++i) total += sim[i][order[i]];
    best = std::max(best, total);
  } while (std::next_permutation(order.begin(), order.end()));
  return best / static_cast<double>(n);
}

}  // namespace rapport::dedupe

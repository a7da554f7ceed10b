// The normal forms two records are compared by: an e-mail address as a mailbox (case folded, a
// "+tag" dropped, Gmail's dots ignored), a person's or company's name as plain lower-case ASCII
// words (accents and other scripts transliterated by ICU, "Müller" = "Mueller" ≈ "Muller"; a
// company's legal form dropped: "Acme GmbH" = "ACME Inc."), and the similarity of two names
// (name_similarity: Jaro-Winkler word by word, best pairing). Pure functions.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace rapport::dedupe {

// "" when `email` has no '@'.
std::string mailbox_key(std::string_view email);
// The domain part of an address, lower case ("" when none).
std::string email_domain(std::string_view email);
// Whether a domain is a public mail provider's (gmail.com, outlook.com, ...): shared by strangers,
// so no evidence that two people or firms are one.
bool is_public_mail_domain(std::string_view domain);

// The words of a name in ASCII lower case, sorted (so "Smith, John" = "John Smith"); for a company
// (`company` true) without its legal form (inc, ltd, gmbh, ...). Bounded: the first 200 bytes.
std::vector<std::string> name_words(std::string_view name, bool company);
std::string join(const std::vector<std::string>& words);

// Jaro-Winkler similarity of two ASCII strings, 0 (nothing alike) to 1 (equal).
double jaro_winkler(std::string_view a, std::string_view b);

// The similarity of two names given as name_words, word by word: every word of the name with fewer
// words is paired with a distinct word of the other, the pairing with the best total wins, and the
// answer is the mean of its words' Jaro-Winkler (a lone initial against a word it starts counts
// 0.9). So the order of the words does not matter, a middle name one of them lacks costs nothing
// ("John Smith" ~ "John Ronald Smith"), and a typo costs only its word, whatever the names' length
// (Jaro-Winkler over the whole joined names forgives more in a long name than in a short one). A
// name of one word against one of several is compared whole (a surname alone is no evidence). At
// most the first 5 words of each name count (5! pairings at most).
double name_similarity(const std::vector<std::string>& a, const std::vector<std::string>& b);

}  // namespace rapport::dedupe

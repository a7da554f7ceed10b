#include "modules/dedupe/matcher.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <unordered_map>
#include <unordered_set>

#include "modules/dedupe/match_keys.hpp"

namespace rapport::dedupe {

namespace {

// The weight of each kind of evidence alone, by kind of record; several combine as independent
// signals (1 - (1-a)(1-b)...): an e-mail and a name agreeing are stronger than either. For people a
// shared phone (a switchboard), a shared company domain (colleagues) or a name alone is not enough
// to report (under kMinConfidence); together they are. For companies a name or a phone alone is.
struct Weights {
  double email, phone, domain, same_name, similar_name;
};
constexpr Weights kPerson{0.92, 0.45, 0.25, 0.4, 0.35};
constexpr Weights kCompany{0.92, 0.7, 0.85, 0.6, 0.5};
// Names at least this alike (name_similarity: Jaro-Winkler word by word) are similar.
constexpr double kSimilarNames = 0.92;

bool shares(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  for (const auto& x : a)
    if (!x.empty() && std::find(b.begin(), b.end(), x) != b.end()) return true;
  return false;
}

}  // namespace

void prepare(Candidate& c, Kind kind) {
  c.mailboxes.clear();
  c.keys.clear();
  for (const auto& e : c.emails)
    if (auto m = mailbox_key(e); !m.empty() && std::find(c.mailboxes.begin(), c.mailboxes.end(), m) == c.mailboxes.end())
      c.mailboxes.push_back(std::move(m));
  c.name_words = name_words(c.name, kind == Kind::Company);
  const auto& words = c.name_words;
  c.name_key = join(words);
  for (const auto& m : c.mailboxes) c.keys.push_back("e:" + m);
  for (const auto& p : c.phones)
    if (!p.empty()) c.keys.push_back("p:" + p);
  if (!c.domain.empty()) c.keys.push_back("d:" + c.domain);
  // A name is found again with a typo in one word: each word in full with the others' initials.
  for (std::size_t i = 0; i < words.size() && i < 4; ++i) {
    std::string key = "n:" + words[i] + "|";
    for (std::size_t j = 0; j < words.size(); ++j)
      if (j != i) key += words[j][0];
    c.keys.push_back(std::move(key));
  }
  std::sort(c.keys.begin(), c.keys.end());
  c.keys.erase(std::unique(c.keys.begin(), c.keys.end()), c.keys.end());
}

Pair compare(const Candidate& x, const Candidate& y, Kind kind) {
  Pair p;
  double miss = 1.0;
  auto add = [&](double weight, const char* reason) {
    miss *= 1.0 - weight;
    p.reasons.emplace_back(reason);
  };
  const Weights& w = kind == Kind::Company ? kCompany : kPerson;
  if (shares(x.mailboxes, y.mailboxes)) add(w.email, "same email");
  if (shares(x.phones, y.phones)) add(w.phone, "same phone");
  if (!x.domain.empty() && x.domain == y.domain) add(w.domain, "same domain");
  if (!x.name_key.empty() && !y.name_key.empty()) {
    if (x.name_key == y.name_key) add(w.same_name, "same name");
    else if (name_similarity(x.name_words, y.name_words) >= kSimilarNames) add(w.similar_name, "similar name");
  }
  p.confidence = std::round((1.0 - miss) * 100.0) / 100.0;
  return p;
}

std::vector<Pair> find_pairs(const std::vector<Candidate>& all, Kind kind) {
  std::unordered_map<std::string_view, std::vector<uint32_t>> blocks;
  for (std::size_t i = 0; i < all.size(); ++i)
    for (const auto& k : all[i].keys) blocks[k].push_back(static_cast<uint32_t>(i));
  std::unordered_set<uint64_t> seen;
  std::vector<Pair> out;
  for (const auto& [key, members] : blocks) {
    if (members.size() < 2 || members.size() > kMaxBlock) continue;
    for (std::size_t i = 0; i < members.size(); ++i)
      for (std::size_t j = i + 1; j < members.size(); ++j) {
        uint32_t a = std::min(members[i], members[j]), b = std::max(members[i], members[j]);
        if (!seen.insert((uint64_t{a} << 32) | b).second) continue;
        Pair p = compare(all[a], all[b], kind);
        if (p.confidence < kMinConfidence) continue;
        p.a = a;
        p.b = b;
        out.push_back(std::move(p));
      }
  }
  std::sort(out.begin(), out.end(), [](const Pair& l, const Pair& r) { return l.a != r.a ? l.a < r.a : l.b < r.b; });
  return out;
}

}  // namespace rapport::dedupe

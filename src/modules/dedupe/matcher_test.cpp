#include "modules/dedupe/matcher.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <ctime>

namespace rapport::dedupe {
namespace {

Candidate person(std::string id, std::string name, std::vector<std::string> emails = {}, std::vector<std::string> phones = {}) {
  Candidate c{.id = std::move(id), .name = std::move(name), .emails = std::move(emails), .phones = std::move(phones)};
  prepare(c, Kind::Person);
  return c;
}

TEST(Matcher, EachKindOfEvidenceWithItsReason) {
  auto a = person("a", "Jörg Müller", {"J.Mueller@example.org"}, {"+4930123456"});
  auto b = person("b", "Joerg Mueller", {"j.mueller+news@example.org"});
  auto p = compare(a, b, Kind::Person);
  EXPECT_EQ(p.reasons, (std::vector<std::string>{"same email", "same name"}));
  EXPECT_NEAR(p.confidence, 0.95, 1e-9);  // 1 - 0.08 * 0.6

  auto c = person("c", "Jorg Muller", {}, {"+4930123456"});
  auto q = compare(a, c, Kind::Person);
  EXPECT_EQ(q.reasons, (std::vector<std::string>{"same phone", "similar name"}));
  EXPECT_NEAR(q.confidence, 0.64, 1e-9);  // 1 - 0.55 * 0.65

  // A shared phone (a switchboard) or a similar name alone is not reported for people.
  EXPECT_LT(compare(a, person("e", "Someone Else", {}, {"+4930123456"}), Kind::Person).confidence, kMinConfidence);
  EXPECT_LT(compare(c, person("f", "Jorg Mullerr"), Kind::Person).confidence, kMinConfidence);

  EXPECT_EQ(compare(a, person("d", "Someone Else"), Kind::Person).confidence, 0.0);
}

TEST(Matcher, CompaniesMatchByDomainAndNameWithoutLegalForm) {
  Candidate x{.id = "x", .name = "Acme GmbH", .domain = "acme.example"}, y{.id = "y", .name = "ACME Inc.", .domain = "acme.example"};
  prepare(x, Kind::Company);
  prepare(y, Kind::Company);
  auto p = compare(x, y, Kind::Company);
  EXPECT_EQ(p.reasons, (std::vector<std::string>{"same domain", "same name"}));
  EXPECT_NEAR(p.confidence, 0.94, 1e-9);
}

TEST(Matcher, FindsPairsOnlyThroughSharedKeysAndEachOnce) {
  std::vector<Candidate> all{person("0", "Ada Lovelace", {"ada@example.org"}),
                             person("1", "Grace Hopper", {"grace@example.org"}),
                             person("2", "Ada Lovelace", {"ADA@example.org"}),
                             person("3", "Ada Lovelase", {}),
                             person("4", "Alan Turing", {"ada@other.example"})};
  auto pairs = find_pairs(all, Kind::Person);
  // 0 and 2 share a mailbox and a name; 3's similar name alone is not enough; 4 shares nothing.
  ASSERT_EQ(pairs.size(), 1u);
  EXPECT_EQ(std::make_pair(pairs[0].a, pairs[0].b), std::make_pair(std::size_t{0}, std::size_t{2}));
  EXPECT_EQ(pairs[0].reasons, (std::vector<std::string>{"same email", "same name"}));
  all.push_back(person("5", "Ada Lovelase", {}, {"+441234567890"}));
  all.push_back(person("6", "Ada Lovelace", {}, {"+441234567890"}));
  pairs = find_pairs(all, Kind::Person);
  ASSERT_EQ(pairs.size(), 2u);
  EXPECT_EQ(std::make_pair(pairs[1].a, pairs[1].b), std::make_pair(std::size_t{5}, std::size_t{6}));
  EXPECT_EQ(pairs[1].reasons, (std::vector<std::string>{"same phone", "similar name"}));
}

TEST(Matcher, AKeyTooCommonIsNoEvidence) {
  std::vector<Candidate> all;
  for (std::size_t i = 0; i < kMaxBlock + 1; ++i) {
    std::string name = "X";  // += : GCC 12 warns falsely about "literal" + std::to_string
    name += std::to_string(i * 7919);
    all.push_back(person(std::to_string(i), name, {}, {"+4930999999"}));
  }
  EXPECT_TRUE(find_pairs(all, Kind::Person).empty());
}

TEST(Matcher, ScalesLinearlyThroughBlocks) {
  // 100,000 distinct people with one planted duplicate: found, and in well under a few seconds.
  std::vector<Candidate> all;
  all.reserve(100001);
  for (int i = 0; i < 100000; ++i) {
    Candidate c{.id = std::to_string(i)};
    c.name = "Given";  // += : GCC 12 warns falsely about "literal" + std::to_string
    c.name += std::to_string(i);
    c.name += " Family";
    c.name += std::to_string(i % 977);
    std::string email = "p";
    email += std::to_string(i);
    email += "@example.org";
    c.emails.push_back(std::move(email));
    all.push_back(std::move(c));
  }
  all.push_back({.id = "dup", .name = "Given42 Family42", .emails = {"P42@example.org"}});
  auto t0 = std::chrono::steady_clock::now();
  const std::clock_t cpu0 = std::clock();  // CPU time too: a loaded machine stretches the wall time
  for (auto& c : all) prepare(c, Kind::Person);
  auto pairs = find_pairs(all, Kind::Person);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
  bool found = false;
  for (const auto& p : pairs) found = found || (all[p.a].id == "42" && all[p.b].id == "dup");
  EXPECT_TRUE(found);
  EXPECT_LT(ms, 20000);
  const double cpu_ms = 1000.0 * static_cast<double>(std::clock() - cpu0) / CLOCKS_PER_SEC;
  std::printf("100,001 people: %zu pairs in %lld ms (%.0f ms CPU)\n", pairs.size(), static_cast<long long>(ms), cpu_ms);
}

}  // namespace
}  // namespace rapport::dedupe

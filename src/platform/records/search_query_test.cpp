#include "platform/records/search_query.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

namespace rapport::records::search {
namespace {

Terms parse_ok(std::string_view q) {
  auto t = parse(q);
  EXPECT_TRUE(t.ok()) << q << ": " << (t.ok() ? "" : t.problem().detail);
  return t.ok() ? *t : Terms{};
}

TEST(SearchQuery, SplitsWordsIntoFoldedTokens) {
  auto t = parse_ok("  Ådå   LOV ");
  ASSERT_EQ(t.words.size(), 2u);
  EXPECT_EQ(t.words[0], std::vector<std::string>{"ada"});
  EXPECT_EQ(t.words[1], std::vector<std::string>{"lov"});
  EXPECT_TRUE(t.digits.empty());
  auto e = parse_ok("ada@example.com");
  EXPECT_EQ(e.words, (std::vector<std::vector<std::string>>{{"ada", "example", "com"}}));
}

TEST(SearchQuery, PhoneLikeQueriesKeepTheirDigits) {
  EXPECT_EQ(parse_ok("+44 20").digits, "4420");
  EXPECT_EQ(parse_ok("(020) 7946-0000").digits, "02079460000");
  EXPECT_EQ(parse_ok("4420").digits, "4420");
  EXPECT_EQ(parse_ok("ada 4420").digits, "");  // not a phone number: digits match as words only
}

TEST(SearchQuery, RefusesEmptyLongAndWordyQueries) {
  for (std::string q : {"", "   ", "\t"}) EXPECT_FALSE(parse(q).ok()) << "[" << q << "]";
  EXPECT_TRUE(parse(std::string(200, 'a')).ok());
  EXPECT_FALSE(parse(std::string(201, 'a')).ok());
  std::string padded(200, 'a');
  padded.append(3, ' ');
  EXPECT_TRUE(parse(padded).ok());  // counted after trimming
  EXPECT_TRUE(parse("a b c d e f g h").ok());
  auto nine = parse("a b c d e f g h i");
  ASSERT_FALSE(nine.ok());
  EXPECT_EQ(nine.problem().status, 400);
  EXPECT_FALSE(parse("a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q").ok());  // 17 tokens in one word
  EXPECT_FALSE(parse("\xff\xfe").ok());                          // not UTF-8
}

TEST(SearchQuery, WordsOfPunctuationOnlyAreLeftOut) {
  auto t = parse_ok("\" * - NEAR( ada");
  ASSERT_EQ(t.words.size(), 2u);  // "near" is a word like any other
  EXPECT_EQ(t.words[0], std::vector<std::string>{"near"});
  EXPECT_TRUE(parse_ok("\"*").empty());
}

TEST(SearchQuery, BuildsFts5AndTsqueryExpressions) {
  auto t = parse_ok("ada lov");
  EXPECT_EQ(fts5_match(t, {"name", "email"}, {"phone"}), "{name email} : (\"ada\"* AND \"lov\"*)");
  EXPECT_EQ(tsquery(t, "AB", "C", false), "('ada':*AB & 'lov':*AB)");
  auto p = parse_ok("+44 20");
  EXPECT_EQ(fts5_match(p, {"name"}, {"phone"}), "{phone} : \"4420\"*");  // digits only
  EXPECT_EQ(tsquery(p, "A", "C", false), "'4420':*C");
  auto one = parse_ok("4420");  // one group of digits is also a word (a SKU, a number in an address)
  EXPECT_EQ(fts5_match(one, {"name"}, {"phone"}), "{name} : (\"4420\"*) OR {phone} : \"4420\"*");
  EXPECT_EQ(tsquery(one, "A", "C", false), "('4420':*A) | '4420':*C");
  auto e = parse_ok("ada@ex");
  EXPECT_EQ(tsquery(e, "B", "", false), "(('ada':B <-> 'ex':*B))");
  EXPECT_EQ(fts5_match(t, {}, {"phone"}), "");  // nothing the caller may match
  EXPECT_EQ(tsquery(t, "", "C", false), "");
  // Every group but the phones': words with a letter need no weight, digits keep theirs.
  EXPECT_EQ(tsquery(t, "AB", "C", true), "('ada':* & 'lov':*)");
  EXPECT_EQ(tsquery(one, "A", "C", true), "('4420':*A) | '4420':*C");
  EXPECT_EQ(tsquery(parse_ok("ada.12@ex"), "AB", "C", true), "(('ada' <-> '12':AB <-> 'ex':*))");
}

TEST(SearchQuery, WholeWordsAreTheTokensBeforeEachWordsLast) {
  EXPECT_EQ(tsquery_whole_words(parse_ok("andrea.martinez.12")), "'andrea' & 'martinez'");
  EXPECT_EQ(tsquery_whole_words(parse_ok("ada.lov bab.c")), "'ada' & 'bab'");
  EXPECT_EQ(tsquery_whole_words(parse_ok("andrea.m")), "");      // one whole word: not selective enough alone
  EXPECT_EQ(tsquery_whole_words(parse_ok("kwame rob")), "");     // prefixes only
  EXPECT_EQ(tsquery_whole_words(parse_ok("+1.312.555")), "");    // matched by its digits too
}

TEST(SearchQuery, NamePairsAreTwoWordsOrOneWordOfTwoTokens) {
  auto words = name_pair(parse_ok("Kwame Rob"));
  ASSERT_TRUE(words);
  EXPECT_EQ(words->first, "kwame");
  EXPECT_EQ(words->last, "rob");
  EXPECT_FALSE(words->whole_first);
  auto typed = name_pair(parse_ok("  Chloé, O'Co- "));  // as typed, without the separators around
  ASSERT_TRUE(typed);
  EXPECT_EQ(typed->first, "chloé");
  EXPECT_EQ(typed->last, "o'co");
  EXPECT_FALSE(typed->whole_first);
  auto phrase = name_pair(parse_ok("Andrea.M"));
  ASSERT_TRUE(phrase);
  EXPECT_EQ(phrase->first, "andrea");
  EXPECT_EQ(phrase->last, "m");
  EXPECT_TRUE(phrase->whole_first);
  for (std::string q : {"kwame", "Kwame,", "kwame rob x", "a.b.c", "+44 20", "44.20"}) EXPECT_FALSE(name_pair(parse_ok(q))) << q;
}

// Runs the MATCH expressions of hostile queries against a real FTS5 table: none may fail, and
// none may find what its words do not spell.
TEST(SearchQuery, HostileQueriesAreLiteralInFts5) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(":memory:", &db), SQLITE_OK);
  auto exec = [&](const std::string& sql) {
    char* err = nullptr;
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    std::string message = err ? err : "";
    sqlite3_free(err);
    return rc == SQLITE_OK ? std::string() : message;
  };
  ASSERT_EQ(exec("CREATE VIRTUAL TABLE s USING fts5(name, phone, content='', prefix='1 2 3', "
                 "tokenize='unicode61 remove_diacritics 2');"
                 "INSERT INTO s(rowid, name, phone) VALUES (1, 'Ada Lovelace', '+442079460000'), (2, 'Near Far', NULL);"),
            "");
  auto count = [&](std::string_view q) -> int {
    auto t = parse(q);
    if (!t.ok() || t->empty()) return 0;
    std::string match = fts5_match(*t, {"name"}, {"phone"});
    sqlite3_stmt* st = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, "SELECT count(*) FROM s WHERE s MATCH ?", -1, &st, nullptr), SQLITE_OK);
    sqlite3_bind_text(st, 1, match.c_str(), -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    EXPECT_EQ(rc, SQLITE_ROW) << q << " -> " << match << ": " << sqlite3_errmsg(db);
    int n = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    sqlite3_finalize(st);
    return n;
  };
  EXPECT_EQ(count("ada lov"), 1);
  EXPECT_EQ(count("lovel"), 1);
  EXPECT_EQ(count("ÅDA"), 1);
  EXPECT_EQ(count("+44 20"), 1);
  EXPECT_EQ(count("4420"), 1);
  EXPECT_EQ(count("20 79"), 0);
  for (std::string q : {"\"", "\"ada", "ada\"", "*", "ada*", "-ada", "ada -lov", "NEAR(ada lov)", "NEAR(", "ada OR x",
                        "ada NOT lov", "name:ada", "{name}: x", "^ada", "ada AND", "(", ")", "'", "a\"b\"c", "+", "ada + lov"})
    EXPECT_GE(count(q), 0) << q;
  EXPECT_EQ(count("ada NOT lov"), 0);  // three words, "not" among them: no operator
  EXPECT_EQ(count("ada OR x"), 0);
  EXPECT_EQ(count("-ada"), 1);         // a separator, not an exclusion
  EXPECT_EQ(count("NEAR(ada lov)"), 0);
  EXPECT_EQ(count("near"), 1);
  sqlite3_close(db);
}

TEST(SearchQuery, RanksExactThenPrefixThenWords) {
  auto t = parse_ok("ada lov");
  EXPECT_EQ(title_rank(t, "Ada Lov"), 0);
  EXPECT_EQ(title_rank(t, "Ada Lovelace"), 1);
  EXPECT_EQ(title_rank(t, "Lovelace, Ada"), 2);
  EXPECT_EQ(title_rank(t, "Ada Byron"), 3);
  EXPECT_EQ(title_rank(parse_ok("ada"), "Ådå"), 0);
}

TEST(SearchQuery, TellsWhichValueMatched) {
  auto t = parse_ok("ada@example");
  EXPECT_TRUE(value_matches(t, "ada@example.com", false));
  EXPECT_FALSE(value_matches(t, "Ada Lovelace", false));
  auto p = parse_ok("+44 20");
  EXPECT_TRUE(value_matches(p, "[\"+15550000\",\"+442079460000\"]", true));
  EXPECT_FALSE(value_matches(p, "+442079460000", false));  // only a phone field matches by digits
  EXPECT_FALSE(value_matches(p, "+15550000", true));
}

}  // namespace
}  // namespace rapport::records::search

// GET /api/v1/search (platform/records/search.*): prefix matching per word across objects, phone
// numbers by their digits, best matches first, and the rules every read follows: the caller's
// workspace and read scope, fields their role hides neither matched nor shown, the recycle bin's
// records not found until restored. Bad input is a 400 problem; the query syntax of the index
// engines is never the caller's. (Another workspace is walked in tenancy_isolation_*_test.cpp, every
// identity of the organisation in access_walk_test.cpp.)
#include <algorithm>
#include <map>

#include "access_fixture.hpp"

namespace rapport::testing {
namespace {

std::string encoded(const std::string& value) {
  std::string out;
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      static const char* hex = "0123456789ABCDEF";
      out += {'%', hex[c >> 4], hex[c & 15]};
    }
  }
  return out;
}

class Search : public Access {
 protected:
  // The answer's results; fails the test on anything but 200.
  json::array search_as(const std::string& who, const std::string& q, const std::string& more = "") {
    auto r = who.empty() ? get(target(q, more)) : as(who, "GET", target(q, more));
    EXPECT_EQ(r.status, 200) << q << ": " << r.body;
    return data_of(r);
  }
  json::array search(const std::string& q, const std::string& more = "") { return search_as("", q, more); }
  static std::string target(const std::string& q, const std::string& more) {
    return "/api/v1/search?limit=50&q=" + encoded(q) + more;
  }
  static const json::object* hit(const json::array& data, const std::string& id) {
    for (const auto& e : data)
      if (e.at("id") == json::value(id)) return &e.as_object();
    return nullptr;
  }
  static std::vector<std::string> ids(const json::array& data) {
    std::vector<std::string> out;
    for (const auto& e : data) out.push_back(text(e, "id"));
    return out;
  }
};

TEST_F(Search, FindsRecordsByWordPrefixesEmailPhoneAndDomain) {
  const std::string x = random_suffix();
  // The domain's first label starts with letters no hex suffix has: "ae-" matched the name instead
  // whenever the suffix began with "ae" (the search's words "ae" and x, prefixes of the name's x).
  const std::string company = create("companies", json::object{{"name", "Analytical Engines " + x}, {"domain", "qz-" + x + ".example"},
                                                              {"phone", "+44 20 7946 0123"}});
  const std::string digits = std::to_string(100 + std::rand() % 900);
  const std::string contact = create("contacts", json::object{{"first_name", "Ada"}, {"last_name", "Lovelace" + x},
                                                             {"email", "ada." + x + "@example.com"}, {"phone", "+44 20 7946 0" + digits},
                                                             {"company_id", company}});

  auto data = search("ada lovelace" + x.substr(0, 4));
  const auto* h = hit(data, contact);
  ASSERT_TRUE(h) << json::serialize(data);
  EXPECT_EQ(h->at("object_type"), "contacts");
  EXPECT_EQ(h->at("title"), json::value("Ada Lovelace" + x));
  EXPECT_EQ(h->at("subtitle"), json::value("ada." + x + "@example.com · Analytical Engines " + x));
  EXPECT_EQ(h->at("matched"), "first_name");
  EXPECT_EQ(text(data.at(0), "id"), contact) << "the name's prefix comes first: " << json::serialize(data);

  for (const std::string& q : {"LOVELACE" + x, std::string("lovel"), "Lövelace" + x, "  ada   LOVELACE" + x + " "})
    EXPECT_TRUE(hit(search(q), contact)) << q;
  EXPECT_FALSE(hit(search("velace" + x), contact)) << "a word matches from its beginning";
  EXPECT_FALSE(hit(search("ada lovelace" + x + " babbage"), contact)) << "every word must match";

  auto by_email = search("ada." + x + "@exa");
  ASSERT_TRUE(hit(by_email, contact)) << json::serialize(by_email);
  EXPECT_EQ(hit(by_email, contact)->at("matched"), "email");

  for (const std::string& q : {"+44 20 7946 0" + digits, "4420 7946 0" + digits, "442079460" + digits, "(020) 7946-0" + digits}) {
    auto by_phone = search(q);
    if (q[0] == '(') {
      EXPECT_FALSE(hit(by_phone, contact)) << "numbers match from their country code: " << q;
      continue;
    }
    ASSERT_TRUE(hit(by_phone, contact)) << q << ": " << json::serialize(by_phone);
    EXPECT_EQ(hit(by_phone, contact)->at("matched"), "phone") << q;
  }
  EXPECT_TRUE(hit(search("+44 20 7946 0123"), company));

  auto by_domain = search("qz-" + x);
  ASSERT_TRUE(hit(by_domain, company)) << json::serialize(by_domain);
  EXPECT_EQ(hit(by_domain, company)->at("matched"), "domain");
  EXPECT_EQ(hit(by_domain, company)->at("subtitle"), json::value("qz-" + x + ".example · +442079460123"));
}

// A number is found by a range of its indexed column up to the last digit typed (a query ending in
// 9 included), by the full-text index when it is one of a contact's other numbers, and under the
// rules every read follows: not when deleted, out of scope or hidden.
TEST_F(Search, APhoneNumberIsFoundByTheDigitsTypedSoFar) {
  const std::string k = std::to_string(std::rand() % 9);  // 0 to 8: k + 1 is one digit
  const std::string block = "+442079460" + k;               // Ofcom's London range for drama, +44 20 7946 0xxx
  const std::string a = create("contacts", json::object{{"last_name", "Range" + random_suffix()}, {"phone", block + "95"}});
  const std::string past = create("contacts", json::object{{"last_name", "Past" + random_suffix()}, {"phone", "+442079460" + std::to_string(std::stoi(k) + 1) + "05"}});
  const std::string other = create("contacts", json::object{{"last_name", "Other" + random_suffix()},
                                                           {"phones", json::array{block + "97"}}});
  // A company's and a lead's one number are found by the range alone.
  const std::string company = create("companies", json::object{{"name", "Ranged " + random_suffix()}, {"phone", block + "93"}});
  const std::string lead = create("leads", json::object{{"last_name", "Ranged" + random_suffix()}, {"phone", block + "94"}});
  const std::string binned = create("contacts", json::object{{"last_name", "Binned" + random_suffix()}, {"phone", block + "98"}});
  ASSERT_EQ(del("/api/v1/contacts/" + binned).status, 204);
  const std::string reps = create_as("rep1", "contacts", json::object{{"last_name", "Reps" + random_suffix()}, {"phone", block + "99"}});

  for (const std::string& q : {block.substr(1) + "9", "+44 20 7946 0" + k + "9", block.substr(1, 6)}) {
    auto data = search(q);
    for (const auto& id : {a, other, reps, company, lead}) {
      ASSERT_TRUE(hit(data, id)) << q << ": " << json::serialize(data);
      EXPECT_EQ(hit(data, id)->at("matched"), id == other ? "phones" : "phone") << q;
    }
    EXPECT_FALSE(hit(data, binned)) << q;
  }
  EXPECT_FALSE(hit(search(block.substr(1) + "9"), past)) << "the range ends after the last digit typed";
  EXPECT_TRUE(hit(search(block.substr(1, 9)), past));
  EXPECT_TRUE(hit(search(block.substr(1) + "95"), a));
  EXPECT_FALSE(hit(search(block.substr(1) + "95"), other));

  EXPECT_TRUE(hit(search_as("rep1", block.substr(1) + "9"), reps));
  EXPECT_FALSE(hit(search_as("rep1", block.substr(1) + "9"), a)) << "rep1 reads only their own contacts";
  EXPECT_TRUE(search_as("rep3", block.substr(1) + "9", "&types=contacts").empty()) << "nor a rep of another team";

  json::value role = json::object{{"name", "no_phone_search"},
                                  {"permissions", json::object{{"contacts", json::object{{"read", "all"}}}}},
                                  {"field_rules", json::object{{"contacts", json::object{{"phone", "hidden"}}}}}};
  ASSERT_EQ(post("/api/v1/roles", role).status, 201);
  add_member("phone_hider", "no_phone_search", {});
  EXPECT_TRUE(search_as("phone_hider", block.substr(1) + "9").empty()) << "not by a hidden number";
}

TEST_F(Search, FindsEveryObjectAndRanksExactAndPrefixNamesFirst) {
  const std::string x = random_suffix();
  const std::string word = "zq" + x;
  json::value pipeline = json::object{{"name", "Search " + x}, {"stages", json::array{json::object{{"name", "Open"}, {"type", "open"}}, json::object{{"name", "Won"}, {"type", "won"}}}}};
  auto p = post("/api/v1/pipelines", pipeline);
  ASSERT_EQ(p.status, 201) << p.body;
  const std::string elsewhere = create("companies", json::object{{"name", "Other " + x}, {"domain", word + ".example"}});
  const std::string words = create("contacts", json::object{{"first_name", "Amy"}, {"last_name", word}});
  const std::string prefix = create("leads", json::object{{"first_name", word + "son"}, {"company_name", "Lead Co"}});
  const std::string exact = create("deals", json::object{{"name", word}, {"pipeline_id", text(p.json(), "id")}});
  const std::string product = create("products", json::object{{"sku", "SKU-" + x}, {"name", "Widget " + x}, {"unit_price", 5}, {"currency", "EUR"}});

  auto data = search(word);
  EXPECT_EQ(ids(data), (std::vector<std::string>{exact, prefix, words, elsewhere})) << json::serialize(data);
  auto again = search(word);
  EXPECT_EQ(ids(again), ids(data)) << "the order is stable";

  auto lead = hit(data, prefix);
  ASSERT_TRUE(lead);
  EXPECT_EQ(lead->at("object_type"), "leads");
  EXPECT_EQ(lead->at("subtitle"), "Lead Co");
  auto sku = search("sku-" + x);
  ASSERT_TRUE(hit(sku, product)) << json::serialize(sku);
  EXPECT_EQ(hit(sku, product)->at("matched"), "sku");
  EXPECT_EQ(hit(sku, product)->at("title"), json::value("Widget " + x));

  // types narrows the objects; limit caps the results.
  EXPECT_EQ(ids(search(word, "&types=deals,leads")), (std::vector<std::string>{exact, prefix}));
  EXPECT_EQ(ids(search(word, "&types=companies")), std::vector<std::string>{elsewhere});
  auto r = get("/api/v1/search?limit=2&q=" + word);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(ids(data_of(r)), (std::vector<std::string>{exact, prefix}));
}

// A word that begins a field of a record of each object, in a different field each time: every
// object's full-text read runs in the same search (PostgreSQL: one statement for all of them, each
// row naming its object, with its own fields), and each result has its own object's title,
// subtitle and matched field, the company named in the subtitles of the records referring to it.
TEST_F(Search, EachObjectsMatchesKeepTheirOwnFields) {
  const std::string x = random_suffix();
  const std::string w = "uq" + x;  // no other record has this word
  json::value pipeline = json::object{{"name", "Union " + x}, {"stages", json::array{json::object{{"name", "Open"}, {"type", "open"}}, json::object{{"name", "Won"}, {"type", "won"}}}}};
  auto p = post("/api/v1/pipelines", pipeline);
  ASSERT_EQ(p.status, 201) << p.body;
  const std::string company = create("companies", json::object{{"name", "Union Co " + x}, {"domain", w + ".example"}});
  const std::string contact = create("contacts", json::object{{"first_name", "Cy"}, {"last_name", "Union" + x},
                                                             {"email", w + ".cy@mail.example"}, {"company_id", company}});
  const std::string lead = create("leads", json::object{{"first_name", "Lee"}, {"last_name", "Union" + x}, {"company_name", w + " Labs"}});
  const std::string deal = create("deals", json::object{{"name", "Renewal " + w}, {"pipeline_id", text(p.json(), "id")}, {"company_id", company}});
  const std::string product = create("products", json::object{{"sku", w + "-1"}, {"name", "Gadget " + x}, {"unit_price", 5}, {"currency", "EUR"}});

  struct Expected {
    std::string id, type, title;
    json::value subtitle;
    std::string matched;
  };
  const std::vector<Expected> expected{
      {company, "companies", "Union Co " + x, json::value(w + ".example"), "domain"},
      {contact, "contacts", "Cy Union" + x, json::value(w + ".cy@mail.example · Union Co " + x), "email"},
      {lead, "leads", "Lee Union" + x, json::value(w + " Labs"), "company_name"},
      {deal, "deals", "Renewal " + w, json::value("Union Co " + x), "name"},
      {product, "products", "Gadget " + x, json::value(w + "-1"), "sku"}};
  for (const std::string& q : {w, "UQ" + x}) {
    auto data = search(q);
    ASSERT_EQ(data.size(), expected.size()) << q << ": " << json::serialize(data);
    for (const auto& e : expected) {
      const json::object* h = hit(data, e.id);
      ASSERT_TRUE(h) << q << ": " << e.type;
      EXPECT_EQ(h->at("object_type"), json::value(e.type)) << q;
      EXPECT_EQ(h->at("title"), json::value(e.title)) << q;
      EXPECT_EQ(h->at("subtitle"), e.subtitle) << q << ": " << e.type;
      EXPECT_EQ(h->at("matched"), json::value(e.matched)) << q << ": " << e.type;
    }
  }
}

// One or two letters begin the names of most records: the first names in alphabetical order are
// read from the name's folded key (not a sample of the index's first matches), within the caller's
// scope, and the full-text index still finds what those keys cannot (an e-mail address).
TEST_F(Search, AOneOrTwoLetterQueryListsTheFirstNamesInOrder) {
  // No other test of this suite names a record "qx…": these are the workspace's only names with it.
  const std::string x = random_suffix();
  std::vector<std::string> titles;
  for (int i = 100; i < 250; ++i) {
    // Created out of order (i * 7 mod 150) so that the order of creation is not the order of names.
    const std::string first = "Qx" + std::to_string(100 + (i * 7) % 150) + x;
    create("contacts", json::object{{"first_name", first}, {"last_name", "Key"}});
    titles.push_back(first + " Key");
  }
  std::sort(titles.begin(), titles.end());
  for (const char* q : {"qx", "QX"}) {
    auto data = search(q, "&types=contacts");
    ASSERT_EQ(data.size(), 50u) << q;
    std::vector<std::string> got;
    for (const auto& e : data) got.push_back(text(e, "title"));
    EXPECT_EQ(got, std::vector<std::string>(titles.begin(), titles.begin() + 50)) << q << ": the first fifty names";
  }
  // rep1 finds their own among them, and only theirs.
  const std::string mine = create_as("rep1", "contacts", json::object{{"first_name", "Qxzz" + x}, {"last_name", "Rep"}});
  EXPECT_EQ(ids(search_as("rep1", "qx", "&types=contacts")), std::vector<std::string>{mine});
  // What no name key holds: "q7" begins one contact's first name and another's e-mail address only.
  const std::string by_name = create("contacts", json::object{{"first_name", "Q7" + x}, {"last_name", "Name"}});
  const std::string by_email = create("contacts", json::object{{"last_name", "Mail"}, {"email", "q7" + x + "@keys.example"}});
  EXPECT_EQ(ids(search("q7", "&types=contacts")), (std::vector<std::string>{by_name, by_email})) << "the name first";
}

// A first name and the beginning of a last name ("Ada Lov", or "ada.lov" as in an e-mail address)
// list the names beginning so in alphabetical order, read from the (first, last) name keys rather
// than a sample of the full-text index's first matches; when these do not fill the page, the
// full-text index adds the matches elsewhere (an e-mail address), after them.
TEST_F(Search, AFirstNameAndALastNamesBeginningListTheNamesInOrder) {
  const std::string x = random_suffix();
  const std::string first = "Fn" + x;  // no other record has this word
  std::vector<std::string> titles;
  for (int i = 0; i < 150; ++i) {
    // Created out of order (i * 7 mod 150): the order of creation is not the order of names.
    const std::string last = "Ln" + std::to_string(100 + (i * 7) % 150);
    create("contacts", json::object{{"first_name", first}, {"last_name", last}});
    titles.push_back(first + " " + last);
  }
  std::sort(titles.begin(), titles.end());
  // Reversed, the name matches too, but ranks after every title beginning with the query.
  create("contacts", json::object{{"first_name", "Ln100"}, {"last_name", first}});
  for (const std::string& q : {"fn" + x + " ln", "FN" + x + " Ln1", "fn" + x + ".ln", "Fn" + x + "-LN1"}) {
    auto data = search(q, "&types=contacts");
    std::vector<std::string> got;
    for (const auto& e : data) got.push_back(text(e, "title"));
    EXPECT_EQ(got, std::vector<std::string>(titles.begin(), titles.begin() + 50)) << q << ": the first fifty names";
  }
  // Fewer than a page: the names first, then what the full-text index finds elsewhere.
  const std::string named = create("contacts", json::object{{"first_name", first}, {"last_name", "Solo"}});
  const std::string mailed = create("contacts", json::object{{"first_name", "Zed"}, {"last_name", "Mail"},
                                                            {"email", "fn" + x + ".solo@names.example"}});
  EXPECT_EQ(ids(search("fn" + x + " sol", "&types=contacts")), (std::vector<std::string>{named, mailed}));
  EXPECT_EQ(ids(search("fn" + x + ".sol", "&types=contacts")), (std::vector<std::string>{named, mailed}));
  EXPECT_TRUE(search("fn" + x + "x sol", "&types=contacts").empty()) << "the first name begins with the first word";
  // rep1 finds their own among them, and only theirs.
  const std::string mine = create_as("rep1", "contacts", json::object{{"first_name", first}, {"last_name", "Ln999"}});
  EXPECT_EQ(ids(search_as("rep1", "fn" + x + " ln", "&types=contacts")), std::vector<std::string>{mine});
}

// Words of an e-mail address that are whole ("ada" and "lovelace" of "ada.lovelace.12"): PostgreSQL
// asks its index for the records having them and tests the whole query on those; what is found
// is what the query spells, its last word a prefix of the next word in the same field, never a
// word elsewhere, nor in a field the caller's role hides.
TEST_F(Search, AnAddressOfSeveralWholeWordsMatchesThemInOrder) {
  const std::string x = random_suffix();
  const std::string a = "wa" + x, b = "wb" + x;
  const std::string twelve = create("contacts", json::object{{"last_name", "Twelve"}, {"email", a + "." + b + ".12@whole.example"}});
  const std::string other = create("contacts", json::object{{"last_name", "Other"}, {"email", a + "." + b + ".34@whole.example"}});
  const std::string apart = create("contacts", json::object{{"last_name", "Apart"}, {"email", a + ".x." + b + ".12@whole.example"}});
  const std::string phoned = create("contacts", json::object{{"first_name", a}, {"last_name", b}, {"email", "p" + x + "@whole.example"},
                                                            {"phone", "+12125550123"}});
  EXPECT_EQ(ids(search(a + "." + b + ".1", "&types=contacts")), std::vector<std::string>{twelve});
  EXPECT_EQ(ids(search(a + "." + b + ".12@whole.ex", "&types=contacts")), std::vector<std::string>{twelve});
  auto both = ids(search(a + "." + b + ".", "&types=contacts"));
  std::sort(both.begin(), both.end());
  std::vector<std::string> expected{twelve, other, phoned};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(both, expected) << "a name is a field like an address";
  EXPECT_TRUE(search(a + "." + b + ".121", "&types=contacts").empty());
  EXPECT_TRUE(search(b + "." + a + ".1", "&types=contacts").empty()) << "in their order";
  EXPECT_FALSE(hit(search(a + "." + b + ".1", "&types=contacts"), apart)) << "next to each other";
  EXPECT_FALSE(hit(search(a + "." + b + ".1", "&types=contacts"), phoned)) << "not the phone number's 1212...";
  json::value role = json::object{{"name", "no_email_words"},
                                  {"permissions", json::object{{"contacts", json::object{{"read", "all"}}}}},
                                  {"field_rules", json::object{{"contacts", json::object{{"email", "hidden"}}}}}};
  ASSERT_EQ(post("/api/v1/roles", role).status, 201);
  add_member("email_hider", "no_email_words", {});
  EXPECT_TRUE(search_as("email_hider", a + "." + b + ".1").empty()) << "not in a hidden field";
}

TEST_F(Search, DeletedRecordsAreNotFoundUntilRestored) {
  const std::string x = random_suffix();
  const std::string word = "binned" + x;
  const std::string contact = create("contacts", json::object{{"last_name", word}, {"email", word + "@bin.example"}});
  const std::string company = create("companies", json::object{{"name", word + " Ltd"}});
  ASSERT_EQ(search(word).size(), 2u);
  ASSERT_EQ(del("/api/v1/contacts/" + contact).status, 204);
  ASSERT_EQ(del("/api/v1/companies/" + company).status, 204);
  EXPECT_TRUE(search(word).empty());
  EXPECT_TRUE(search(word + "@bin").empty());
  ASSERT_EQ(post("/api/v1/contacts/" + contact + "/restore", json::object{}).status, 200);
  EXPECT_EQ(ids(search(word)), std::vector<std::string>{contact});
  EXPECT_TRUE(hit(search(word + "@bin"), contact));
  // A change is found by its new value only.
  auto changed = patch("/api/v1/contacts/" + contact, json::object{{"last_name", "renamed" + x}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_TRUE(search(word).size() == 1u && hit(search(word), contact)) << "still found by its e-mail address";
  EXPECT_EQ(hit(search(word), contact)->at("matched"), "email");
  EXPECT_TRUE(hit(search("renamed" + x), contact));
  ASSERT_EQ(post("/api/v1/companies/" + company + "/restore", json::object{}).status, 200);
  EXPECT_TRUE(hit(search(word + " ltd"), company));
}

// An object with no live record in the workspace is not read at all (record_counts): each way a
// record becomes live — created, made by a lead's conversion, restored from the recycle bin — makes
// its object searched again, from its first record (each test has a workspace of its own, where
// these objects start empty).
TEST_F(Search, AnObjectIsSearchedFromItsFirstLiveRecord) {
  const std::string x = random_suffix();
  const std::string w = "firstof" + x;
  EXPECT_TRUE(search(w).empty());
  const std::string product = create("products", json::object{{"sku", w + "-1"}, {"name", "Widget " + x}, {"unit_price", 5}, {"currency", "EUR"}});
  EXPECT_EQ(ids(search(w)), std::vector<std::string>{product});
  ASSERT_EQ(del("/api/v1/products/" + product).status, 204);
  EXPECT_TRUE(search(w).empty()) << "the only product is in the recycle bin";
  ASSERT_EQ(post("/api/v1/products/" + product + "/restore", json::object{}).status, 200);
  EXPECT_EQ(ids(search(w)), std::vector<std::string>{product}) << "restored";

  json::value pipeline = json::object{{"name", "First " + x}, {"stages", json::array{json::object{{"name", "Open"}, {"type", "open"}}, json::object{{"name", "Won"}, {"type", "won"}}}}};
  auto p = post("/api/v1/pipelines", pipeline);
  ASSERT_EQ(p.status, 201) << p.body;
  const std::string lead = create("leads", json::object{{"first_name", "Lee"}, {"last_name", w}, {"company_name", "Firstco " + x}});
  EXPECT_TRUE(hit(search(w), lead));
  json::value body = json::object{{"deal", json::object{{"name", "Deal " + w}, {"pipeline_id", text(p.json(), "id")}}}};
  auto converted = post("/api/v1/leads/" + lead + "/convert", body);
  ASSERT_EQ(converted.status, 200) << converted.body;
  const std::string deal = text(converted.json().at("deal"), "id");
  const std::string contact = text(converted.json().at("contact"), "id");
  auto data = search(w, "&types=deals,contacts");
  EXPECT_TRUE(hit(data, deal)) << "the deal the conversion made: " << json::serialize(data);
  EXPECT_TRUE(hit(data, contact)) << "the contact the conversion made: " << json::serialize(data);
}

// The names of the records the hits' subtitles refer to are read together (an IN list padded to a
// power of two by repeating its last id): each contact still shows its own company.
TEST_F(Search, EachHitsSubtitleNamesItsOwnCompany) {
  const std::string x = random_suffix();
  const std::string w = "subt" + x;
  std::map<std::string, std::string> company_of;  // contact id -> company name
  for (int i = 0; i < 3; ++i) {
    std::string name = "Subco " + x + " ";
    name += std::to_string(i);
    const std::string company = create("companies", json::object{{"name", name}});
    std::string last = w;
    last += std::to_string(i);
    company_of[create("contacts", json::object{{"first_name", "Sam"}, {"last_name", last}, {"company_id", company}})] = name;
  }
  auto data = search(w, "&types=contacts");
  ASSERT_EQ(data.size(), 3u) << json::serialize(data);
  for (const auto& [contact, name] : company_of) {
    const json::object* h = hit(data, contact);
    ASSERT_TRUE(h) << contact;
    EXPECT_EQ(h->at("subtitle"), json::value(name));
  }
}

TEST_F(Search, ARepFindsOnlyTheRecordsTheirScopeReads) {
  const std::string x = random_suffix();
  const std::string word = "scoped" + x;
  const std::string mine = create_as("rep1", "contacts", json::object{{"last_name", word}});
  const std::string theirs = create_as("rep2", "contacts", json::object{{"last_name", word}, {"email", word + "@rep2.example"}});
  const std::string deal_pipeline = [&] {
    json::value body = json::object{{"name", "Scope " + x}, {"stages", json::array{json::object{{"name", "Open"}, {"type", "open"}}, json::object{{"name", "Won"}, {"type", "won"}}}}};
    return text(post("/api/v1/pipelines", body).json(), "id");
  }();
  const std::string their_deal = create_as("rep2", "deals", json::object{{"name", word + " deal"}, {"pipeline_id", deal_pipeline}});

  EXPECT_EQ(ids(search_as("rep1", word)), std::vector<std::string>{mine});
  EXPECT_TRUE(search_as("rep1", word + "@rep2").empty());
  EXPECT_EQ(ids(search_as("rep2", word, "&types=contacts")), std::vector<std::string>{theirs});
  EXPECT_EQ(search(word).size(), 3u) << "the admin reads all";
  // The East manager reads the team's records; the West rep none of these.
  EXPECT_EQ(search_as("manager", word).size(), 3u);
  EXPECT_TRUE(search_as("rep3", word).empty());
  EXPECT_FALSE(hit(search_as("rep1", word + " deal"), their_deal));
  // Objects the role cannot read are skipped, or 403 when they are all the caller asked for.
  const std::string lead = create("leads", json::object{{"last_name", word}});
  EXPECT_FALSE(hit(search_as("support", word), lead));
  EXPECT_EQ(search_as("support", word).size(), 3u) << "support reads every contact and deal, no lead";
  auto forbidden = as("support", "GET", "/api/v1/search?types=leads&q=" + word);
  EXPECT_EQ(forbidden.status, 403) << forbidden.body;
  EXPECT_EQ(forbidden.header("content-type"), "application/problem+json");
  EXPECT_EQ(search_as("support", word, "&types=leads,contacts").size(), 2u);
}

TEST_F(Search, AHiddenFieldIsNeitherMatchedNorShown) {
  json::value role = json::object{
      {"name", "no_email_search"},
      {"permissions", json::object{{"contacts", json::object{{"read", "all"}}}, {"companies", json::object{{"read", "all"}}}}},
      {"field_rules", json::object{{"contacts", json::object{{"email", "hidden"}}}, {"companies", json::object{{"name", "hidden"}}}}}};
  ASSERT_EQ(post("/api/v1/roles", role).status, 201);
  add_member("hider", "no_email_search", {});
  const std::string x = random_suffix();
  const std::string company = create("companies", json::object{{"name", "Hiddenco" + x}, {"domain", "hiddenco-" + x + ".example"}});
  const std::string contact = create("contacts", json::object{{"first_name", "Visible" + x}, {"email", "secret" + x + "@hidden.example"},
                                                             {"company_id", company}});
  ASSERT_TRUE(hit(search("secret" + x), contact)) << "the admin finds it by e-mail";

  EXPECT_TRUE(search_as("hider", "secret" + x).empty()) << "not by a hidden field";
  EXPECT_TRUE(search_as("hider", "hiddenco" + x).empty());
  auto r = as("hider", "GET", "/api/v1/search?q=visible" + x);
  ASSERT_EQ(r.status, 200) << r.body;
  auto data = data_of(r);
  ASSERT_EQ(ids(data), std::vector<std::string>{contact});
  EXPECT_EQ(data[0].at("title"), json::value("Visible" + x));
  EXPECT_TRUE(data[0].at("subtitle").is_null()) << "neither the e-mail address nor the company's hidden name";
  EXPECT_EQ(r.body.find("secret" + x), std::string::npos);
  EXPECT_EQ(r.body.find("Hiddenco" + x), std::string::npos);
  // The company is still found by its visible domain, with no name to show.
  auto by_domain = search_as("hider", "hiddenco-" + x);
  ASSERT_EQ(ids(by_domain), std::vector<std::string>{company});
  EXPECT_EQ(by_domain[0].at("title"), "");
  EXPECT_EQ(by_domain[0].at("subtitle"), json::value("hiddenco-" + x + ".example"));
}

TEST_F(Search, BadInputIsA400ProblemAndQuerySyntaxIsLiteral) {
  const std::string x = random_suffix();
  const std::string contact = create("contacts", json::object{{"first_name", "Quote"}, {"last_name", "Literal" + x}});
  std::vector<std::string> bad = {"/api/v1/search",
                                  "/api/v1/search?q=",
                                  "/api/v1/search?q=%20%20%20",
                                  "/api/v1/search?q=" + std::string(201, 'a'),
                                  "/api/v1/search?q=a+b+c+d+e+f+g+h+i",
                                  "/api/v1/search?q=a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q",
                                  "/api/v1/search?q=%FF%FE",
                                  "/api/v1/search?q=ada&limit=0",
                                  "/api/v1/search?q=ada&limit=51",
                                  "/api/v1/search?q=ada&limit=ten",
                                  "/api/v1/search?q=ada&types=",
                                  "/api/v1/search?q=ada&types=activities",
                                  "/api/v1/search?q=ada&types=contacts,nope",
                                  "/api/v1/search?q=ada&types=contacts,"};
  for (const auto& target : bad) {
    auto r = get(target);
    EXPECT_EQ(r.status, 400) << target << ": " << r.body;
    EXPECT_EQ(r.header("content-type"), "application/problem+json") << target;
    EXPECT_NE(text(r.json(), "type").find("bad-request"), std::string::npos) << r.body;
  }
  EXPECT_EQ(get("/api/v1/search?q=" + std::string(200, 'a')).status, 200);
  EXPECT_EQ(get("/api/v1/search?q=a+b+c+d+e+f+g+h").status, 200);

  // What would be syntax to FTS5 or to_tsquery is a separator: never a 500, never an operator.
  const std::vector<std::pair<std::string, bool>> queries = {
      {"\"", false}, {"\"literal" + x, true}, {"*", false}, {"literal" + x + "*", true}, {"-literal" + x, true},
      {"NEAR(literal" + x, false},  // "near" is a word the contact lacks
      {"NEAR(", false}, {"(", false}, {")", false}, {"'", false}, {"\\", false}, {":", false}, {"literal" + x + ":*", true},
      {"!literal" + x, true}, {"&", false}, {"|", false}, {"<->", false}, {"quote:literal" + x, true},
      {"{first_name}:quote", false}, {"^quote literal" + x, true}, {"literal" + x + " OR zzz", false},
      {"literal" + x + " NOT quote", false}, {"quote AND literal" + x, false}, {"% _", false}, {"'literal" + x + "':*", true}};
  for (const auto& [q, expected] : queries) {
    auto r = get(target(q, ""));
    ASSERT_EQ(r.status, 200) << q << ": " << r.body;
    EXPECT_EQ(hit(data_of(r), contact) != nullptr, expected) << q << ": " << r.body;
  }
}

}  // namespace
}  // namespace rapport::testing

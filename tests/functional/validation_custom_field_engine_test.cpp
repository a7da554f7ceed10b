// Custom fields and the database: indexes that belong to one definition in one workspace (another
// workspace's values never make a write fail; a deleted field leaves no index behind), unique custom
// fields enforced by the database under concurrent creates, and deleting a field as a change of
// every record that held a value (version, audit entry).
#include <functional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "custom_field_db.hpp"
#include "tenancy_fixture.hpp"
#include "validation_fixture.hpp"

namespace rapport::testing {
namespace json = boost::json;

// ---------------------------------------------------------------------------------------------
// Deleting a field: a change of every record that held a value, and no index left behind

TEST_F(Validation, DeletingAFieldIsAChangeOfEachRecord) {
  const auto u = uniq();
  const std::string gone = "gone_" + u, kept = "kept_" + u;
  auto gone_id = define({{"object_type", "contacts"}, {"name", gone}, {"type", "number"}, {"unique", true}});
  auto kept_id = define({{"object_type", "contacts"}, {"name", kept}, {"type", "text"}});
  Cleanup cleanup{[&] { drop(kept_id); }};
  const std::string suffix = index_suffix(gone_id);
  auto indexes = custom_field_indexes(server().data_dir());
  EXPECT_TRUE(indexes.count("cf_" + suffix)) << "sort index of a number field";
  EXPECT_TRUE(indexes.count("cfu_" + suffix)) << "unique index";

  auto holder = create("contacts", json::object{{"first_name", "Holder"}, {"custom", json::object{{gone, 7}, {kept, "k"}}}});
  auto binned = create("contacts", json::object{{"first_name", "Binned"}, {"custom", json::object{{gone, 8}}}});
  auto bystander = create("contacts", json::object{{"first_name", "Bystander"}, {"custom", json::object{{kept, "b"}}}});
  ASSERT_EQ(del("/api/v1/contacts/" + binned).status, 204);
  const int64_t holder_version = read("contacts", holder).at("version").as_int64();
  const int64_t bystander_version = read("contacts", bystander).at("version").as_int64();

  ASSERT_EQ(del("/api/v1/custom-fields/" + gone_id).status, 204);
  auto rec = read("contacts", holder);
  EXPECT_FALSE(rec.at("custom").as_object().contains(gone)) << json::serialize(rec);
  EXPECT_EQ(rec.at("custom").at(kept), "k");
  EXPECT_EQ(rec.at("version").as_int64(), holder_version + 1);
  EXPECT_EQ(read("contacts", bystander).at("version").as_int64(), bystander_version) << "a record without a value is not touched";
  // The change is in the record's history, naming the value it lost.
  auto history = get("/api/v1/contacts/" + holder + "/history");
  ASSERT_EQ(history.status, 200) << history.body;
  const auto h = history.json();
  ASSERT_FALSE(h.at("data").as_array().empty()) << history.body;
  const auto& latest = h.at("data").as_array()[0].as_object();
  EXPECT_EQ(latest.at("action"), "update") << history.body;
  EXPECT_EQ(latest.at("changes"), (json::array{json::object{{"field", "custom." + gone}, {"before", 7}, {"after", nullptr}}})) << history.body;
  // The record in the recycle bin has its change too.
  auto binned_history = query_database(server().data_dir(), "SELECT count(*) FROM audit_log WHERE object_id = ? AND action = 'update'", {binned});
  ASSERT_EQ(binned_history.size(), 1u);
  EXPECT_EQ(binned_history[0][0], "1");

  indexes = custom_field_indexes(server().data_dir());
  EXPECT_FALSE(indexes.count("cf_" + suffix)) << "the deleted field's sort index is left behind";
  EXPECT_FALSE(indexes.count("cfu_" + suffix)) << "the deleted field's unique index is left behind";
  EXPECT_TRUE(indexes.count("cf_" + index_suffix(kept_id))) << "another field's index went with it";
}

// More records than one removal batch (200): all lose the value, each with its own version.
TEST_F(Validation, DeletingAFieldHeldByManyRecords) {
  const auto u = uniq();
  const std::string name = "many_" + u;
  auto id = define({{"object_type", "companies"}, {"name", name}, {"type", "text"}});
  std::vector<std::string> ids;
  for (int i = 0; i < 450; ++i)
    ids.push_back(create("companies", json::object{{"name", "Many " + u + " " + std::to_string(i)}, {"custom", json::object{{name, "v"}}}}));
  ASSERT_EQ(del("/api/v1/custom-fields/" + id).status, 204);
  auto left = query_database(server().data_dir(), on_postgres_backend()
                                                      ? "SELECT count(*) FROM companies WHERE custom::jsonb->'" + name + "' IS NOT NULL"
                                                      : "SELECT count(*) FROM companies WHERE json_type(custom, '$." + name + "') IS NOT NULL");
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0][0], "0");
  for (const auto& cid : {ids.front(), ids[200], ids.back()}) EXPECT_EQ(read("companies", cid).at("version"), 2) << cid;
}

// ---------------------------------------------------------------------------------------------
// Unique custom fields

TEST_F(Validation, MakingAFieldUniqueNeedsUniqueValues) {
  const auto u = uniq();
  const std::string name = "later_" + u;
  auto id = define({{"object_type", "contacts"}, {"name", name}, {"type", "text"}});
  Cleanup cleanup{[&] { drop(id); }};
  auto first = create("contacts", json::object{{"first_name", "Same"}, {"custom", json::object{{name, "x"}}}});
  auto second = create("contacts", json::object{{"first_name", "Same"}, {"custom", json::object{{name, "x"}}}});
  auto refused = patch("/api/v1/custom-fields/" + id, json::object{{"unique", true}});
  expect_problem(refused, 409);
  EXPECT_EQ(code_of(refused, "unique"), "unique") << refused.body;
  EXPECT_EQ(get("/api/v1/custom-fields/" + id).json().at("unique"), false);
  EXPECT_FALSE(custom_field_indexes(server().data_dir()).count("cfu_" + index_suffix(id)));

  ASSERT_EQ(patch("/api/v1/contacts/" + second, json::object{{"custom", json::object{{name, "y"}}}}).status, 200);
  auto made = patch("/api/v1/custom-fields/" + id, json::object{{"unique", true}});
  ASSERT_EQ(made.status, 200) << made.body;
  EXPECT_TRUE(custom_field_indexes(server().data_dir()).count("cfu_" + index_suffix(id)));
  auto dup = post("/api/v1/contacts", json::object{{"first_name", "Same"}, {"custom", json::object{{name, "x"}}}});
  expect_problem(dup, 409);
  EXPECT_EQ(code_of(dup, "custom." + name), "unique");
  // A record in the recycle bin whose value was taken meanwhile cannot come back.
  ASSERT_EQ(del("/api/v1/contacts/" + first).status, 204);
  create("contacts", json::object{{"first_name", "Taker"}, {"custom", json::object{{name, "x"}}}});
  auto restore = post("/api/v1/contacts/" + first + "/restore", json::object{});
  expect_problem(restore, 409);
  EXPECT_EQ(code_of(restore, "custom." + name), "unique") << restore.body;

  ASSERT_EQ(patch("/api/v1/custom-fields/" + id, json::object{{"unique", false}}).status, 200);
  EXPECT_FALSE(custom_field_indexes(server().data_dir()).count("cfu_" + index_suffix(id)));
}

// The check before the insert cannot see a concurrent transaction's value (PostgreSQL): the unique
// index decides, and the loser gets the same 409 the check gives.
TEST_F(Validation, ConcurrentCreatesOfOneUniqueValue) {
  const auto u = uniq();
  const std::string name = "once_" + u;
  auto id = define({{"object_type", "contacts"}, {"name", name}, {"type", "text"}, {"unique", true}});
  Cleanup cleanup{[&] { drop(id); }};
  const int rounds = 15;
  int doubled = 0;
  for (int round = 0; round < rounds; ++round) {
    std::string value = "v";
    value += std::to_string(round);  // GCC 12 warns falsely about "literal" + std::string&&
    HttpResponse answers[2];
    std::vector<std::thread> threads;
    for (int t = 0; t < 2; ++t) {
      threads.emplace_back([&, t] {
        HttpClient client(server().port());
        json::value body = json::object{{"first_name", "Race"}, {"custom", json::object{{name, value}}}};
        answers[t] = client.call("POST", "/api/v1/contacts", token(), &body);
      });
    }
    for (auto& th : threads) th.join();
    std::multiset<int> got{answers[0].status, answers[1].status};
    if (got.count(201) == 2) ++doubled;
    EXPECT_EQ(got, (std::multiset<int>{201, 409})) << answers[0].body << "\n" << answers[1].body;
    for (const auto& a : answers) {
      if (a.status == 409) {
        EXPECT_EQ(code_of(a, "custom." + name), "unique") << a.body;
      }
    }
    auto stored = query_database(server().data_dir(),
                                 on_postgres_backend() ? "SELECT count(*) FROM contacts WHERE custom::jsonb->>'" + name + "' = ?"
                                                       : "SELECT count(*) FROM contacts WHERE json_extract(custom, '$." + name + "') = ?",
                                 {value});
    ASSERT_EQ(stored.size(), 1u);
    EXPECT_EQ(stored[0][0], "1") << "round " << round;
  }
  EXPECT_EQ(doubled, 0);
}

// ---------------------------------------------------------------------------------------------
// Two workspaces, one field name

// A number field `score` in workspace A indexed its values as numbers for every workspace: a contact of
// workspace B whose `score` (B's text field) held "abc" failed with 500 on PostgreSQL, even after A
// deleted the field, whose index stayed.
TEST_F(Tenancy, AnotherWorkspacesCustomFieldNeverFailsAWrite) {
  const std::string name = "score";
  json::value a_def = json::object{{"object_type", "contacts"}, {"name", name}, {"type", "number"}, {"unique", true}};
  auto a_field = as_a("POST", "/api/v1/custom-fields", &a_def);
  ASSERT_EQ(a_field.status, 201) << a_field.body;
  const std::string a_field_id = text(a_field.json(), "id");
  json::value b_def = json::object{{"object_type", "contacts"}, {"name", name}, {"type", "text"}};
  auto b_field = as_b("POST", "/api/v1/custom-fields", &b_def);
  ASSERT_EQ(b_field.status, 201) << b_field.body;

  std::vector<std::string> a_ids;
  for (int score : {30, 10, 20})
    a_ids.push_back(create_a("/api/v1/contacts", json::object{{"first_name", "A"}, {"custom", json::object{{name, score}}}}));
  // B's text values, among them ones that are no number at all.
  for (const char* v : {"abc", "12.5.6", "1e999", ""})
    create_b("/api/v1/contacts", json::object{{"first_name", "B"}, {"custom", json::object{{name, v}}}});
  auto b_contact = create_b("/api/v1/contacts", json::object{{"first_name", "B"}, {"custom", json::object{{name, "30"}}}});
  json::value change = json::object{{"custom", json::object{{name, "not a number"}}}};
  EXPECT_EQ(as_b("PATCH", "/api/v1/contacts/" + b_contact, &change).status, 200);
  // A's unique field does not reach B: B may hold A's value as often as it likes.
  create_b("/api/v1/contacts", json::object{{"first_name", "B"}, {"custom", json::object{{name, "30"}}}});

  // A's filters and sorts still work, on A's records only.
  auto sorted = as_a("GET", "/api/v1/contacts?sort=-custom.score");
  ASSERT_EQ(sorted.status, 200) << sorted.body;
  auto data = data_of(sorted);
  ASSERT_EQ(data.size(), 3u) << sorted.body;
  EXPECT_EQ(text(data[0], "id"), a_ids[0]);
  EXPECT_EQ(text(data[2], "id"), a_ids[1]);
  auto filtered = as_a("GET", "/api/v1/contacts?filter%5Bcustom.score%5D%5Bgt%5D=15");
  ASSERT_EQ(filtered.status, 200) << filtered.body;
  EXPECT_EQ(data_of(filtered).size(), 2u) << filtered.body;
  auto b_filtered = as_b("GET", "/api/v1/contacts?filter%5Bcustom.score%5D%5Beq%5D=abc");
  ASSERT_EQ(b_filtered.status, 200) << b_filtered.body;
  EXPECT_EQ(data_of(b_filtered).size(), 1u) << b_filtered.body;

  // A deletes its field: its indexes go, B keeps writing.
  ASSERT_EQ(as_a("DELETE", "/api/v1/custom-fields/" + a_field_id).status, 204);
  auto left = custom_field_indexes(server_->data_dir());
  EXPECT_FALSE(left.count("cf_" + index_suffix(a_field_id)));
  EXPECT_FALSE(left.count("cfu_" + index_suffix(a_field_id)));
  create_b("/api/v1/contacts", json::object{{"first_name", "B"}, {"custom", json::object{{name, "still text"}}}});
}

// The planner serves a custom-field sort and filter of one workspace from that definition's partial
// index: the query's `workspace_id = ?` matches the index's predicate for the bound value (SQLite
// re-plans for it; PostgreSQL plans custom plans while they are cheaper than a generic one).
TEST_F(Tenancy, CustomFieldSortAndFilterUseTheFieldsIndex) {
  json::value def = json::object{{"object_type", "contacts"}, {"name", "rank"}, {"type", "number"}};
  auto r = as_a("POST", "/api/v1/custom-fields", &def);
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string index = "cf_" + index_suffix(text(r.json(), "id"));
  auto me = as_a("GET", "/api/v1/auth/me");
  const std::string ws = text(me.json(), "workspace_id");
  const bool pg = on_postgres_backend();
  // Enough rows that a scan would cost more than the index.
  exec_database(server_->data_dir(),
                pg ? "INSERT INTO contacts(id, workspace_id, first_name, created_at, updated_at, version, custom) "
                     "SELECT gen_random_uuid()::text, ?, 'Bulk', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', 1, "
                     "'{\"rank\":' || g || '}' FROM generate_series(1, 20000) g"
                   : "WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 20000) "
                     "INSERT INTO contacts(id, workspace_id, first_name, created_at, updated_at, version, custom) "
                     "SELECT lower(hex(randomblob(16))), ?, 'Bulk', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', 1, "
                     "'{\"rank\":' || n || '}' FROM g",
                {ws});
  exec_database(server_->data_dir(), "ANALYZE contacts", {});
  const std::string expr = pg ? "rapport_cf_number(custom::jsonb->'rank')" : "json_extract(custom, '$.rank')";
  const std::string explain = pg ? "EXPLAIN " : "EXPLAIN QUERY PLAN ";
  // PostgreSQL: the workspace as a literal, as in the custom plans it makes for the bound value.
  const std::string scope = pg ? "workspace_id = '" + ws + "'" : "workspace_id = ?";
  const std::vector<std::string> params = pg ? std::vector<std::string>{} : std::vector<std::string>{ws};
  auto plan_of = [&](const std::string& sql) {
    std::string out;
    for (const auto& row : query_database(server_->data_dir(), explain + sql, params)) out += row.back() + "\n";
    return out;
  };
  auto sort = plan_of("SELECT id FROM contacts WHERE " + scope + " AND deleted_at IS NULL ORDER BY " + expr +
                      (pg ? " NULLS FIRST" : "") + ", id LIMIT 51");
  EXPECT_NE(sort.find(index), std::string::npos) << sort;
  auto filter = plan_of("SELECT id FROM contacts WHERE " + scope + " AND deleted_at IS NULL AND " + expr + " > 19990");
  EXPECT_NE(filter.find(index), std::string::npos) << filter;
  // And through the API: the sort answers in order.
  auto page = as_a("GET", "/api/v1/contacts?sort=-custom.rank&limit=2");
  ASSERT_EQ(page.status, 200) << page.body;
  auto data = data_of(page);
  ASSERT_EQ(data.size(), 2u) << page.body;
  EXPECT_EQ(data[0].at("custom").at("rank"), 20000) << page.body;
}

}  // namespace rapport::testing

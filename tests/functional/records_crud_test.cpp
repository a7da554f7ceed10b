// Records over HTTP: create/read/update/delete with ETags and If-Match, concurrent writers, the
// recycle bin and restore.
#include <algorithm>
#include <string>
#include <thread>
#include <vector>

#include "records_fixture.hpp"

namespace rapport::testing {
namespace json = boost::json;

namespace {

// An entity tag: the value in double quotes.
std::string quoted(const std::string& v) { return std::string(1, '"').append(v).append(1, '"'); }

}  // namespace

struct Records::CrudCase {
  std::string object;
  json::object create;        // the body of the POST
  json::object change;        // a PATCH that changes some fields
  std::string clear_field;    // an optional field set by `create`, cleared with null
  json::object stale_change;  // a PATCH sent with a stale If-Match
  std::string name;           // how the recycle bin names the record
};

void Records::check_crud(const CrudCase& c) {
  const std::string user = me();

  // Create: 201, Location, ETag "1", the fields as sent.
  auto created = post(url(c.object), c.create);
  ASSERT_EQ(created.status, 201) << created.body;
  auto rec = created.json().as_object();
  const std::string id = str(rec, "id");
  ASSERT_FALSE(id.empty());
  EXPECT_EQ(created.header("location"), url(c.object, id));
  EXPECT_EQ(created.header("etag"), "\"1\"");
  EXPECT_EQ(rec.at("version"), json::value(1));
  EXPECT_TRUE(rec.at("deleted_at").is_null());
  EXPECT_EQ(str(rec, "owner_id"), user);
  EXPECT_EQ(str(rec, "created_by"), user);
  EXPECT_EQ(str(rec, "created_at"), str(rec, "updated_at"));
  for (const auto& kv : c.create) {
    if (!rec.contains(kv.key())) continue;  // link keys such as contact_id are not fields
    EXPECT_EQ(rec.at(kv.key()), kv.value()) << kv.key();
  }

  // Read: the same body and ETag.
  auto got = get(url(c.object, id));
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.json(), json::value(rec));
  EXPECT_EQ(got.header("etag"), "\"1\"");

  // PATCH changes only the given fields and bumps the version.
  auto changed = patch(url(c.object, id), c.change);
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(changed.header("etag"), "\"2\"");
  auto v2 = changed.json().as_object();
  EXPECT_EQ(v2.at("version"), json::value(2));
  EXPECT_GE(str(v2, "updated_at"), str(rec, "updated_at"));
  for (const auto& kv : rec) {
    if (kv.key() == "version" || kv.key() == "updated_at") continue;
    if (c.change.contains(kv.key())) EXPECT_EQ(v2.at(kv.key()), c.change.at(kv.key())) << kv.key();
    else EXPECT_EQ(v2.at(kv.key()), kv.value()) << kv.key() << " changed although the PATCH did not name it";
  }
  EXPECT_EQ(v2.size(), rec.size());
  auto got2 = get(url(c.object, id));
  EXPECT_EQ(got2.json(), json::value(v2));
  EXPECT_EQ(got2.header("etag"), "\"2\"");

  // null clears an optional field.
  auto cleared = patch(url(c.object, id), json::object{{c.clear_field, nullptr}});
  ASSERT_EQ(cleared.status, 200) << cleared.body;
  auto v3 = cleared.json().as_object();
  EXPECT_TRUE(v3.at(c.clear_field).is_null()) << c.clear_field;
  EXPECT_EQ(v3.at("version"), json::value(3));
  EXPECT_EQ(cleared.header("etag"), "\"3\"");
  EXPECT_TRUE(read(c.object, id).at(c.clear_field).is_null());

  // A stale If-Match changes nothing.
  auto stale = patch(url(c.object, id), c.stale_change, {{"If-Match", "\"1\""}});
  expect_problem(stale, 412, "PATCH with a stale If-Match");
  auto after_stale = get(url(c.object, id));
  EXPECT_EQ(after_stale.json(), json::value(v3));
  EXPECT_EQ(after_stale.header("etag"), "\"3\"");

  // The current If-Match is accepted.
  auto current = patch(url(c.object, id), c.stale_change, {{"If-Match", "\"3\""}});
  ASSERT_EQ(current.status, 200) << current.body;
  EXPECT_EQ(current.header("etag"), "\"4\"");
  auto v4 = current.json().as_object();
  for (const auto& kv : c.stale_change) EXPECT_EQ(v4.at(kv.key()), kv.value()) << kv.key();

  // A stale If-Match on DELETE keeps the record.
  auto stale_del = del(url(c.object, id), {{"If-Match", "\"3\""}});
  expect_problem(stale_del, 412, "DELETE with a stale If-Match");
  EXPECT_EQ(get(url(c.object, id)).status, 200);
  EXPECT_EQ(list_ids(c.object, {{filter("id", "eq"), id}}), std::vector<std::string>{id});

  // DELETE: gone from reads and lists, in the recycle bin.
  auto deleted = del(url(c.object, id), {{"If-Match", "\"4\""}});
  EXPECT_EQ(deleted.status, 204) << deleted.body;
  EXPECT_TRUE(deleted.body.empty());
  expect_problem(get(url(c.object, id)), 404, "GET after DELETE");
  EXPECT_TRUE(list_ids(c.object, {{filter("id", "eq"), id}}).empty());
  EXPECT_EQ(del(url(c.object, id)).status, 404) << "deleting twice";
  EXPECT_EQ(patch(url(c.object, id), c.change).status, 404) << "changing a deleted record";
  auto entry = recycle_bin_entry(c.object, id);
  ASSERT_TRUE(entry.is_object()) << id << " is not in the recycle bin";
  EXPECT_EQ(str(entry, "object_type"), c.object);
  EXPECT_EQ(str(entry, "id"), id);
  EXPECT_EQ(str(entry, "name"), c.name);
  EXPECT_FALSE(str(entry, "deleted_at").empty());
  EXPECT_GE(str(entry, "deleted_at"), str(v4, "updated_at"));
  EXPECT_EQ(str(entry, "deleted_by"), user);

  // Restore: back in reads and lists, out of the bin, one version further.
  auto restored = post(url(c.object, id, "restore"), json::object{});
  ASSERT_EQ(restored.status, 200) << restored.body;
  auto r = restored.json().as_object();
  EXPECT_EQ(str(r, "id"), id);
  EXPECT_TRUE(r.at("deleted_at").is_null());
  ASSERT_TRUE(r.at("version").is_int64());
  EXPECT_GT(r.at("version").as_int64(), 4);
  EXPECT_EQ(restored.header("etag"), quoted(std::to_string(r.at("version").as_int64())));
  for (const auto& kv : v4) {
    if (kv.key() == "version" || kv.key() == "updated_at") continue;
    EXPECT_EQ(r.at(kv.key()), kv.value()) << kv.key() << " differs after restore";
  }
  auto back = get(url(c.object, id));
  EXPECT_EQ(back.status, 200);
  EXPECT_EQ(back.json(), json::value(r));
  EXPECT_EQ(list_ids(c.object, {{filter("id", "eq"), id}}), std::vector<std::string>{id});
  EXPECT_TRUE(recycle_bin_entry(c.object, id).is_null()) << "still in the recycle bin after restore";

  // Restoring a live record is a conflict; an unknown one is not found.
  expect_problem(post(url(c.object, id, "restore"), json::object{}), 409, "restoring a live record");
  expect_problem(post(url(c.object, "00000000-0000-7000-8000-000000000000", "restore"), json::object{}), 404,
                 "restoring an unknown id");
}

// ---------------------------------------------------------------------------------------------
// CRUD, If-Match, recycle bin and restore
// ---------------------------------------------------------------------------------------------

TEST_F(Records, CompanyLifecycle) {
  std::string name = unique("Acme");
  check_crud({.object = "companies",
              .create = json::object{{"name", name},
                                     {"domain", unique("acme") + ".example.com"},
                                     {"industry", "Software"},
                                     {"city", "Berlin"},
                                     {"employee_count", 42}},
              .change = json::object{{"industry", "Hardware"}, {"employee_count", 43}},
              .clear_field = "city",
              .stale_change = json::object{{"industry", "Retail"}},
              .name = name});
}

TEST_F(Records, ContactLifecycle) {
  std::string last = unique("Lovelace");
  check_crud({.object = "contacts",
              .create = json::object{{"first_name", "Ada"},
                                     {"last_name", last},
                                     {"email", unique_email("ada")},
                                     {"job_title", "Engineer"},
                                     {"city", "London"},
                                     {"lifecycle_stage", "lead"}},
              .change = json::object{{"job_title", "CTO"}},
              .clear_field = "city",
              .stale_change = json::object{{"job_title", "Intern"}},
              .name = "Ada " + last});
}

TEST_F(Records, ActivityLifecycle) {
  std::string cid = contact({{"last_name", unique("Caller")}});
  ASSERT_FALSE(cid.empty());
  std::string subject = unique("Call");
  check_crud({.object = "activities",
              .create = json::object{{"type", "call"},
                                     {"subject", subject},
                                     {"direction", "outbound"},
                                     {"duration_seconds", 120},
                                     {"occurred_at", "2031-05-06T07:08:09.000Z"},
                                     {"contact_id", cid}},
              .change = json::object{{"outcome", "connected"}},
              .clear_field = "duration_seconds",
              .stale_change = json::object{{"outcome", "busy"}},
              .name = subject});
}

TEST_F(Records, LeadLifecycle) {
  std::string last = unique("Hopper");
  check_crud({.object = "leads",
              .create = json::object{{"first_name", "Grace"},
                                     {"last_name", last},
                                     {"email", unique_email("grace")},
                                     {"company_name", "Navy"},
                                     {"city", "Arlington"},
                                     {"status", "new"}},
              .change = json::object{{"status", "contacted"}},
              .clear_field = "city",
              .stale_change = json::object{{"job_title", "Rear Admiral"}},
              .name = "Grace " + last});
}

TEST_F(Records, ProductLifecycle) {
  std::string name = unique("Widget");
  check_crud({.object = "products",
              .create = json::object{{"sku", unique("W-")},
                                     {"name", name},
                                     {"unit_price", 1999},
                                     {"currency", "EUR"},
                                     {"description", "A widget"}},
              .change = json::object{{"unit_price", 2499}, {"active", false}},
              .clear_field = "description",
              .stale_change = json::object{{"unit_price", 999}},
              .name = name});
}

TEST_F(Records, ConcurrentPatchesWithTheSameIfMatchHaveOneWinner) {
  std::string id = contact({{"last_name", unique("Race")}});
  constexpr int kWriters = 6;
  std::vector<int> statuses(kWriters, 0);
  std::vector<std::thread> threads;
  for (int i = 0; i < kWriters; ++i)
    threads.emplace_back([&, i] {
      HttpClient c(server().port());
      json::value body = json::object{{"job_title", numbered("Writer ", i)}};
      statuses[i] = c.call("PATCH", url("contacts", id), token(), &body, {{"If-Match", "\"1\""}}).status;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 200), 1);
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 412), kWriters - 1);
  auto rec = read("contacts", id);
  EXPECT_EQ(rec.at("version"), json::value(2));
  EXPECT_EQ(page_data(get(url("contacts", id, "history")).json()).size(), 2u);
}

// Without If-Match nobody asked for a version: writers racing on one record all land, one after
// another (PostgreSQL writes them concurrently; one that finds the version replaced runs again).
TEST_F(Records, ConcurrentPatchesWithoutIfMatchAllLand) {
  std::string id = contact({{"last_name", unique("Crowd")}});
  constexpr int kWriters = 4, kEach = 10;
  std::vector<std::vector<int>> statuses(kWriters);
  std::vector<std::thread> threads;
  for (int i = 0; i < kWriters; ++i)
    threads.emplace_back([&, i] {
      HttpClient c(server().port());
      for (int n = 0; n < kEach; ++n) {
        json::value body = json::object{{"job_title", numbered("Writer ", i * 100 + n)}};
        statuses[i].push_back(c.call("PATCH", url("contacts", id), token(), &body).status);
      }
    });
  for (auto& t : threads) t.join();
  for (int i = 0; i < kWriters; ++i) EXPECT_EQ(std::count(statuses[i].begin(), statuses[i].end(), 200), kEach) << "writer " << i;
  auto rec = read("contacts", id);
  EXPECT_EQ(rec.at("version"), json::value(1 + kWriters * kEach));
  EXPECT_EQ(page_data(get(url("contacts", id, "history") + "?limit=100").json()).size(), 1u + kWriters * kEach);
}

TEST_F(Records, PatchWithoutChangeKeepsVersion) {
  std::string id = contact({{"last_name", unique("Same")}, {"job_title", "Chef"}});
  auto r = patch(url("contacts", id), json::object{{"job_title", "Chef"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("etag"), "\"1\"");
  EXPECT_EQ(member(r.json(), "version"), json::value(1));
  auto h = get(url("contacts", id, "history")).json();
  EXPECT_EQ(page_data(h).size(), 1u) << "a PATCH that changes nothing must not write history";
}

TEST_F(Records, WriteValidation) {
  // A required field cannot be cleared, unknown and read-only fields are refused.
  std::string co = company();
  auto r = patch(url("companies", co), json::object{{"name", nullptr}});
  expect_problem(r, 422, "clearing a company's name");
  EXPECT_TRUE(names_field(r, "name")) << r.body;
  auto unknown = post(url("contacts"), json::object{{"last_name", unique("X")}, {"shoe_size", 44}});
  expect_problem(unknown, 422, "unknown field");
  EXPECT_TRUE(names_field(unknown, "shoe_size")) << unknown.body;
  auto ro = patch(url("companies", co), json::object{{"version", 7}});
  expect_problem(ro, 422, "writing version");
  EXPECT_TRUE(names_field(ro, "version")) << ro.body;
  EXPECT_EQ(read("companies", co).at("version"), json::value(1));
  // A contact needs a first name, a last name or an email.
  auto empty = post(url("contacts"), json::object{{"job_title", "Ghost"}});
  expect_problem(empty, 422, "contact without a name or email");
  // Unknown and malformed ids are 404.
  expect_problem(get(url("contacts", "00000000-0000-7000-8000-000000000000")), 404, "unknown id");
  expect_problem(get(url("contacts", "not-a-uuid")), 404, "malformed id");
  expect_problem(patch(url("contacts", "00000000-0000-7000-8000-000000000000"), json::object{{"city", "X"}}), 404,
                 "PATCH unknown id");
  expect_problem(del(url("contacts", "00000000-0000-7000-8000-000000000000")), 404, "DELETE unknown id");
}

TEST_F(Records, IfMatchAcceptsListsWeakTagsAndStar) {
  std::string id = contact({{"last_name", unique("Tags")}});
  auto a = patch(url("contacts", id), json::object{{"city", "A"}}, {{"If-Match", "\"7\", \"1\""}});
  EXPECT_EQ(a.status, 200) << a.body;
  auto b = patch(url("contacts", id), json::object{{"city", "B"}}, {{"If-Match", "W/\"2\""}});
  EXPECT_EQ(b.status, 200) << b.body;
  auto c = patch(url("contacts", id), json::object{{"city", "C"}}, {{"If-Match", "*"}});
  EXPECT_EQ(c.status, 200) << c.body;
  auto d = patch(url("contacts", id), json::object{{"city", "D"}}, {{"If-Match", "\"3\""}});
  EXPECT_EQ(d.status, 412) << d.body;
  EXPECT_EQ(str(read("contacts", id), "city"), "C");
}

TEST_F(Records, RecycleBinListsEachObjectNewestFirst) {
  std::string co_name = unique("BinCo");
  std::string co = company({{"name", co_name}});
  std::string last = unique("Bin");
  std::string ct = contact({{"first_name", "Bea"}, {"last_name", last}});
  std::string subject = unique("BinNote");
  std::string act = note({{"contact_id", ct}}, subject);
  ASSERT_EQ(del(url("activities", act)).status, 204);
  pause_ms(3);
  ASSERT_EQ(del(url("companies", co)).status, 204);
  pause_ms(3);
  ASSERT_EQ(del(url("contacts", ct)).status, 204);

  auto all = page_all("/api/v1/recycle-bin", {}, 2);
  EXPECT_TRUE(all.complete);
  std::vector<std::string> order;
  for (const auto& e : all.records)
    if (str(e, "id") == co || str(e, "id") == ct || str(e, "id") == act) order.push_back(str(e, "id"));
  EXPECT_EQ(order, (std::vector<std::string>{ct, co, act})) << "most recently deleted first";
  auto ids = ids_of(all.records);
  EXPECT_EQ(id_set(ids).size(), ids.size()) << "recycle-bin pages repeat an entry";
  for (std::size_t i = 1; i < all.records.size(); ++i)
    EXPECT_GE(str(all.records[i - 1], "deleted_at"), str(all.records[i], "deleted_at"));

  auto ce = recycle_bin_entry("contacts", ct);
  EXPECT_EQ(str(ce, "name"), "Bea " + last);
  EXPECT_EQ(str(ce, "object_type"), "contacts");
  EXPECT_EQ(str(recycle_bin_entry("companies", co), "name"), co_name);
  EXPECT_EQ(str(recycle_bin_entry("activities", act), "name"), subject);
  EXPECT_TRUE(recycle_bin_entry("contacts", co).is_null()) << "object_type=contacts lists a company";
  expect_problem(get("/api/v1/recycle-bin?object_type=unicorns"), 400, "unknown object");
  expect_problem(get("/api/v1/recycle-bin?limit=0"), 400, "limit=0");
  expect_problem(get("/api/v1/recycle-bin?cursor=garbage"), 400, "garbage cursor");
  expect_problem(get("/api/v1/recycle-bin?colour=red"), 400, "unknown parameter");
}

TEST_F(Records, RecycleBinNamesAContactThatHasOnlyAnEmail) {
  // A contact may have an email and no name; the bin must still say which contact it is.
  std::string email = unique_email("nameless");
  std::string id = contact({{"email", email}});
  ASSERT_EQ(del(url("contacts", id)).status, 204);
  auto entry = recycle_bin_entry("contacts", id);
  ASSERT_TRUE(entry.is_object());
  EXPECT_FALSE(str(entry, "name").empty()) << "the recycle bin names the contact \"\": " << entry;
}

TEST_F(Records, RestoreRefusesADuplicateUniqueValue) {
  std::string email = unique_email("dup");
  std::string first = contact({{"email", email}});
  ASSERT_EQ(del(url("contacts", first)).status, 204);
  std::string second = contact({{"email", email}});  // the address is free while the first is deleted
  ASSERT_FALSE(second.empty());
  auto r = post(url("contacts", first, "restore"), json::object{});
  expect_problem(r, 409, "restore onto a taken email");
  EXPECT_TRUE(names_field(r, "email")) << r.body;
  EXPECT_EQ(get(url("contacts", first)).status, 404);
}

}  // namespace rapport::testing

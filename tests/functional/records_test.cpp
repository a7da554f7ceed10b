// Records over HTTP: create/read/update/delete with ETags and If-Match, the recycle bin and restore,
// change history, Idempotency-Key, list queries (limits, keyset cursors, sorting across NULLs,
// filters, counts), timelines, activity links and the per-type activity rules.
//
// Every test makes its own records and marks them with a value unique to the test (a lead_source,
// a city, a subject prefix) so that it only sees its own data when several tests share one server.
#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "fixture.hpp"

namespace rapport::testing {
namespace json = boost::json;

namespace {

using Query = std::vector<std::pair<std::string, std::string>>;
using Headers = std::vector<std::pair<std::string, std::string>>;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

// A value unique to this process and call: markers, names, emails, request ids, idempotency keys.
// Only letters, digits and '-', so it is also a valid X-Request-Id and a domain label.
std::string unique(const std::string& prefix) {
  static const std::string run = [] {
    std::random_device rd;
    char buf[16];
    std::snprintf(buf, sizeof buf, "%06x", std::uniform_int_distribution<unsigned>(0, 0xffffff)(rd));
    return std::string(buf);
  }();
  static std::atomic<int> counter{0};
  return prefix + "-" + run + "-" + std::to_string(++counter);
}

std::string unique_email(const std::string& prefix) { return unique(prefix) + "@example.com"; }

// Percent-encodes everything but the unreserved characters, so brackets, '%', '+' and ',' reach the
// server as data.
std::string pct(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  return out;
}

std::string with_query(const std::string& path, const Query& q) {
  std::string out = path;
  char sep = '?';
  for (const auto& [k, v] : q) {
    out.push_back(sep);
    out += pct(k) + "=" + pct(v);
    sep = '&';
  }
  return out;
}

std::string filter(const std::string& field, const std::string& op) { return "filter[" + field + "][" + op + "]"; }

std::string base64url(std::string_view raw) {
  static const char* abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < raw.size(); i += 3) {
    unsigned n = (static_cast<unsigned char>(raw[i]) << 16) | (static_cast<unsigned char>(raw[i + 1]) << 8) |
                 static_cast<unsigned char>(raw[i + 2]);
    out += {abc[(n >> 18) & 63], abc[(n >> 12) & 63], abc[(n >> 6) & 63], abc[n & 63]};
  }
  if (raw.size() - i == 1) {
    unsigned n = static_cast<unsigned char>(raw[i]) << 16;
    out += {abc[(n >> 18) & 63], abc[(n >> 12) & 63]};
  } else if (raw.size() - i == 2) {
    unsigned n = (static_cast<unsigned char>(raw[i]) << 16) | (static_cast<unsigned char>(raw[i + 1]) << 8);
    out += {abc[(n >> 18) & 63], abc[(n >> 12) & 63], abc[(n >> 6) & 63]};
  }
  return out;
}

// The string member `key` of an object, or "" when absent or not a string.
std::string str(const json::value& v, std::string_view key) {
  if (!v.is_object()) return "";
  auto* f = v.as_object().if_contains(key);
  return f && f->is_string() ? std::string(f->as_string()) : "";
}

// The member `key` of an object, or null.
json::value member(const json::value& v, std::string_view key) {
  if (!v.is_object()) return nullptr;
  auto* f = v.as_object().if_contains(key);
  return f ? *f : json::value(nullptr);
}

// The `data` array of a page (empty when the response is not a page).
json::array page_data(const json::value& page) {
  auto d = member(page, "data");
  return d.is_array() ? d.as_array() : json::array{};
}

std::vector<std::string> ids_of(const json::array& records) {
  std::vector<std::string> out;
  for (const auto& r : records) out.push_back(str(r, "id"));
  return out;
}

std::vector<std::string> ids_of(const std::vector<json::object>& records) {
  std::vector<std::string> out;
  for (const auto& r : records) out.push_back(str(r, "id"));
  return out;
}

std::set<std::string> id_set(const std::vector<std::string>& ids) { return {ids.begin(), ids.end()}; }

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

// The `next_cursor` of a page, or "" when it is null.
std::string next_cursor(const json::value& page) { return str(page, "next_cursor"); }

// field -> code of a problem document's errors.
std::map<std::string, std::string> error_codes(const HttpResponse& r) {
  std::map<std::string, std::string> out;
  auto j = r.json();
  auto errs = member(j, "errors");
  if (!errs.is_array()) return out;
  for (const auto& e : errs.as_array()) out[str(e, "field")] = str(e, "code");
  return out;
}

bool names_field(const HttpResponse& r, const std::string& field) {
  auto f = error_fields(r);
  return std::find(f.begin(), f.end(), field) != f.end();
}

// Expects an RFC 9457 problem document with this status.
void expect_problem(const HttpResponse& r, int status, const std::string& what) {
  EXPECT_EQ(r.status, status) << what << ": " << r.body;
  EXPECT_EQ(r.header("content-type"), "application/problem+json") << what;
  EXPECT_EQ(member(r.json(), "status"), json::value(status)) << what << ": " << r.body;
}

// The ids of `records` in the order a list sorted on `field` must return them: by the field with
// NULL before every value (SQLite's order), ties broken by id; descending is the exact reverse.
std::vector<std::string> expected_order(std::vector<json::object> records, const std::string& field, bool desc) {
  std::sort(records.begin(), records.end(), [&](const json::object& a, const json::object& b) {
    const json::value& va = a.at(field);
    const json::value& vb = b.at(field);
    if (va.is_null() != vb.is_null()) return va.is_null();
    if (!va.is_null()) {
      std::string sa(va.as_string()), sb(vb.as_string());
      if (sa != sb) return sa < sb;
    }
    return std::string(a.at("id").as_string()) < std::string(b.at("id").as_string());
  });
  auto ids = ids_of(records);
  if (desc) std::reverse(ids.begin(), ids.end());
  return ids;
}

// An entity tag: the value in double quotes.
std::string quoted(const std::string& v) { return std::string(1, '"').append(v).append(1, '"'); }

// prefix followed by n, e.g. "N3".
std::string numbered(const std::string& prefix, int n) { return std::string(prefix).append(std::to_string(n)); }

void pause_ms(int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

}  // namespace

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

class RecordsBase : public ServerTest {
 protected:
  static std::string url(const std::string& object, const std::string& id = "", const std::string& sub = "") {
    std::string u = "/api/v1/" + object;
    if (!id.empty()) u += "/" + id;
    if (!sub.empty()) u += "/" + sub;
    return u;
  }

  HttpResponse list(const std::string& object, const Query& q) { return get(with_query(url(object), q)); }

  // The ids on the first page of a list (limit 500), expecting 200.
  std::vector<std::string> list_ids(const std::string& object, Query q) {
    q.emplace_back("limit", "500");
    auto r = list(object, q);
    EXPECT_EQ(r.status, 200) << r.body;
    return ids_of(page_data(r.json()));
  }

  struct Paged {
    std::vector<json::object> records;  // in the order the pages returned them
    std::vector<std::size_t> sizes;     // records per page
    bool complete = false;              // the last page had a null next_cursor
  };

  // Follows next_cursor from the first page of `path` with `q` and `limit` to the end.
  Paged page_all(const std::string& path, Query q, int limit, int max_pages = 200) {
    Paged out;
    std::string cursor;
    q.emplace_back("limit", std::to_string(limit));
    for (int i = 0; i < max_pages; ++i) {
      Query qq = q;
      if (!cursor.empty()) qq.emplace_back("cursor", cursor);
      auto r = get(with_query(path, qq));
      EXPECT_EQ(r.status, 200) << path << " page " << i << ": " << r.body;
      if (r.status != 200) return out;
      auto j = r.json();
      auto data = page_data(j);
      out.sizes.push_back(data.size());
      for (const auto& d : data) out.records.push_back(d.as_object());
      cursor = next_cursor(j);
      if (cursor.empty()) {
        out.complete = true;
        return out;
      }
    }
    ADD_FAILURE() << path << ": more than " << max_pages << " pages";
    return out;
  }

  // The caller's user id.
  std::string me() {
    auto r = get("/api/v1/auth/me");
    EXPECT_EQ(r.status, 200) << r.body;
    return str(r.json(), "user_id");
  }

  json::object read(const std::string& object, const std::string& id) {
    auto r = get(url(object, id));
    EXPECT_EQ(r.status, 200) << r.body;
    auto j = r.json();
    return j.is_object() ? j.as_object() : json::object{};
  }

  // The recycle-bin entry of a record, or null when it is not in the bin.
  json::value recycle_bin_entry(const std::string& object, const std::string& id) {
    auto paged = page_all("/api/v1/recycle-bin", {{"object", object}}, 500, 50);
    for (const auto& e : paged.records)
      if (str(e, "id") == id) return e;
    return nullptr;
  }

  std::string contact(json::object body) { return create("contacts", body); }

  // A contact marked with lead_source `marker`.
  std::string marked_contact(const std::string& marker, json::object body = {}) {
    body["lead_source"] = marker;
    if (!body.contains("first_name") && !body.contains("last_name") && !body.contains("email"))
      body["last_name"] = unique("Last");
    return create("contacts", body);
  }

  std::string company(json::object body = {}) {
    if (!body.contains("name")) body["name"] = unique("Company");
    return create("companies", body);
  }

  // A note linked by `links` (e.g. {"contact_id": id}) with the given occurred_at.
  std::string note(const json::object& links, const std::string& subject, const std::string& occurred_at = "") {
    json::object body{{"type", "note"}, {"subject", subject}};
    for (const auto& kv : links) body[kv.key()] = kv.value();
    if (!occurred_at.empty()) body["occurred_at"] = occurred_at;
    return create("activities", body);
  }
};

class Records : public RecordsBase {
 protected:
  struct CrudCase {
    std::string object;
    json::object create;        // the body of the POST
    json::object change;        // a PATCH that changes some fields
    std::string clear_field;    // an optional field set by `create`, cleared with null
    json::object stale_change;  // a PATCH sent with a stale If-Match
    std::string name;           // how the recycle bin names the record
  };

  // The whole life of one record: create, read, change, conflicts, delete, recycle bin, restore.
  void check_crud(const CrudCase& c) {
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
    EXPECT_EQ(str(entry, "object"), c.object);
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
};

class RecordsActivityRules : public RecordsBase {};
class Lists : public RecordsBase {};
class Timeline : public RecordsBase {};

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
  EXPECT_EQ(str(ce, "object"), "contacts");
  EXPECT_EQ(str(recycle_bin_entry("companies", co), "name"), co_name);
  EXPECT_EQ(str(recycle_bin_entry("activities", act), "name"), subject);
  EXPECT_TRUE(recycle_bin_entry("contacts", co).is_null()) << "object=contacts lists a company";
  expect_problem(get("/api/v1/recycle-bin?object=unicorns"), 400, "unknown object");
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

// ---------------------------------------------------------------------------------------------
// History
// ---------------------------------------------------------------------------------------------

TEST_F(Records, HistoryRecordsEveryChangeNewestFirst) {
  const std::string user = me();
  const std::string rid_create = unique("req-create"), rid_update = unique("req-update"),
                    rid_delete = unique("req-delete"), rid_restore = unique("req-restore");
  std::string last = unique("Hist");
  auto c = post(url("contacts"), json::object{{"first_name", "Hal"}, {"last_name", last}, {"job_title", "A"}},
                {{"X-Request-Id", rid_create}});
  ASSERT_EQ(c.status, 201) << c.body;
  std::string id = str(c.json(), "id");
  pause_ms(2);
  auto u = patch(url("contacts", id), json::object{{"job_title", "B"}, {"city", "Paris"}, {"first_name", "Hal"}},
                 {{"X-Request-Id", rid_update}});
  ASSERT_EQ(u.status, 200) << u.body;
  pause_ms(2);
  ASSERT_EQ(del(url("contacts", id), {{"X-Request-Id", rid_delete}}).status, 204);
  pause_ms(2);
  ASSERT_EQ(post(url("contacts", id, "restore"), json::object{}, {{"X-Request-Id", rid_restore}}).status, 200);

  auto h = get(url("contacts", id, "history"));
  ASSERT_EQ(h.status, 200) << h.body;
  auto data = page_data(h.json());
  ASSERT_EQ(data.size(), 4u) << h.body;
  EXPECT_TRUE(member(h.json(), "next_cursor").is_null());
  std::vector<std::string> actions, rids;
  for (const auto& e : data) {
    actions.push_back(str(e, "action"));
    rids.push_back(str(e, "request_id"));
    EXPECT_EQ(str(e, "actor_id"), user);
    EXPECT_FALSE(str(e, "at").empty());
  }
  EXPECT_EQ(actions, (std::vector<std::string>{"restore", "delete", "update", "create"}));
  EXPECT_EQ(rids, (std::vector<std::string>{rid_restore, rid_delete, rid_update, rid_create}));
  for (std::size_t i = 1; i < data.size(); ++i) EXPECT_GE(str(data[i - 1], "at"), str(data[i], "at")) << "newest first";

  // The update names exactly the changed fields with their before and after values.
  std::map<std::string, std::pair<json::value, json::value>> changes;
  auto update_changes = member(data[2], "changes");
  ASSERT_TRUE(update_changes.is_array()) << data[2];
  for (const auto& ch : update_changes.as_array())
    changes[str(ch, "field")] = {member(ch, "before"), member(ch, "after")};
  EXPECT_EQ(changes.size(), 2u) << data[2];
  EXPECT_EQ(changes["job_title"].first, json::value("A"));
  EXPECT_EQ(changes["job_title"].second, json::value("B"));
  EXPECT_TRUE(changes["city"].first.is_null());
  EXPECT_EQ(changes["city"].second, json::value("Paris"));
  EXPECT_FALSE(changes.count("first_name")) << "an unchanged field is in the diff";

  // The create lists the values set; delete and restore toggle deleted_at.
  bool has_last = false;
  auto create_changes = member(data[3], "changes");
  ASSERT_TRUE(create_changes.is_array()) << data[3];
  for (const auto& ch : create_changes.as_array())
    if (str(ch, "field") == "last_name") {
      has_last = true;
      EXPECT_TRUE(member(ch, "before").is_null());
      EXPECT_EQ(member(ch, "after"), json::value(last));
    }
  EXPECT_TRUE(has_last) << data[3];
  auto del_changes = member(data[1], "changes").as_array();
  ASSERT_EQ(del_changes.size(), 1u);
  EXPECT_EQ(str(del_changes[0], "field"), "deleted_at");
  EXPECT_TRUE(member(del_changes[0], "before").is_null());
  std::string deleted_at = str(del_changes[0], "after");
  EXPECT_FALSE(deleted_at.empty());
  auto res_changes = member(data[0], "changes").as_array();
  ASSERT_EQ(res_changes.size(), 1u);
  EXPECT_EQ(str(res_changes[0], "field"), "deleted_at");
  EXPECT_EQ(str(res_changes[0], "before"), deleted_at);
  EXPECT_TRUE(member(res_changes[0], "after").is_null());
}

TEST_F(Records, HistoryPagesWithLimitAndCursor) {
  std::string id = contact({{"last_name", unique("Pages")}});
  for (const char* city : {"A", "B", "C"}) ASSERT_EQ(patch(url("contacts", id), json::object{{"city", city}}).status, 200);
  auto full = page_data(get(url("contacts", id, "history")).json());
  ASSERT_EQ(full.size(), 4u);
  auto paged = page_all(url("contacts", id, "history"), {}, 1);
  EXPECT_TRUE(paged.complete);
  EXPECT_EQ(paged.sizes, (std::vector<std::size_t>{1, 1, 1, 1}));
  ASSERT_EQ(paged.records.size(), 4u);
  for (std::size_t i = 0; i < 4; ++i) EXPECT_EQ(json::value(paged.records[i]), full[i]) << "entry " << i;
  // The newest update comes first and says city B -> C.
  auto first = member(json::value(paged.records[0]), "changes").as_array();
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(member(first[0], "before"), json::value("B"));
  EXPECT_EQ(member(first[0], "after"), json::value("C"));

  auto two = get(with_query(url("contacts", id, "history"), {{"limit", "2"}}));
  EXPECT_EQ(page_data(two.json()).size(), 2u);
  EXPECT_FALSE(next_cursor(two.json()).empty());
  expect_problem(get(with_query(url("contacts", id, "history"), {{"limit", "0"}})), 400, "history limit=0");
  expect_problem(get(with_query(url("contacts", id, "history"), {{"limit", "501"}})), 400, "history limit=501");
  expect_problem(get(with_query(url("contacts", id, "history"), {{"cursor", "@@@"}})), 400, "history garbage cursor");
  expect_problem(get(with_query(url("contacts", id, "history"), {{"sort", "at"}})), 400, "history unknown parameter");
  expect_problem(get(url("contacts", "00000000-0000-7000-8000-000000000000", "history")), 404, "history of unknown id");
}

TEST_F(Records, HistoryRecordsTheServersRequestIdWhenNoneIsSent) {
  auto c = post(url("contacts"), json::object{{"last_name", unique("NoRid")}});
  ASSERT_EQ(c.status, 201) << c.body;
  std::string rid = c.header("x-request-id");
  ASSERT_FALSE(rid.empty());
  auto data = page_data(get(url("contacts", str(c.json(), "id"), "history")).json());
  ASSERT_EQ(data.size(), 1u);
  EXPECT_EQ(str(data[0], "request_id"), rid);
}

TEST_F(Records, HistoryOfAnActivityRecordsLinkChanges) {
  std::string c1 = contact({{"last_name", unique("Link1")}});
  std::string c2 = contact({{"last_name", unique("Link2")}});
  std::string act = note({{"contact_id", c1}}, "linked");
  ASSERT_EQ(patch(url("activities", act), json::object{{"contact_ids", json::array{json::value(c2)}}}).status, 200);
  auto data = page_data(get(url("activities", act, "history")).json());
  ASSERT_EQ(data.size(), 2u);
  EXPECT_EQ(str(data[0], "action"), "update");
  auto changes = member(data[0], "changes");
  ASSERT_TRUE(changes.is_array()) << data[0];
  bool found = false;
  for (const auto& ch : changes.as_array())
    if (str(ch, "field") == "contact_ids") {
      found = true;
      EXPECT_EQ(member(ch, "before"), json::value(json::array{json::value(c1)}));
      EXPECT_EQ(member(ch, "after"), json::value(json::array{json::value(c2)}));
    }
  EXPECT_TRUE(found) << data[0];
  EXPECT_EQ(read("activities", act).at("version"), json::value(2));
}

TEST_F(Records, HistoryOfADeletedRecordIsReadable) {
  std::string id = company();
  ASSERT_EQ(del(url("companies", id)).status, 204);
  auto h = get(url("companies", id, "history"));
  ASSERT_EQ(h.status, 200) << h.body;
  auto data = page_data(h.json());
  ASSERT_EQ(data.size(), 2u);
  EXPECT_EQ(str(data[0], "action"), "delete");
  EXPECT_EQ(str(data[1], "action"), "create");
}

// ---------------------------------------------------------------------------------------------
// Idempotency-Key
// ---------------------------------------------------------------------------------------------

TEST_F(Records, IdempotencyKeyReplaysTheFirstAnswer) {
  std::string marker = unique("idem");
  json::object body{{"last_name", unique("Idem")}, {"lead_source", marker}};
  std::string key = unique("key");
  auto first = post(url("contacts"), body, {{"Idempotency-Key", key}});
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_TRUE(first.header("idempotent-replayed").empty());
  auto second = post(url("contacts"), body, {{"Idempotency-Key", key}});
  EXPECT_EQ(second.status, 201) << second.body;
  EXPECT_EQ(second.body, first.body);
  EXPECT_EQ(second.header("idempotent-replayed"), "true");
  EXPECT_EQ(second.header("location"), first.header("location"));
  EXPECT_EQ(second.header("etag"), first.header("etag"));
  EXPECT_EQ(str(second.json(), "id"), str(first.json(), "id"));

  auto r = list("contacts", {{filter("lead_source", "eq"), marker}, {"count", "true"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(page_data(r.json()).size(), 1u) << "a replay created a second record";
  EXPECT_EQ(member(r.json(), "total"), json::value(1));
}

TEST_F(Records, IdempotencyKeyWithAnotherBodyIsRefused) {
  std::string marker = unique("idem");
  std::string key = unique("key");
  auto first = post(url("contacts"), json::object{{"last_name", "One"}, {"lead_source", marker}}, {{"Idempotency-Key", key}});
  ASSERT_EQ(first.status, 201) << first.body;
  auto other = post(url("contacts"), json::object{{"last_name", "Two"}, {"lead_source", marker}}, {{"Idempotency-Key", key}});
  expect_problem(other, 422, "same key, another body");
  EXPECT_TRUE(other.header("idempotent-replayed").empty());
  // The same key on another object type is another request too.
  auto elsewhere = post(url("companies"), json::object{{"name", unique("Co")}}, {{"Idempotency-Key", key}});
  EXPECT_EQ(elsewhere.status, 422) << elsewhere.body;
  EXPECT_EQ(list_ids("contacts", {{filter("lead_source", "eq"), marker}}), std::vector<std::string>{str(first.json(), "id")});
}

TEST_F(Records, ConcurrentRetriesWithOneIdempotencyKeyCreateOneRecord) {
  std::string marker = unique("idem-race");
  std::string key = unique("key");
  json::value body = json::object{{"last_name", unique("Race")}, {"lead_source", marker}};
  constexpr int kClients = 6;
  std::vector<HttpResponse> answers(kClients);
  std::vector<std::thread> threads;
  for (int i = 0; i < kClients; ++i)
    threads.emplace_back([&, i] {
      HttpClient c(server().port());
      answers[i] = c.call("POST", url("contacts"), token(), &body, {{"Idempotency-Key", key}});
    });
  for (auto& t : threads) t.join();
  int replays = 0;
  for (const auto& a : answers) {
    EXPECT_EQ(a.status, 201) << a.body;
    EXPECT_EQ(a.body, answers[0].body);
    if (a.header("idempotent-replayed") == "true") ++replays;
  }
  EXPECT_EQ(replays, kClients - 1);
  EXPECT_EQ(list_ids("contacts", {{filter("lead_source", "eq"), marker}}).size(), 1u);
}

TEST_F(Records, OverlongIdempotencyKeyIsRefused) {
  std::string marker = unique("idem-long");
  auto r = post(url("contacts"), json::object{{"last_name", "Long"}, {"lead_source", marker}},
                {{"Idempotency-Key", std::string(256, 'k')}});
  expect_problem(r, 400, "Idempotency-Key of 256 characters");
  EXPECT_TRUE(list_ids("contacts", {{filter("lead_source", "eq"), marker}}).empty());
  auto ok = post(url("contacts"), json::object{{"last_name", "Long"}, {"lead_source", marker}},
                 {{"Idempotency-Key", std::string(255, 'k') + ""}});
  EXPECT_EQ(ok.status, 201) << ok.body;
}

TEST_F(Records, IdempotencyKeyOfARefusedRequestCanBeRetried) {
  std::string marker = unique("idem-fix");
  std::string key = unique("key");
  auto bad = post(url("contacts"), json::object{{"last_name", "Fix"}, {"lead_source", marker}, {"email", "not-an-email"}},
                  {{"Idempotency-Key", key}});
  expect_problem(bad, 422, "invalid email");
  EXPECT_TRUE(names_field(bad, "email")) << bad.body;
  // The refused request created nothing, so the key is still free for the corrected request.
  auto fixed = post(url("contacts"), json::object{{"last_name", "Fix"}, {"lead_source", marker}}, {{"Idempotency-Key", key}});
  EXPECT_EQ(fixed.status, 201) << fixed.body;
  EXPECT_TRUE(fixed.header("idempotent-replayed").empty());
  EXPECT_EQ(list_ids("contacts", {{filter("lead_source", "eq"), marker}}).size(), 1u);
}

TEST_F(Records, DifferentIdempotencyKeysCreateTwoRecords) {
  std::string marker = unique("idem");
  json::object body{{"last_name", unique("Twice")}, {"lead_source", marker}};
  auto a = post(url("contacts"), body, {{"Idempotency-Key", unique("key")}});
  auto b = post(url("contacts"), body, {{"Idempotency-Key", unique("key")}});
  ASSERT_EQ(a.status, 201) << a.body;
  ASSERT_EQ(b.status, 201) << b.body;
  EXPECT_NE(str(a.json(), "id"), str(b.json(), "id"));
  EXPECT_TRUE(b.header("idempotent-replayed").empty());
  EXPECT_EQ(list_ids("contacts", {{filter("lead_source", "eq"), marker}}).size(), 2u);
  // Without a key, each POST creates a record.
  ASSERT_EQ(post(url("contacts"), body).status, 201);
  EXPECT_EQ(list_ids("contacts", {{filter("lead_source", "eq"), marker}}).size(), 3u);
}

// ---------------------------------------------------------------------------------------------
// Lists: limit, keyset pages, cursor stability
// ---------------------------------------------------------------------------------------------

TEST_F(Lists, DefaultLimitIsFiftyAndLimitIsChecked) {
  std::string m = unique("lim");
  for (int i = 0; i < 51; ++i) marked_contact(m);
  Query f{{filter("lead_source", "eq"), m}};
  auto def = list("contacts", f);
  ASSERT_EQ(def.status, 200) << def.body;
  EXPECT_EQ(page_data(def.json()).size(), 50u);
  EXPECT_FALSE(next_cursor(def.json()).empty());
  auto all = list("contacts", {{filter("lead_source", "eq"), m}, {"limit", "500"}});
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(page_data(all.json()).size(), 51u);
  EXPECT_TRUE(member(all.json(), "next_cursor").is_null());
  EXPECT_EQ(page_data(list("contacts", {{filter("lead_source", "eq"), m}, {"limit", "1"}}).json()).size(), 1u);
  for (const char* bad : {"0", "501", "abc", "-1", "", "10x", "1.5"})
    expect_problem(list("contacts", {{"limit", bad}}), 400, std::string("limit=") + bad);
  expect_problem(list("contacts", {{"limit", "10"}, {"limit", "20"}}), 400, "limit given twice");
}

TEST_F(Lists, KeysetPagesReturnEveryRecordOnce) {
  std::string m = unique("pages");
  std::vector<std::string> made;
  for (int i = 0; i < 25; ++i) made.push_back(marked_contact(m));
  for (const char* sort : {"", "-created_at", "created_at", "updated_at", "-updated_at"}) {
    Query q{{filter("lead_source", "eq"), m}};
    if (*sort) q.emplace_back("sort", sort);
    auto paged = page_all(url("contacts"), q, 10);
    EXPECT_TRUE(paged.complete) << sort;
    EXPECT_EQ(paged.sizes, (std::vector<std::size_t>{10, 10, 5})) << sort;
    auto ids = ids_of(paged.records);
    EXPECT_EQ(sorted(ids), sorted(made)) << "sort=" << sort;
  }
  // The default order is newest first.
  auto paged = page_all(url("contacts"), {{filter("lead_source", "eq"), m}}, 10);
  std::vector<std::string> newest_first(made.rbegin(), made.rend());
  EXPECT_EQ(ids_of(paged.records), newest_first);
  EXPECT_EQ(ids_of(paged.records), expected_order(paged.records, "created_at", true));
}

TEST_F(Lists, ExactMultipleOfTheLimitEndsWithoutAnEmptyPage) {
  std::string m = unique("exact");
  for (int i = 0; i < 20; ++i) marked_contact(m);
  auto paged = page_all(url("contacts"), {{filter("lead_source", "eq"), m}}, 10);
  EXPECT_TRUE(paged.complete);
  EXPECT_EQ(paged.sizes, (std::vector<std::size_t>{10, 10}));
}

TEST_F(Lists, CursorIsStableWhileRecordsAreInserted) {
  std::string m = unique("stable");
  std::vector<std::string> originals;
  for (int i = 0; i < 15; ++i) originals.push_back(marked_contact(m));
  std::vector<std::string> seen;
  std::string cursor;
  for (int page = 0; page < 20; ++page) {
    Query q{{filter("lead_source", "eq"), m}, {"sort", "-created_at"}, {"limit", "4"}};
    if (!cursor.empty()) q.emplace_back("cursor", cursor);
    auto r = list("contacts", q);
    ASSERT_EQ(r.status, 200) << r.body;
    for (const auto& id : ids_of(page_data(r.json()))) seen.push_back(id);
    cursor = next_cursor(r.json());
    if (cursor.empty()) break;
    // New records arrive between pages.
    marked_contact(m);
    marked_contact(m);
  }
  EXPECT_EQ(id_set(seen).size(), seen.size()) << "a record was returned twice";
  for (const auto& id : originals)
    EXPECT_EQ(std::count(seen.begin(), seen.end(), id), 1) << id << " was skipped or repeated";
}

TEST_F(Lists, CursorIsStableWhileRecordsAreInsertedAroundNulls) {
  std::string m = unique("stable-null");
  const std::vector<const char*> firsts = {"Kim", nullptr, "Al", "Zed", nullptr, "Kim", "Mo", nullptr, "Bo", "Yu"};
  std::vector<std::string> originals;
  for (const char* f : firsts)
    originals.push_back(f ? marked_contact(m, {{"first_name", f}}) : marked_contact(m, {{"last_name", unique("Null")}}));
  for (const char* sort : {"first_name", "-first_name"}) {
    std::vector<std::string> seen;
    std::string cursor;
    int added = 0;
    for (int page = 0; page < 30; ++page) {
      Query q{{filter("lead_source", "eq"), m}, {"sort", sort}, {"limit", "3"}};
      if (!cursor.empty()) q.emplace_back("cursor", cursor);
      auto r = list("contacts", q);
      ASSERT_EQ(r.status, 200) << r.body;
      for (const auto& id : ids_of(page_data(r.json()))) seen.push_back(id);
      cursor = next_cursor(r.json());
      if (cursor.empty()) break;
      // Newcomers sort before, among and after the records already seen.
      marked_contact(m, {{"first_name", "Aa"}});
      marked_contact(m, {{"last_name", unique("Null")}});
      marked_contact(m, {{"first_name", "Zz"}});
      added += 3;
    }
    EXPECT_GT(added, 0);
    EXPECT_EQ(id_set(seen).size(), seen.size()) << sort << ": a record was returned twice";
    for (const auto& id : originals)
      EXPECT_EQ(std::count(seen.begin(), seen.end(), id), 1) << sort << ": " << id << " was skipped or repeated";
  }
}

TEST_F(Lists, CursorIsStableWhileRecordsAreDeleted) {
  std::string m = unique("stable-del");
  for (int i = 0; i < 12; ++i) marked_contact(m, {{"first_name", numbered("N", i % 5)}});
  std::vector<std::string> seen;
  std::set<std::string> deleted;
  std::string cursor;
  for (int page = 0; page < 20; ++page) {
    Query q{{filter("lead_source", "eq"), m}, {"sort", "first_name"}, {"limit", "3"}};
    if (!cursor.empty()) q.emplace_back("cursor", cursor);
    auto r = list("contacts", q);
    ASSERT_EQ(r.status, 200) << r.body;
    auto ids = ids_of(page_data(r.json()));
    for (const auto& id : ids) seen.push_back(id);
    cursor = next_cursor(r.json());
    if (cursor.empty()) break;
    // Deleting the last record of the page must not lose the place.
    ASSERT_EQ(del(url("contacts", ids.back())).status, 204);
    deleted.insert(ids.back());
  }
  EXPECT_EQ(id_set(seen).size(), seen.size());
  auto rest = list_ids("contacts", {{filter("lead_source", "eq"), m}});
  for (const auto& id : rest) EXPECT_EQ(std::count(seen.begin(), seen.end(), id), 1) << id;
  EXPECT_EQ(seen.size(), rest.size() + deleted.size());
}

// ---------------------------------------------------------------------------------------------
// Lists: sorting (with NULLs), cursor and parameter errors
// ---------------------------------------------------------------------------------------------

TEST_F(Lists, SortingOrdersPagesAcrossNulls) {
  std::string m = unique("sort");
  struct Row {
    const char* first;
    const char* last;
  };
  // Several NULLs in each sort field, ties among values, mixed case (binary order).
  const std::vector<Row> rows = {{"Mia", "Young"}, {"Ben", nullptr}, {nullptr, "Xu"},  {"Ben", "Ng"},
                                 {nullptr, nullptr}, {"Zoe", "Abe"},   {"adam", "Berg"}, {"Mia", nullptr},
                                 {nullptr, "Lee"},  {"Carl", "Ng"},    {"Ben", "Ng"},    {nullptr, nullptr},
                                 {"Eve", "ng"}};
  std::vector<std::string> ids;
  for (const auto& row : rows) {
    json::object body;
    if (row.first) body["first_name"] = row.first;
    if (row.last) body["last_name"] = row.last;
    if (!row.first && !row.last) body["email"] = unique_email("nameless");
    ids.push_back(marked_contact(m, body));
  }
  // Touch a few records so that updated_at orders differently from created_at.
  pause_ms(3);
  for (std::size_t i : {0u, 4u, 2u}) ASSERT_EQ(patch(url("contacts", ids[i]), json::object{{"city", "Touched"}}).status, 200);

  auto all = page_all(url("contacts"), {{filter("lead_source", "eq"), m}}, 500);
  ASSERT_EQ(all.records.size(), rows.size());
  for (const char* field : {"first_name", "last_name", "created_at", "updated_at"}) {
    for (bool desc : {false, true}) {
      std::string sort = std::string(desc ? "-" : "").append(field);
      auto want = expected_order(all.records, field, desc);
      for (int limit : {2, 3, 5}) {
        auto paged = page_all(url("contacts"), {{filter("lead_source", "eq"), m}, {"sort", sort}}, limit);
        EXPECT_TRUE(paged.complete) << sort << " limit " << limit;
        EXPECT_EQ(ids_of(paged.records), want) << "sort=" << sort << " limit=" << limit;
      }
    }
  }
}

TEST_F(Lists, SortingActivitiesByDueDateAcrossNulls) {
  std::string cid = contact({{"last_name", unique("Due")}});
  std::string m = unique("due");
  const std::vector<const char*> dues = {"2030-01-02T00:00:00Z", nullptr, "2030-01-01T00:00:00Z", nullptr,
                                         "2030-01-02T00:00:00Z", "2029-12-31T00:00:00Z", nullptr};
  for (const char* d : dues) {
    json::object body{{"type", "task"}, {"subject", m}, {"contact_id", cid}};
    if (d) body["due_at"] = d;
    create("activities", body);
  }
  auto all = page_all(url("activities"), {{filter("subject", "eq"), m}}, 500);
  ASSERT_EQ(all.records.size(), dues.size());
  for (bool desc : {false, true}) {
    auto want = expected_order(all.records, "due_at", desc);
    for (int limit : {1, 2, 3}) {
      auto paged = page_all(url("activities"), {{filter("subject", "eq"), m}, {"sort", desc ? "-due_at" : "due_at"}}, limit);
      EXPECT_EQ(ids_of(paged.records), want) << (desc ? "-due_at" : "due_at") << " limit=" << limit;
    }
  }
}

TEST_F(Lists, SortingCompaniesByName) {
  std::string city = unique("city");
  std::vector<std::string> names = {"Delta", "alpha", "Charlie", "Bravo", "Charlie"};
  for (const auto& n : names) company({{"name", n + "-" + city}, {"city", city}});
  auto all = page_all(url("companies"), {{filter("city", "eq"), city}}, 500);
  for (bool desc : {false, true}) {
    auto paged = page_all(url("companies"), {{filter("city", "eq"), city}, {"sort", desc ? "-name" : "name"}}, 2);
    EXPECT_EQ(ids_of(paged.records), expected_order(all.records, "name", desc)) << (desc ? "-name" : "name");
  }
}

TEST_F(Lists, SortOnANonSortableFieldIsRefused) {
  for (const char* s : {"email", "-email", "lifecycle_stage", "emails", "nonexistent", "-", "", "id"}) {
    if (!*s) continue;  // an empty sort means the default
    expect_problem(list("contacts", {{"sort", s}}), 400, std::string("sort=") + s);
  }
  expect_problem(list("companies", {{"sort", "employee_count"}}), 400, "sort=employee_count");
  EXPECT_EQ(list("activities", {{"sort", "-due_at"}}).status, 200);
  EXPECT_EQ(list("activities", {{"sort", "occurred_at"}}).status, 200);
}

TEST_F(Lists, ForeignAndGarbageCursorsAreRefused) {
  std::string m = unique("cursor");
  for (int i = 0; i < 3; ++i) marked_contact(m, {{"first_name", numbered("F", i)}});
  Query base{{filter("lead_source", "eq"), m}, {"limit", "1"}};
  Query by_first = base;
  by_first.emplace_back("sort", "first_name");
  auto r = list("contacts", by_first);
  ASSERT_EQ(r.status, 200);
  std::string cursor = next_cursor(r.json());
  ASSERT_FALSE(cursor.empty());

  auto with = [&](Query q, const std::string& c) {
    q.emplace_back("cursor", c);
    return list("contacts", q);
  };
  // The cursor works with its own sort ...
  Query again = by_first;
  EXPECT_EQ(with(again, cursor).status, 200);
  // ... and not with another.
  Query by_last = base;
  by_last.emplace_back("sort", "last_name");
  expect_problem(with(by_last, cursor), 400, "cursor of sort=first_name with sort=last_name");
  Query by_first_desc = base;
  by_first_desc.emplace_back("sort", "-first_name");
  expect_problem(with(by_first_desc, cursor), 400, "cursor of sort=first_name with sort=-first_name");
  expect_problem(with(base, cursor), 400, "cursor of sort=first_name with the default sort");
  // Garbage.
  expect_problem(with(base, "not a cursor!"), 400, "garbage cursor");
  expect_problem(with(base, "AAAA"), 400, "cursor of three zero bytes");
  expect_problem(with(base, base64url("{}")), 400, "cursor of an empty object");
  expect_problem(with(base, base64url("[1,2]")), 400, "cursor of an array");
  expect_problem(with(base, base64url(R"({"s":"-created_at","v":"x","i":"nope"})")), 400, "cursor with a bad id");
  expect_problem(with(base, cursor.substr(0, cursor.size() / 2)), 400, "truncated cursor");
}

TEST_F(Lists, UnknownAndMalformedParametersAreRefused) {
  expect_problem(list("contacts", {{"colour", "red"}}), 400, "unknown parameter");
  expect_problem(list("contacts", {{"offset", "10"}}), 400, "offset");
  expect_problem(list("contacts", {{"count", "yes"}}), 400, "count=yes");
  expect_problem(list("contacts", {{"sort", "first_name"}, {"sort", "last_name"}}), 400, "sort given twice");
  expect_problem(list("companies", {{"filters[name][eq]", "x"}}), 400, "filters[...]");
}

// ---------------------------------------------------------------------------------------------
// Lists: filters and counts
// ---------------------------------------------------------------------------------------------

TEST_F(Lists, TextEnumAndNullFilters) {
  std::string m = unique("filt");
  std::string c1 = marked_contact(m, {{"first_name", "Ann"}, {"last_name", "Archer"}, {"lifecycle_stage", "lead"}, {"job_title", "50% off"}});
  std::string c2 = marked_contact(m, {{"first_name", "Bo"}, {"last_name", "Baker"}, {"lifecycle_stage", "customer"}, {"job_title", "500 off"}});
  std::string c3 = marked_contact(m, {{"first_name", "Cy"}, {"last_name", "Carter"}, {"lifecycle_stage", "lead"}, {"job_title", "a_b"}});
  std::string c4 = marked_contact(m, {{"first_name", "Di"}, {"last_name", "Dunn"}, {"lifecycle_stage", "opportunity"}, {"job_title", "axb"}});
  std::string c5 = marked_contact(m, {{"first_name", "Ed"}});  // no last name, no stage, no title

  auto find = [&](const std::string& field, const std::string& op, const std::string& value) {
    return id_set(list_ids("contacts", {{filter("lead_source", "eq"), m}, {filter(field, op), value}}));
  };
  using S = std::set<std::string>;
  EXPECT_EQ(find("last_name", "eq", "Baker"), (S{c2}));
  EXPECT_EQ(find("last_name", "ne", "Baker"), (S{c1, c3, c4, c5})) << "ne includes records without a value";
  EXPECT_EQ(find("last_name", "lt", "Carter"), (S{c1, c2}));
  EXPECT_EQ(find("last_name", "lte", "Carter"), (S{c1, c2, c3}));
  EXPECT_EQ(find("last_name", "gt", "Carter"), (S{c4}));
  EXPECT_EQ(find("last_name", "gte", "Carter"), (S{c3, c4}));
  EXPECT_EQ(find("last_name", "in", "Archer,Dunn,Nobody"), (S{c1, c4}));
  EXPECT_EQ(find("last_name", "contains", "rte"), (S{c3}));
  EXPECT_EQ(find("last_name", "starts_with", "Ba"), (S{c2}));
  EXPECT_EQ(find("last_name", "is_null", "true"), (S{c5}));
  EXPECT_EQ(find("last_name", "is_null", "false"), (S{c1, c2, c3, c4}));
  EXPECT_EQ(id_set(list_ids("contacts", {{filter("lead_source", "eq"), m}, {"filter[last_name]", "Dunn"}})), (S{c4}))
      << "filter[field] without an operator means eq";

  EXPECT_EQ(find("lifecycle_stage", "eq", "lead"), (S{c1, c3}));
  EXPECT_EQ(find("lifecycle_stage", "in", "customer,opportunity"), (S{c2, c4}));
  EXPECT_EQ(find("lifecycle_stage", "ne", "lead"), (S{c2, c4, c5}));
  EXPECT_EQ(find("lifecycle_stage", "is_null", "true"), (S{c5}));

  // contains and starts_with take % and _ literally.
  EXPECT_EQ(find("job_title", "contains", "50%"), (S{c1}));
  EXPECT_EQ(find("job_title", "contains", "a_b"), (S{c3}));
  EXPECT_EQ(find("job_title", "starts_with", "50"), (S{c1, c2}));
  EXPECT_EQ(find("job_title", "starts_with", "%"), (S{}));

  // Several filters combine with AND.
  EXPECT_EQ(id_set(list_ids("contacts", {{filter("lead_source", "eq"), m},
                                         {filter("lifecycle_stage", "eq"), "lead"},
                                         {filter("last_name", "gt"), "B"}})),
            (S{c3}));
}

TEST_F(Lists, FiltersNormaliseStoredFormats) {
  std::string city = unique("norm");
  std::string domain = unique("norm") + ".example.org";
  std::string upper_domain = domain;
  std::transform(upper_domain.begin(), upper_domain.end(), upper_domain.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  std::string co = company({{"city", city}, {"domain", upper_domain}, {"country", "de"}});
  std::string other = company({{"city", city}, {"country", "FR"}});
  EXPECT_EQ(str(read("companies", co), "domain"), domain) << "domains are stored lower case";
  EXPECT_EQ(str(read("companies", co), "country"), "DE") << "countries are stored upper case";
  EXPECT_EQ(list_ids("companies", {{filter("domain", "eq"), upper_domain}}), std::vector<std::string>{co});
  EXPECT_EQ(list_ids("companies", {{filter("city", "eq"), city}, {filter("country", "eq"), "de"}}), std::vector<std::string>{co});
  EXPECT_EQ(id_set(list_ids("companies", {{filter("city", "eq"), city}, {filter("country", "in"), "de,fr"}})),
            (std::set<std::string>{co, other}));
  // A reference filter finds the contacts of a company, whatever the case of the id.
  std::string member_id = contact({{"last_name", unique("Emp")}, {"company_id", co}});
  contact({{"last_name", unique("Emp")}, {"company_id", other}});
  std::string co_upper = co;
  std::transform(co_upper.begin(), co_upper.end(), co_upper.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  EXPECT_EQ(list_ids("contacts", {{filter("company_id", "eq"), co}}), std::vector<std::string>{member_id});
  EXPECT_EQ(list_ids("contacts", {{filter("company_id", "eq"), co_upper}}), std::vector<std::string>{member_id});
}

TEST_F(Lists, EmailEqualityIgnoresCase) {
  std::string local = unique("Mixed.Case");
  std::string email = local + "@Example.COM";
  std::string id = contact({{"email", email}});
  ASSERT_FALSE(id.empty());
  std::string lower = email, upper = email;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  EXPECT_EQ(list_ids("contacts", {{filter("email", "eq"), lower}}), std::vector<std::string>{id});
  EXPECT_EQ(list_ids("contacts", {{filter("email", "eq"), upper}}), std::vector<std::string>{id});
  EXPECT_EQ(list_ids("contacts", {{filter("email", "in"), upper + ",nobody@example.com"}}), std::vector<std::string>{id});
  // The same address in another case is taken.
  auto dup = post(url("contacts"), json::object{{"email", upper}});
  EXPECT_EQ(dup.status, 409) << dup.body;
}

TEST_F(Lists, DateTimeFilters) {
  std::string m = unique("when");
  std::string a = marked_contact(m);
  std::string b = marked_contact(m);
  pause_ms(5);
  std::string c = marked_contact(m);
  std::string d = marked_contact(m);
  std::string b_at = str(read("contacts", b), "created_at");
  std::string c_at = str(read("contacts", c), "created_at");
  ASSERT_LT(b_at, c_at);
  auto find = [&](const std::string& op, const std::string& value) {
    return id_set(list_ids("contacts", {{filter("lead_source", "eq"), m}, {filter("created_at", op), value}}));
  };
  using S = std::set<std::string>;
  EXPECT_EQ(find("gte", c_at), (S{c, d}));
  EXPECT_EQ(find("gt", b_at), (S{c, d}));
  EXPECT_EQ(find("lt", c_at), (S{a, b}));
  EXPECT_EQ(find("lte", b_at), (S{a, b}));
  EXPECT_EQ(find("eq", c_at), id_set(list_ids("contacts", {{filter("lead_source", "eq"), m}, {filter("created_at", "gte"), c_at}, {filter("created_at", "lte"), c_at}})));
  EXPECT_EQ(find("gt", "2000-01-01"), (S{a, b, c, d})) << "a date means its midnight";
  EXPECT_EQ(find("lt", "2000-01-01T00:00:00Z"), (S{}));
  EXPECT_EQ(find("gt", "2999-01-01T00:00:00+02:00"), (S{}));
  expect_problem(list("contacts", {{filter("created_at", "gt"), "yesterday"}}), 400, "created_at gt yesterday");
  expect_problem(list("contacts", {{filter("created_at", "contains"), "2020"}}), 400, "contains on a date-time");
}

TEST_F(Lists, IntegerFilters) {
  std::string city = unique("ints");
  std::string c5 = company({{"city", city}, {"employee_count", 5}});
  std::string c50 = company({{"city", city}, {"employee_count", 50}});
  std::string c500 = company({{"city", city}, {"employee_count", 500}});
  std::string cnull = company({{"city", city}});
  auto find = [&](const std::string& op, const std::string& value) {
    return id_set(list_ids("companies", {{filter("city", "eq"), city}, {filter("employee_count", op), value}}));
  };
  using S = std::set<std::string>;
  EXPECT_EQ(find("eq", "50"), (S{c50}));
  EXPECT_EQ(find("ne", "50"), (S{c5, c500, cnull}));
  EXPECT_EQ(find("lt", "50"), (S{c5}));
  EXPECT_EQ(find("lte", "50"), (S{c5, c50}));
  EXPECT_EQ(find("gt", "50"), (S{c500}));
  EXPECT_EQ(find("gte", "50"), (S{c50, c500}));
  EXPECT_EQ(find("gt", "6"), (S{c50, c500})) << "integers compare as numbers, not text";
  EXPECT_EQ(find("in", "5,500"), (S{c5, c500}));
  EXPECT_EQ(find("is_null", "true"), (S{cnull}));
  EXPECT_EQ(find("is_null", "false"), (S{c5, c50, c500}));
  expect_problem(list("companies", {{filter("employee_count", "gt"), "abc"}}), 400, "employee_count gt abc");
  expect_problem(list("companies", {{filter("employee_count", "eq"), "1.5"}}), 400, "employee_count eq 1.5");
  expect_problem(list("companies", {{filter("employee_count", "in"), "5,x"}}), 400, "employee_count in 5,x");
  expect_problem(list("companies", {{filter("employee_count", "contains"), "5"}}), 400, "contains on an integer");
  expect_problem(list("companies", {{filter("employee_count", "is_null"), "maybe"}}), 400, "is_null maybe");
}

TEST_F(Lists, BooleanFilters) {
  std::string cid = contact({{"last_name", unique("Tasks")}});
  std::string m = unique("bool");
  auto task = [&](const char* suffix, std::optional<bool> done) {
    json::object body{{"type", "task"}, {"subject", m + suffix}, {"contact_id", cid}};
    if (done) body["done"] = *done;
    return create("activities", body);
  };
  std::string t_done = task("-done", true);
  std::string t_open = task("-open", false);
  std::string t_default = task("-default", std::nullopt);
  std::string n = note({{"contact_id", cid}}, m + "-note");
  auto find = [&](const std::string& op, const std::string& value) {
    return id_set(list_ids("activities", {{filter("subject", "starts_with"), m}, {filter("done", op), value}}));
  };
  using S = std::set<std::string>;
  EXPECT_EQ(find("eq", "true"), (S{t_done}));
  EXPECT_EQ(find("eq", "false"), (S{t_open, t_default}));
  EXPECT_EQ(find("ne", "true"), (S{t_open, t_default, n}));
  EXPECT_EQ(find("is_null", "true"), (S{n}));
  EXPECT_EQ(find("in", "true,false"), (S{t_done, t_open, t_default}));
  expect_problem(list("activities", {{filter("done", "eq"), "yes"}}), 400, "done eq yes");
  expect_problem(list("activities", {{filter("done", "lt"), "true"}}), 400, "done lt true");
  expect_problem(list("activities", {{filter("done", "starts_with"), "t"}}), 400, "done starts_with t");
}

TEST_F(Lists, BadFiltersAreRefused) {
  expect_problem(list("contacts", {{filter("shoe_size", "eq"), "44"}}), 400, "unknown field");
  expect_problem(list("contacts", {{filter("custom.nothing", "eq"), "x"}}), 400, "unknown custom field");
  expect_problem(list("contacts", {{filter("last_name", "like"), "x"}}), 400, "unknown operator");
  expect_problem(list("contacts", {{filter("last_name", "EQ"), "x"}}), 400, "operator in upper case");
  for (const char* key : {"filter[x", "filter[]", "filter[last_name]x", "filter[last_name][", "filter[last_name][]",
                          "filter[last_name][eq", "filter[last_name]eq]"})
    expect_problem(list("contacts", {{key, "x"}}), 400, std::string("malformed key ") + key);
  expect_problem(list("contacts", {{filter("first_name", "is_null"), "yes"}}), 400, "is_null yes");
  Query many;
  for (int i = 0; i < 21; ++i) many.emplace_back(filter("last_name", "ne"), numbered("x", i));
  expect_problem(list("contacts", many), 400, "21 filters");
}

TEST_F(Lists, CountGivesTheTotal) {
  auto total_of = [&](const Query& q) -> int64_t {
    auto r = list("contacts", q);
    EXPECT_EQ(r.status, 200) << r.body;
    auto t = member(r.json(), "total");
    EXPECT_TRUE(t.is_int64()) << r.body;
    return t.is_int64() ? t.as_int64() : -1;
  };
  // Without count=true there is no total.
  EXPECT_FALSE(list("contacts", {}).json().as_object().contains("total"));
  EXPECT_FALSE(list("contacts", {{"count", "false"}}).json().as_object().contains("total"));

  std::string m = unique("count");
  int64_t before = total_of({{"count", "true"}});
  std::vector<std::string> made;
  for (int i = 0; i < 7; ++i) made.push_back(marked_contact(m));
  int64_t after = total_of({{"count", "true"}, {"limit", "1"}});
  EXPECT_EQ(after, before + 7);
  // The unfiltered total is the number of live records a full walk finds.
  auto walk = page_all(url("contacts"), {}, 500);
  EXPECT_EQ(static_cast<int64_t>(walk.records.size()), after);

  auto filtered = list("contacts", {{filter("lead_source", "eq"), m}, {"count", "true"}, {"limit", "2"}});
  ASSERT_EQ(filtered.status, 200);
  EXPECT_EQ(member(filtered.json(), "total"), json::value(7));
  EXPECT_EQ(page_data(filtered.json()).size(), 2u);
  // The total stays the same on later pages.
  auto page2 = list("contacts", {{filter("lead_source", "eq"), m}, {"count", "true"}, {"limit", "2"},
                                 {"cursor", next_cursor(filtered.json())}});
  EXPECT_EQ(member(page2.json(), "total"), json::value(7)) << page2.body;

  // Deletes and restores move both totals.
  ASSERT_EQ(del(url("contacts", made[0])).status, 204);
  ASSERT_EQ(del(url("contacts", made[1])).status, 204);
  EXPECT_EQ(total_of({{"count", "true"}}), before + 5);
  EXPECT_EQ(total_of({{filter("lead_source", "eq"), m}, {"count", "true"}}), 5);
  ASSERT_EQ(post(url("contacts", made[0], "restore"), json::object{}).status, 200);
  EXPECT_EQ(total_of({{"count", "true"}}), before + 6);
  EXPECT_EQ(total_of({{filter("lead_source", "eq"), m}, {"count", "true"}}), 6);
  EXPECT_EQ(total_of({{filter("lead_source", "eq"), m + "-none"}, {"count", "true"}}), 0);
  // An idempotent replay adds nothing.
  std::string key = unique("key");
  json::object body{{"last_name", "Replay"}, {"lead_source", m}};
  ASSERT_EQ(post(url("contacts"), body, {{"Idempotency-Key", key}}).status, 201);
  ASSERT_EQ(post(url("contacts"), body, {{"Idempotency-Key", key}}).status, 201);
  EXPECT_EQ(total_of({{"count", "true"}}), before + 7);
  EXPECT_EQ(total_of({{filter("lead_source", "eq"), m}, {"count", "true"}}), 7);
}

// ---------------------------------------------------------------------------------------------
// Timelines and activity links
// ---------------------------------------------------------------------------------------------

TEST_F(Timeline, ContactTimelineIsNewestFirst) {
  std::string cid = contact({{"last_name", unique("Time")}});
  std::string other = contact({{"last_name", unique("Other")}});
  std::string t2 = note({{"contact_id", cid}}, "second", "2030-02-01T10:00:00Z");
  std::string t1 = note({{"contact_id", cid}}, "first", "2030-01-01T10:00:00Z");
  std::string t3 = note({{"contact_id", cid}}, "third", "2030-03-01T10:00:00+02:00");
  note({{"contact_id", other}}, "someone else's", "2030-02-15T10:00:00Z");
  auto r = get(url("contacts", cid, "timeline"));
  ASSERT_EQ(r.status, 200) << r.body;
  auto data = page_data(r.json());
  EXPECT_EQ(ids_of(data), (std::vector<std::string>{t3, t2, t1}));
  EXPECT_TRUE(member(r.json(), "next_cursor").is_null());
  ASSERT_EQ(data.size(), 3u);
  EXPECT_EQ(str(data[0], "occurred_at"), "2030-03-01T08:00:00.000Z");
  EXPECT_EQ(member(data[0], "contact_ids"), json::value(json::array{json::value(cid)}));
}

TEST_F(Timeline, CompanyTimelineMergesItsContacts) {
  std::string co = company();
  std::string other_co = company();
  std::string member_contact = contact({{"last_name", unique("Member")}, {"company_id", co}});
  std::string outsider = contact({{"last_name", unique("Outsider")}, {"company_id", other_co}});
  std::string a_company = note({{"company_id", co}}, "company only", "2030-01-01T00:00:00Z");
  std::string a_contact = note({{"contact_id", member_contact}}, "contact only", "2030-01-02T00:00:00Z");
  std::string a_both = note({{"contact_id", member_contact}, {"company_id", co}}, "both", "2030-01-03T00:00:00Z");
  std::string a_both_list = note({{"contact_ids", json::array{json::value(member_contact), json::value(outsider)}},
                                  {"company_ids", json::array{json::value(co), json::value(other_co)}}},
                                 "both lists", "2030-01-04T00:00:00Z");
  note({{"contact_id", outsider}}, "outsider", "2030-01-05T00:00:00Z");
  note({{"company_id", other_co}}, "other company", "2030-01-06T00:00:00Z");

  auto r = get(url("companies", co, "timeline"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(ids_of(page_data(r.json())), (std::vector<std::string>{a_both_list, a_both, a_contact, a_company}));
  // The same, a page at a time.
  auto paged = page_all(url("companies", co, "timeline"), {}, 1);
  EXPECT_EQ(ids_of(paged.records), (std::vector<std::string>{a_both_list, a_both, a_contact, a_company}));
  EXPECT_EQ(paged.sizes, (std::vector<std::size_t>{1, 1, 1, 1}));
  // The contact's own timeline has what is linked to the contact only.
  EXPECT_EQ(ids_of(page_data(get(url("contacts", member_contact, "timeline")).json())),
            (std::vector<std::string>{a_both_list, a_both, a_contact}));
}

TEST_F(Timeline, DeletedActivitiesDisappear) {
  std::string co = company();
  std::string cid = contact({{"last_name", unique("Del")}, {"company_id", co}});
  std::string keep = note({{"contact_id", cid}}, "keep", "2030-01-01T00:00:00Z");
  std::string gone = note({{"contact_id", cid}, {"company_id", co}}, "gone", "2030-01-02T00:00:00Z");
  ASSERT_EQ(del(url("activities", gone)).status, 204);
  EXPECT_EQ(ids_of(page_data(get(url("contacts", cid, "timeline")).json())), std::vector<std::string>{keep});
  EXPECT_EQ(ids_of(page_data(get(url("companies", co, "timeline")).json())), std::vector<std::string>{keep});
  ASSERT_EQ(post(url("activities", gone, "restore"), json::object{}).status, 200);
  EXPECT_EQ(ids_of(page_data(get(url("contacts", cid, "timeline")).json())), (std::vector<std::string>{gone, keep}));
  EXPECT_EQ(ids_of(page_data(get(url("companies", co, "timeline")).json())), (std::vector<std::string>{gone, keep}));
}

TEST_F(Timeline, PagesWithLimitAndCursorAcrossTies) {
  std::string co = company();
  std::string cid = contact({{"last_name", unique("Ties")}, {"company_id", co}});
  // Five activities at the same moment among others: the id breaks the tie.
  for (int i = 0; i < 5; ++i) note({{"contact_id", cid}}, numbered("tie ", i), "2030-06-01T12:00:00Z");
  note({{"contact_id", cid}}, "late", "2030-07-01T12:00:00Z");
  note({{"company_id", co}}, "early", "2030-05-01T12:00:00Z");
  note({{"contact_id", cid}, {"company_id", co}}, "tie both", "2030-06-01T12:00:00Z");

  for (const auto& path : {url("contacts", cid, "timeline"), url("companies", co, "timeline")}) {
    auto whole = page_all(path, {}, 500);
    std::size_t n = path.find("companies") != std::string::npos ? 8u : 7u;
    ASSERT_EQ(whole.records.size(), n) << path;
    auto want = expected_order(whole.records, "occurred_at", true);
    EXPECT_EQ(ids_of(whole.records), want) << path << " is not ordered by occurred_at, id descending";
    for (int limit : {1, 2, 3}) {
      auto paged = page_all(path, {}, limit);
      EXPECT_TRUE(paged.complete);
      EXPECT_EQ(ids_of(paged.records), want) << path << " limit=" << limit;
    }
  }
  auto first = get(with_query(url("contacts", cid, "timeline"), {{"limit", "2"}}));
  EXPECT_EQ(page_data(first.json()).size(), 2u);
  EXPECT_FALSE(next_cursor(first.json()).empty());
}

TEST_F(Timeline, ChangingWhenAnActivityHappenedReordersTheTimeline) {
  std::string co = company();
  std::string cid = contact({{"last_name", unique("Move")}, {"company_id", co}});
  std::string a = note({{"contact_id", cid}}, "a", "2030-01-01T00:00:00Z");
  std::string b = note({{"contact_id", cid}}, "b", "2030-01-02T00:00:00Z");
  std::string c = note({{"company_id", co}}, "c", "2030-01-03T00:00:00Z");
  EXPECT_EQ(ids_of(page_data(get(url("companies", co, "timeline")).json())), (std::vector<std::string>{c, b, a}));
  ASSERT_EQ(patch(url("activities", a), json::object{{"occurred_at", "2030-02-01T00:00:00Z"}}).status, 200);
  EXPECT_EQ(ids_of(page_data(get(url("contacts", cid, "timeline")).json())), (std::vector<std::string>{a, b}));
  EXPECT_EQ(ids_of(page_data(get(url("companies", co, "timeline")).json())), (std::vector<std::string>{a, c, b}));
  auto paged = page_all(url("companies", co, "timeline"), {}, 1);
  EXPECT_EQ(ids_of(paged.records), (std::vector<std::string>{a, c, b}));
}

TEST_F(Timeline, ErrorsAndUnknownIds) {
  const std::string nobody = "00000000-0000-7000-8000-000000000000";
  expect_problem(get(url("contacts", nobody, "timeline")), 404, "timeline of an unknown contact");
  expect_problem(get(url("companies", nobody, "timeline")), 404, "timeline of an unknown company");
  expect_problem(get(url("contacts", "not-a-uuid", "timeline")), 404, "timeline of a malformed id");
  std::string cid = contact({{"last_name", unique("Gone")}});
  ASSERT_EQ(del(url("contacts", cid)).status, 204);
  expect_problem(get(url("contacts", cid, "timeline")), 404, "timeline of a deleted contact");
  std::string live = contact({{"last_name", unique("Live")}});
  expect_problem(get(with_query(url("contacts", live, "timeline"), {{"limit", "0"}})), 400, "timeline limit=0");
  expect_problem(get(with_query(url("contacts", live, "timeline"), {{"limit", "501"}})), 400, "timeline limit=501");
  expect_problem(get(with_query(url("contacts", live, "timeline"), {{"cursor", "garbage"}})), 400, "timeline garbage cursor");
  expect_problem(get(with_query(url("contacts", live, "timeline"), {{"sort", "occurred_at"}})), 400, "timeline sort");
  // A list cursor is not a timeline cursor.
  std::string m = unique("tlc");
  marked_contact(m);
  marked_contact(m);
  auto page = list("contacts", {{filter("lead_source", "eq"), m}, {"limit", "1"}});
  std::string foreign = next_cursor(page.json());
  ASSERT_FALSE(foreign.empty());
  expect_problem(get(with_query(url("contacts", live, "timeline"), {{"cursor", foreign}})), 400, "list cursor on a timeline");
}

TEST_F(Timeline, ActivityLinksAreAcceptedAndReported) {
  std::string c1 = contact({{"last_name", unique("L1")}});
  std::string c2 = contact({{"last_name", unique("L2")}});
  std::string co1 = company();
  std::string co2 = company();
  auto as_array = [](std::vector<std::string> ids) {
    std::sort(ids.begin(), ids.end());
    json::array a;
    for (auto& id : ids) a.push_back(json::value(id));
    return json::value(a);
  };

  auto one = post(url("activities"), json::object{{"type", "note"}, {"body", "x"}, {"contact_id", c1}});
  ASSERT_EQ(one.status, 201) << one.body;
  EXPECT_EQ(member(one.json(), "contact_ids"), as_array({c1}));
  EXPECT_EQ(member(one.json(), "company_ids"), as_array({}));

  auto comp = post(url("activities"), json::object{{"type", "note"}, {"body", "x"}, {"company_id", co1}});
  ASSERT_EQ(comp.status, 201) << comp.body;
  EXPECT_EQ(member(comp.json(), "contact_ids"), as_array({}));
  EXPECT_EQ(member(comp.json(), "company_ids"), as_array({co1}));

  auto many = post(url("activities"), json::object{{"type", "note"},
                                                   {"body", "x"},
                                                   {"contact_ids", json::array{json::value(c1), json::value(c2), json::value(c1)}},
                                                   {"company_ids", json::array{json::value(co1), json::value(co2)}}});
  ASSERT_EQ(many.status, 201) << many.body;
  std::string many_id = str(many.json(), "id");
  EXPECT_EQ(member(many.json(), "contact_ids"), as_array({c1, c2}));
  EXPECT_EQ(member(many.json(), "company_ids"), as_array({co1, co2}));
  auto read_back = read("activities", many_id);
  EXPECT_EQ(read_back.at("contact_ids"), as_array({c1, c2}));
  EXPECT_EQ(read_back.at("company_ids"), as_array({co1, co2}));
  // The list decorates too.
  auto listed = page_data(list("activities", {{filter("id", "eq"), many_id}}).json());
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(member(listed[0], "contact_ids"), as_array({c1, c2}));
  for (const auto& cid : {c1, c2}) {
    auto tl = ids_of(page_data(get(url("contacts", cid, "timeline")).json()));
    EXPECT_EQ(std::count(tl.begin(), tl.end(), many_id), 1) << "timeline of " << cid;
  }
  auto tl2 = ids_of(page_data(get(url("contacts", c2, "timeline")).json()));
  EXPECT_EQ(tl2, std::vector<std::string>{many_id});

  // Replacing the contact links moves the activity between timelines.
  auto moved = patch(url("activities", many_id), json::object{{"contact_ids", json::array{json::value(c1)}}});
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(member(moved.json(), "contact_ids"), as_array({c1}));
  EXPECT_EQ(member(moved.json(), "company_ids"), as_array({co1, co2}));
  EXPECT_TRUE(page_data(get(url("contacts", c2, "timeline")).json()).empty());
}

TEST_F(Timeline, AnActivityCannotLoseItsLastLink) {
  std::string cid = contact({{"last_name", unique("Last")}});
  std::string co = company();
  // Linked to a contact only: removing the contact links would leave it linked to nothing.
  for (const auto& body : {json::object{{"contact_ids", json::array{}}}, json::object{{"contact_id", nullptr}}}) {
    const std::string what = "removing the last link with " + json::serialize(body);
    std::string only = note({{"contact_id", cid}}, "only a contact");
    auto r = patch(url("activities", only), body);
    expect_problem(r, 422, what);
    EXPECT_TRUE(names_field(r, "contact_id") || names_field(r, "contact_ids")) << what << ": " << r.body;
    auto rec = read("activities", only);
    EXPECT_EQ(rec.at("contact_ids"), json::value(json::array{json::value(cid)})) << what << ": the link is gone";
    EXPECT_EQ(rec.at("version"), json::value(1)) << what;
    auto tl = ids_of(page_data(get(url("contacts", cid, "timeline")).json()));
    EXPECT_EQ(std::count(tl.begin(), tl.end(), only), 1) << what << ": the activity left the contact's timeline";
    ASSERT_EQ(del(url("activities", only)).status, 204);
  }
  // Linked to a contact and a company: dropping the contact keeps the company link.
  std::string both = note({{"contact_id", cid}, {"company_id", co}}, "both");
  auto r = patch(url("activities", both), json::object{{"contact_ids", json::array{}}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(member(r.json(), "contact_ids"), json::value(json::array{}));
  EXPECT_EQ(member(r.json(), "company_ids"), json::value(json::array{json::value(co)}));
  EXPECT_EQ(ids_of(page_data(get(url("companies", co, "timeline")).json())), std::vector<std::string>{both});
}

TEST_F(Timeline, PatchWithTheSameLinksChangesNothing) {
  std::string cid = contact({{"last_name", unique("Same")}});
  std::string act = note({{"contact_id", cid}}, "same links");
  auto r = patch(url("activities", act), json::object{{"contact_ids", json::array{json::value(cid)}}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("etag"), "\"1\"") << "a PATCH that changes nothing bumped the version";
  EXPECT_EQ(page_data(get(url("activities", act, "history")).json()).size(), 1u)
      << "a PATCH that changes nothing wrote history";
}

TEST_F(Timeline, LinksToMissingRecordsAreRefused) {
  const std::string nobody = "00000000-0000-7000-8000-000000000000";
  auto names_contact = [](const HttpResponse& r) { return names_field(r, "contact_ids") || names_field(r, "contact_id"); };
  auto r1 = post(url("activities"), json::object{{"type", "note"}, {"body", "x"}, {"contact_id", nobody}});
  expect_problem(r1, 422, "contact_id of nobody");
  EXPECT_TRUE(names_contact(r1)) << r1.body;
  auto r2 = post(url("activities"), json::object{{"type", "note"}, {"body", "x"}, {"contact_ids", json::array{json::value(nobody)}}});
  expect_problem(r2, 422, "contact_ids of nobody");
  EXPECT_TRUE(names_field(r2, "contact_ids")) << r2.body;
  auto r3 = post(url("activities"), json::object{{"type", "note"}, {"body", "x"}, {"company_id", nobody}});
  expect_problem(r3, 422, "company_id of nobody");
  EXPECT_TRUE(names_field(r3, "company_ids") || names_field(r3, "company_id")) << r3.body;
  auto r4 = post(url("activities"), json::object{{"type", "note"}, {"body", "x"}, {"contact_id", "not-a-uuid"}});
  expect_problem(r4, 422, "contact_id not a uuid");
  EXPECT_TRUE(names_contact(r4)) << r4.body;
  auto r5 = post(url("activities"), json::object{{"type", "note"}, {"body", "x"}});
  expect_problem(r5, 422, "no link at all");
  EXPECT_TRUE(names_contact(r5)) << r5.body;
  // A deleted contact cannot be linked either.
  std::string gone = contact({{"last_name", unique("Gone")}});
  ASSERT_EQ(del(url("contacts", gone)).status, 204);
  auto r6 = post(url("activities"), json::object{{"type", "note"}, {"body", "x"}, {"contact_id", gone}});
  expect_problem(r6, 422, "contact_id of a deleted contact");
  EXPECT_TRUE(names_contact(r6)) << r6.body;
  // A good link next to a bad one refuses the whole activity.
  std::string live = contact({{"last_name", unique("Live")}});
  auto r7 = post(url("activities"), json::object{{"type", "note"}, {"body", "x"},
                                                 {"contact_ids", json::array{json::value(live), json::value(nobody)}}});
  expect_problem(r7, 422, "one good and one missing contact");
  EXPECT_TRUE(page_data(get(url("contacts", live, "timeline")).json()).empty());
}

// ---------------------------------------------------------------------------------------------
// Activity type rules
// ---------------------------------------------------------------------------------------------

TEST_F(RecordsActivityRules, MeetingTimes) {
  std::string cid = contact({{"last_name", unique("Meet")}});
  auto meeting = [&](json::object extra) {
    json::object body{{"type", "meeting"}, {"subject", "Sync"}, {"contact_id", cid}};
    for (const auto& kv : extra) body[kv.key()] = kv.value();
    return post(url("activities"), body);
  };
  auto backwards = meeting({{"starts_at", "2030-01-01T10:00:00Z"}, {"ends_at", "2030-01-01T09:00:00Z"}});
  expect_problem(backwards, 422, "meeting ending before it starts");
  EXPECT_TRUE(names_field(backwards, "ends_at")) << backwards.body;
  auto zero = meeting({{"starts_at", "2030-01-01T10:00:00Z"}, {"ends_at", "2030-01-01T10:00:00Z"}});
  expect_problem(zero, 422, "meeting ending when it starts");
  EXPECT_TRUE(names_field(zero, "ends_at")) << zero.body;
  // Offsets are compared as instants: 10:30+02:00 is before 09:00Z.
  auto offset = meeting({{"starts_at", "2030-01-01T09:00:00Z"}, {"ends_at", "2030-01-01T10:30:00+02:00"}});
  expect_problem(offset, 422, "meeting ending before it starts, with an offset");
  EXPECT_TRUE(names_field(offset, "ends_at")) << offset.body;
  auto no_start = meeting({{"ends_at", "2030-01-01T10:00:00Z"}});
  expect_problem(no_start, 422, "meeting without starts_at");
  EXPECT_TRUE(names_field(no_start, "starts_at")) << no_start.body;

  auto good = meeting({{"starts_at", "2030-01-01T09:00:00Z"}, {"ends_at", "2030-01-01T10:00:00Z"}, {"location", "Room 1"}});
  ASSERT_EQ(good.status, 201) << good.body;
  EXPECT_EQ(str(good.json(), "occurred_at"), "2030-01-01T09:00:00.000Z") << "a meeting happens when it starts";
  std::string id = str(good.json(), "id");
  auto moved = patch(url("activities", id), json::object{{"ends_at", "2030-01-01T08:00:00Z"}});
  expect_problem(moved, 422, "moving the end before the start");
  EXPECT_TRUE(names_field(moved, "ends_at")) << moved.body;
  EXPECT_EQ(str(read("activities", id), "ends_at"), "2030-01-01T10:00:00.000Z");
}

TEST_F(RecordsActivityRules, TaskCompletion) {
  std::string cid = contact({{"last_name", unique("Task")}});
  auto open = post(url("activities"), json::object{{"type", "task"}, {"subject", "Follow up"}, {"contact_id", cid}});
  ASSERT_EQ(open.status, 201) << open.body;
  EXPECT_EQ(member(open.json(), "done"), json::value(false));
  EXPECT_TRUE(member(open.json(), "completed_at").is_null());
  std::string id = str(open.json(), "id");

  auto finished = patch(url("activities", id), json::object{{"done", true}});
  ASSERT_EQ(finished.status, 200) << finished.body;
  EXPECT_EQ(member(finished.json(), "done"), json::value(true));
  EXPECT_FALSE(str(finished.json(), "completed_at").empty());
  auto reopened = patch(url("activities", id), json::object{{"done", false}});
  ASSERT_EQ(reopened.status, 200) << reopened.body;
  EXPECT_TRUE(member(reopened.json(), "completed_at").is_null());

  auto done = post(url("activities"), json::object{{"type", "task"}, {"subject", "Done already"}, {"done", true}, {"contact_id", cid}});
  ASSERT_EQ(done.status, 201) << done.body;
  EXPECT_FALSE(str(done.json(), "completed_at").empty());

  auto written = post(url("activities"), json::object{{"type", "task"}, {"subject", "x"}, {"completed_at", "2030-01-01T00:00:00Z"},
                                                      {"contact_id", cid}});
  expect_problem(written, 422, "writing completed_at");
  EXPECT_TRUE(names_field(written, "completed_at")) << written.body;
  auto no_subject = post(url("activities"), json::object{{"type", "task"}, {"contact_id", cid}});
  expect_problem(no_subject, 422, "task without a subject");
  EXPECT_TRUE(names_field(no_subject, "subject")) << no_subject.body;
  // A task happens when it is due.
  auto due = post(url("activities"), json::object{{"type", "task"}, {"subject", "Due"}, {"due_at", "2030-04-05T06:07:08Z"}, {"contact_id", cid}});
  ASSERT_EQ(due.status, 201) << due.body;
  EXPECT_EQ(str(due.json(), "occurred_at"), "2030-04-05T06:07:08.000Z");
}

TEST_F(RecordsActivityRules, CallDurationAndFieldsOfOtherTypes) {
  std::string cid = contact({{"last_name", unique("Call")}});
  auto negative = post(url("activities"), json::object{{"type", "call"}, {"subject", "Ring"}, {"duration_seconds", -5}, {"contact_id", cid}});
  expect_problem(negative, 422, "negative call duration");
  EXPECT_EQ(error_codes(negative)["duration_seconds"], "range") << negative.body;
  auto zero = post(url("activities"), json::object{{"type", "call"}, {"subject", "Ring"}, {"duration_seconds", 0}, {"contact_id", cid}});
  EXPECT_EQ(zero.status, 201) << zero.body;
  auto text = post(url("activities"), json::object{{"type", "call"}, {"subject", "Ring"}, {"duration_seconds", "60"}, {"contact_id", cid}});
  expect_problem(text, 422, "duration as text");
  EXPECT_TRUE(names_field(text, "duration_seconds")) << text.body;

  auto note_duration = post(url("activities"), json::object{{"type", "note"}, {"body", "Hi"}, {"duration_seconds", 30}, {"contact_id", cid}});
  expect_problem(note_duration, 422, "note with duration_seconds");
  EXPECT_EQ(error_codes(note_duration)["duration_seconds"], "not_applicable") << note_duration.body;
  auto task_start = post(url("activities"), json::object{{"type", "task"}, {"subject", "T"}, {"starts_at", "2030-01-01T00:00:00Z"}, {"contact_id", cid}});
  expect_problem(task_start, 422, "task with starts_at");
  EXPECT_EQ(error_codes(task_start)["starts_at"], "not_applicable") << task_start.body;
  auto note_done = post(url("activities"), json::object{{"type", "note"}, {"body", "Hi"}, {"done", true}, {"contact_id", cid}});
  expect_problem(note_done, 422, "note with done");
  EXPECT_TRUE(names_field(note_done, "done")) << note_done.body;

  // PATCH is held to the same rules, and a refused PATCH changes nothing.
  std::string call = str(zero.json(), "id");
  auto bad_patch = patch(url("activities", call), json::object{{"duration_seconds", -5}});
  expect_problem(bad_patch, 422, "PATCH to a negative duration");
  EXPECT_EQ(read("activities", call).at("duration_seconds"), json::value(0));
  EXPECT_EQ(read("activities", call).at("version"), json::value(1));
  auto retype = patch(url("activities", call), json::object{{"type", "note"}, {"body", "now a note"}});
  expect_problem(retype, 422, "turning a call with a duration into a note");
  EXPECT_TRUE(names_field(retype, "duration_seconds")) << retype.body;
}

TEST_F(RecordsActivityRules, NotesAndEmailsNeedTheirFields) {
  std::string cid = contact({{"last_name", unique("Mail")}});
  auto empty_note = post(url("activities"), json::object{{"type", "note"}, {"contact_id", cid}});
  expect_problem(empty_note, 422, "note without body or subject");
  EXPECT_TRUE(names_field(empty_note, "body")) << empty_note.body;
  auto email = post(url("activities"), json::object{{"type", "email"}, {"subject", "Hello"}, {"contact_id", cid}});
  expect_problem(email, 422, "email without direction");
  EXPECT_TRUE(names_field(email, "direction")) << email.body;
  auto bad_type = post(url("activities"), json::object{{"type", "fax"}, {"subject", "Hello"}, {"contact_id", cid}});
  expect_problem(bad_type, 422, "unknown type");
  EXPECT_TRUE(names_field(bad_type, "type")) << bad_type.body;
  auto ok = post(url("activities"), json::object{{"type", "email"}, {"subject", "Hello"}, {"direction", "inbound"},
                                                 {"email_from", "a@example.com"}, {"contact_id", cid}});
  EXPECT_EQ(ok.status, 201) << ok.body;
}

}  // namespace rapport::testing

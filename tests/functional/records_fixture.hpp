// The fixtures of the records functional tests (records_*_test.cpp). Each suite shares one server
// among its tests; RecordsBase gives them URLs, list walks and ways to make and read records.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "records_helpers.hpp"

namespace rapport::testing {

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
    auto paged = page_all("/api/v1/recycle-bin", {{"object_type", object}}, 500, 50);
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
  struct CrudCase;  // records_crud_test.cpp

  // The whole life of one record: create, read, change, conflicts, delete, recycle bin, restore.
  void check_crud(const CrudCase& c);
};

class Lists : public RecordsBase {};

}  // namespace rapport::testing

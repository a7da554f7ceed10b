// Cursors whose values were tampered with: every paged route answers 400 with a problem document
// and never reaches the database with a value of the wrong type (on PostgreSQL, a text value
// compared with a number column would fail the statement: a 500).
#include <algorithm>
#include <string>

#include "platform/ids.hpp"
#include "records_fixture.hpp"

namespace rapport::testing {
namespace json = boost::json;

class CursorTypes : public RecordsBase {
 protected:
  static std::string cursor(const json::object& o) { return ids::base64url_encode(json::serialize(o)); }
};

TEST_F(CursorTypes, ListCursorsHoldTheSortFieldsType) {
  std::string name = "score_" + unique("c");
  std::replace(name.begin(), name.end(), '-', '_');  // a custom field's name: lower case, digits and _
  auto def = post("/api/v1/custom-fields", json::object{{"object_type", "contacts"}, {"name", name}, {"type", "number"}});
  ASSERT_EQ(def.status, 201) << def.body;
  const std::string field = "custom." + name, id = ids::uuid_v7();
  auto page = [&](const std::string& sort, const json::object& c) {
    return list("contacts", {{"sort", sort}, {"cursor", cursor(c)}});
  };
  expect_problem(page(field, {{"s", field}, {"v", "abc"}, {"i", id}}), 400, "text in a number sort's cursor");
  expect_problem(page("-created_at", {{"s", "-created_at"}, {"v", 5}, {"i", id}}), 400, "number in a time sort's cursor");
  expect_problem(page("-created_at", {{"s", "-created_at"}, {"v", nullptr}, {"i", id}}), 400, "NULL for created_at");
  expect_problem(page("-created_at", {{"s", "-created_at"}, {"v", json::array{1}}, {"i", id}}), 400, "array value");
  // The same cursors with values of the right type are pages.
  EXPECT_EQ(page(field, {{"s", field}, {"v", 2.5}, {"i", id}}).status, 200);
  EXPECT_EQ(page(field, {{"s", field}, {"v", 3}, {"i", id}}).status, 200);
  EXPECT_EQ(page(field, {{"s", field}, {"v", nullptr}, {"i", id}}).status, 200);
  EXPECT_EQ(page("-created_at", {{"s", "-created_at"}, {"v", "2030-01-01T00:00:00.000Z"}, {"i", id}}).status, 200);
  EXPECT_EQ(del("/api/v1/custom-fields/" + std::string(def.json().at("id").as_string())).status, 204);
}

TEST_F(CursorTypes, TimelineRecycleBinHistoryAndAuditCursorsAreChecked) {
  const std::string id = ids::uuid_v7();
  std::string cid = contact({{"last_name", unique("Cur")}});
  const std::string timeline = url("contacts", cid, "timeline"), history = url("contacts", cid, "history");
  auto with = [&](const std::string& path, const json::object& c) { return get(with_query(path, {{"cursor", cursor(c)}})); };

  expect_problem(with(timeline, {{"s", "timeline"}, {"v", 5}, {"i", id}}), 400, "timeline: number for occurred_at");
  expect_problem(with(timeline, {{"s", "timeline"}, {"v", nullptr}, {"i", id}}), 400, "timeline: NULL occurred_at");
  expect_problem(with(timeline, {{"s", "timeline"}, {"v", "2030"}, {"i", 7}}), 400, "timeline: number id");
  EXPECT_EQ(with(timeline, {{"s", "timeline"}, {"v", "2030-01-01T00:00:00.000Z"}, {"i", id}}).status, 200);

  expect_problem(with("/api/v1/recycle-bin", {{"s", "recycle-bin"}, {"v", 12.5}, {"i", id}}), 400, "bin: number");
  expect_problem(with("/api/v1/recycle-bin", {{"s", "timeline"}, {"v", "2030"}, {"i", id}}), 400, "bin: timeline cursor");
  EXPECT_EQ(with("/api/v1/recycle-bin", {{"s", "recycle-bin"}, {"v", "2030"}, {"i", id}}).status, 200);

  expect_problem(with(history, {{"s", "history"}, {"i", "12"}}), 400, "history: text id");
  expect_problem(with(history, {{"s", "history"}, {"i", 1.5}}), 400, "history: fraction");
  expect_problem(with(history, {{"s", "audit-events"}, {"i", 12}}), 400, "history: audit cursor");
  EXPECT_EQ(with(history, {{"s", "history"}, {"i", 12}}).status, 200);

  expect_problem(with("/api/v1/audit-events", {{"s", "audit-events"}, {"i", id}}), 400, "audit: uuid id");
  expect_problem(with("/api/v1/audit-events", {{"s", "audit-events"}, {"v", 3}, {"i", 3}}), 400, "audit: value");
  expect_problem(with("/api/v1/audit-events", {{"s", "history"}, {"i", 3}}), 400, "audit: history cursor");
  EXPECT_EQ(with("/api/v1/audit-events", {{"s", "audit-events"}, {"i", 3}}).status, 200);
}

}  // namespace rapport::testing

// An import's progress over the WebSocket: while it runs, the sockets of the user who started it and
// of the workspace's admins hear {"op":"import"} notices (state, counts, rows done, rate, time left),
// throttled, from its start to its final state (and an undo's end); another member hears nothing of it. And its failed rows as
// JSON (GET /api/v1/imports/{id}/failed-rows), for the web UI's table.
#include "imports_fixture.hpp"
#include "platform/clock.hpp"
#include "ws_client.hpp"

namespace rapport::testing {
namespace {

// The import notices a socket hears for `id` until the one in an ended state (or the wait runs out).
std::vector<json::value> import_notices(WsClient& ws, const std::string& id) {
  std::vector<json::value> out;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    auto m = ws.next(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()));
    if (!m) break;
    auto j = json::parse(*m);
    if (text(j, "op") != "import" || text(j.at("import"), "id") != id) continue;
    out.push_back(j.at("import"));
    std::string state = text(out.back(), "state");
    if (state != "queued" && state != "running") break;
  }
  return out;
}

// A file larger than the CSV reader's first 64 KiB (it chooses the separator from them before its first
// record), so the progress has a share of the file and a time left while rows are written.
class ImportProgress : public Imports {
 protected:
  static void SetUpTestSuite() {
    server_args_ = {"--import-max-bytes", std::to_string(1024 * 1024)};
    Access::SetUpTestSuite();
  }
};

TEST_F(ImportProgress, ReachesTheImportersAndAdminsSocketsOnly) {
  const std::string x = random_suffix();
  WsClient rep, admin, other;
  ASSERT_EQ(rep.connect(server_->port(), m("rep1").token), 101);
  ASSERT_EQ(admin.connect(server_->port(), token_), 101);
  ASSERT_EQ(other.connect(server_->port(), m("rep2").token), 101);
  for (auto* ws : {&rep, &admin, &other}) ASSERT_EQ(ws->next(), R"({"op":"ready"})");

  // 12,000 rows (about 620 KB): 12 batches of 1,000, so the run reports while it is under way.
  constexpr int kRows = 12000;
  std::string csv = "First Name,Last Name,Email\r\n";
  for (int i = 0; i < kRows; ++i) {
    std::string n = std::to_string(i);
    csv += "P" + n + ",Prog" + x + "," + (i == 7 ? std::string("not-an-address") : "p" + n + "." + x + "@example.com") + "\r\n";
  }
  auto r = upload("rep1", "?object=contacts", csv);
  ASSERT_EQ(r.status, 202) << r.body;
  const std::string id = text(r.json(), "id");

  auto heard = import_notices(rep, id);
  ASSERT_GE(heard.size(), 3u) << "the start, progress, then the end";
  // The start (nothing read yet), then the batches' progress.
  EXPECT_EQ(text(heard.front(), "state"), "running");
  EXPECT_EQ(heard.front().at("progress").at("rows_done").as_int64(), 0);
  const json::value* moving = nullptr;
  for (const auto& h : heard)
    if (!moving && text(h, "state") == "running" && h.at("progress").at("rows_done").as_int64() > 0) moving = &h;
  ASSERT_TRUE(moving) << "no notice while rows were written";
  EXPECT_LT(moving->at("progress").at("rows_done").as_int64(), kRows);
  EXPECT_TRUE(moving->at("progress").at("rows_per_second").is_number());
  EXPECT_TRUE(moving->at("progress").at("eta_seconds").is_number()) << json::serialize(*moving);
  for (std::size_t i = 1; i < heard.size(); ++i)
    EXPECT_GE(heard[i].at("progress").at("rows_done").as_int64(), heard[i - 1].at("progress").at("rows_done").as_int64());
  const json::value& last = heard.back();
  EXPECT_EQ(text(last, "state"), "done") << json::serialize(last);
  EXPECT_EQ(count(last, "read"), kRows);
  EXPECT_EQ(count(last, "created"), kRows - 1);
  EXPECT_EQ(count(last, "failed"), 1);
  EXPECT_EQ(last.at("progress").at("fraction").as_double(), 1.0);
  EXPECT_EQ(text(last, "created_by"), m("rep1").id);
  EXPECT_FALSE(last.as_object().contains("mapping")) << "the notice is the run's state, not the import's set-up";
  // GET agrees with the last notice.
  json::value got = get("/api/v1/imports/" + id).json();
  // Throttled: at most one a quarter second while it runs (12 batches), plus the end.
  auto ms = [&](const char* key) { return clock::parse_datetime(text(got, key)).value_or(0); };
  const double seconds = static_cast<double>(ms("finished_at") - ms("started_at")) / 1000.0;
  EXPECT_LE(static_cast<double>(heard.size() - 1), 4.0 * seconds + 1.0) << heard.size() << " notices in " << seconds << " s";
  EXPECT_EQ(json::serialize(got.at("counts")), json::serialize(last.at("counts")));

  // The failed row as the dry run's table shows it: line, column, value and message.
  auto failed = as("rep1", "GET", "/api/v1/imports/" + id + "/failed-rows?limit=10");
  ASSERT_EQ(failed.status, 200) << failed.body;
  const json::value page = failed.json();
  EXPECT_EQ(page.at("total").as_int64(), 1);
  const json::value& row = page.at("data").at(0);
  EXPECT_EQ(row.at("line").as_int64(), 9) << "the header is line 1: " << failed.body;
  EXPECT_EQ(text(row, "column"), "Email");
  EXPECT_EQ(text(row, "value"), "not-an-address");
  EXPECT_FALSE(text(row, "message").empty());
  EXPECT_EQ(as("rep1", "GET", "/api/v1/imports/" + id + "/failed-rows?limit=0").status, 400);
  EXPECT_EQ(as("rep2", "GET", "/api/v1/imports/" + id + "/failed-rows").status, 404) << "another rep's import";

  auto admins = import_notices(admin, id);
  ASSERT_FALSE(admins.empty()) << "admins hear every import of the workspace";
  EXPECT_EQ(text(admins.back(), "state"), "done");

  // The undo's end is a state change too.
  ASSERT_EQ(as("rep1", "POST", "/api/v1/imports/" + id + "/undo").status, 202);
  auto undone = import_notices(rep, id);
  ASSERT_EQ(undone.size(), 1u);
  EXPECT_EQ(text(undone.front(), "state"), "undone");

  // The other rep heard nothing of it: after a change they may read, still no import notice.
  create_as("rep2", "contacts", json::object{{"first_name", "Marker"}, {"last_name", "Prog" + x}});
  for (auto m = other.next(std::chrono::seconds(5)); m; m = other.next(std::chrono::seconds(2)))
    EXPECT_EQ(m->find(R"("op":"import")"), std::string::npos) << *m;
}

}  // namespace
}  // namespace rapport::testing

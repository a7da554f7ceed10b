// /api/v1/jobs: an admin lists the workspace's jobs (filters, pages), reads one with its payload and
// attempts, retries a dead one and cancels a queued one; a state that does not allow the change is a
// 409 and changes nothing; bad filters are 400; a sales rep gets 403. The jobs are made with the
// queue's own code on the server's database, of a type no node runs (no route enqueues jobs yet).
// Another workspace's jobs: tenancy_isolation_routes_test.cpp.
#include "access_fixture.hpp"
#include "platform/clock.hpp"
#include "platform/jobs/enqueue.hpp"
#include "platform/jobs/store.hpp"

namespace rapport::testing {
namespace {

class JobsRoutes : public Access {
 protected:
  std::string workspace() { return text(get("/api/v1/auth/me").json(), "workspace_id"); }
  // A queued job, and one that failed for good after an attempt (dead, its error kept).
  std::pair<std::string, std::string> seed(const std::string& type) {
    std::string queued, dead;
    const std::string ws = workspace();
    write_database(server().data_dir(), [&](db::Connection& c) {
      queued = jobs::enqueue(c, {.type = type, .payload = json::object{{"n", 1}}, .workspace_id = ws});
      dead = jobs::enqueue(c, {.type = type, .payload = json::object{{"n", 2}}, .workspace_id = ws, .priority = 1});
      const int64_t now = clock::now_ms();
      auto claimed = jobs::store::claim(c, type, 1, "test-node", now, now + 60000);  // the higher priority: `dead`
      EXPECT_EQ(claimed.size(), 1u);
      EXPECT_EQ(claimed.at(0).id, dead);
      jobs::store::record(c, "test-node",
                          {.id = dead, .type = type, .attempt = 1, .outcome = jobs::Outcome::fail("the receiver said 410 Gone"),
                           .started_ms = now, .finished_ms = now + 5},
                          10, 0);
    });
    return {queued, dead};
  }
};

TEST_F(JobsRoutes, AnAdminListsReadsRetriesAndCancels) {
  const std::string type = "test.routes" + random_suffix();
  auto [queued, dead] = seed(type);

  auto list = get("/api/v1/jobs?type=" + type);
  ASSERT_EQ(list.status, 200) << list.body;
  auto data = data_of(list);
  ASSERT_EQ(data.size(), 2u);
  EXPECT_EQ(text(data[0], "id"), dead) << "newest first";
  EXPECT_EQ(text(data[0], "state"), "dead");
  EXPECT_EQ(text(data[0], "last_error"), "the receiver said 410 Gone");
  EXPECT_FALSE(data[0].as_object().contains("payload")) << "the list leaves payloads out";
  EXPECT_EQ(data_of(get("/api/v1/jobs?state=queued&type=" + type)).size(), 1u);
  auto page = get("/api/v1/jobs?limit=1&type=" + type);
  ASSERT_FALSE(page.json().at("next_cursor").is_null());
  auto rest = get("/api/v1/jobs?limit=1&type=" + type + "&cursor=" + text(page.json(), "next_cursor"));
  ASSERT_EQ(data_of(rest).size(), 1u);
  EXPECT_EQ(text(data_of(rest)[0], "id"), queued);
  EXPECT_TRUE(data_of(get("/api/v1/jobs?type=" + type + "&since=2999-01-01T00:00:00Z")).empty());

  auto one = get("/api/v1/jobs/" + dead);
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_EQ(one.json().at("payload"), (json::object{{"n", 2}}));
  auto log = one.json().at("attempt_log").as_array();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(text(log[0], "outcome"), "failed");
  EXPECT_EQ(text(log[0], "node"), "test-node");
  EXPECT_EQ(text(log[0], "error"), "the receiver said 410 Gone");

  // A queued job cannot be retried, a dead one cannot be cancelled: 409, nothing changes.
  auto no = post("/api/v1/jobs/" + queued + "/retry", json::object{});
  EXPECT_EQ(no.status, 409) << no.body;
  EXPECT_NE(no.body.find("this one is queued"), std::string::npos) << no.body;
  EXPECT_EQ(post("/api/v1/jobs/" + dead + "/cancel", json::object{}).status, 409);
  EXPECT_EQ(text(get("/api/v1/jobs/" + dead).json(), "state"), "dead");

  auto retried = post("/api/v1/jobs/" + dead + "/retry", json::object{});
  ASSERT_EQ(retried.status, 200) << retried.body;
  EXPECT_EQ(text(retried.json(), "state"), "queued");
  EXPECT_TRUE(retried.json().at("finished_at").is_null());
  EXPECT_EQ(retried.json().at("attempt_log").as_array().size(), 1u) << "the earlier attempt stays in the log";

  auto cancelled = post("/api/v1/jobs/" + queued + "/cancel", json::object{});
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_EQ(text(cancelled.json(), "state"), "cancelled");
  EXPECT_FALSE(cancelled.json().at("finished_at").is_null());
  EXPECT_EQ(post("/api/v1/jobs/" + queued + "/cancel", json::object{}).status, 409) << "cancelled once";

  // Both changes are in the audit log.
  auto audit = get("/api/v1/audit-events?object_type=jobs&object_id=" + dead);
  ASSERT_EQ(data_of(audit).size(), 1u) << audit.body;
  EXPECT_EQ(text(data_of(audit)[0], "action"), "retry");
}

TEST_F(JobsRoutes, BadInputIs400AndOthersAre403Or404) {
  const std::string type = "test.bad" + random_suffix();
  auto [queued, dead] = seed(type);
  for (const char* q : {"state=waiting", "since=yesterday", "limit=0", "limit=501", "cursor=garbage",
                               "since=2026-02-01T00:00:00Z&until=2026-01-01T00:00:00Z", "state=dead&state=queued", "colour=red"}) {
    auto r = get(std::string("/api/v1/jobs?") + q);
    EXPECT_EQ(r.status, 400) << q << ": " << r.body;
    EXPECT_EQ(r.header("content-type"), "application/problem+json") << q;
  }
  EXPECT_EQ(get("/api/v1/jobs/01900000-0000-7000-8000-000000000000").status, 404);
  EXPECT_EQ(post("/api/v1/jobs/01900000-0000-7000-8000-000000000000/retry", json::object{}).status, 404);
  for (const char* who : {"rep1", "manager", "reader"}) {
    EXPECT_EQ(as(who, "GET", "/api/v1/jobs").status, 403) << who;
    EXPECT_EQ(as(who, "GET", "/api/v1/jobs/" + dead).status, 403) << who;
    json::value empty = json::object{};
    EXPECT_EQ(as(who, "POST", "/api/v1/jobs/" + dead + "/retry", &empty).status, 403) << who;
  }
  EXPECT_EQ(text(get("/api/v1/jobs/" + dead).json(), "state"), "dead") << "unchanged by the refused calls";
}

// `rapport jobs`: the same jobs from the command line, across workspaces.
TEST_F(JobsRoutes, TheCommandLineListsShowsAndChangesJobs) {
  const std::string type = "test.cli" + random_suffix();
  auto [queued, dead] = seed(type);
  const std::string dir = server().data_dir();
  auto list = run_rapport({"jobs", "list", "--type", type, "--data", dir});
  ASSERT_EQ(list.exit_code, 0) << list.output;
  EXPECT_NE(list.output.find("ID"), std::string::npos) << list.output;
  EXPECT_NE(list.output.find(queued), std::string::npos) << list.output;
  EXPECT_NE(list.output.find("the receiver said 410 Gone"), std::string::npos) << list.output;
  auto only_dead = run_rapport({"jobs", "list", "--type", type, "--state", "dead", "--data", dir});
  EXPECT_EQ(only_dead.output.find(queued), std::string::npos) << only_dead.output;
  EXPECT_NE(only_dead.output.find(dead), std::string::npos) << only_dead.output;

  auto show = run_rapport({"jobs", "show", "--id", dead, "--data", dir});
  ASSERT_EQ(show.exit_code, 0) << show.output;
  auto shown = json::parse(show.output.substr(show.output.find('{')));
  EXPECT_EQ(shown.at("attempt_log").as_array().size(), 1u);
  EXPECT_EQ(shown.at("payload"), (json::object{{"n", 2}}));

  auto refused = run_rapport({"jobs", "retry", "--id", queued, "--data", dir});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.output.find("this one is queued"), std::string::npos) << refused.output;
  auto cancelled = run_rapport({"jobs", "cancel", "--id", queued, "--data", dir});
  ASSERT_EQ(cancelled.exit_code, 0) << cancelled.output;
  EXPECT_NE(cancelled.output.find("is cancelled"), std::string::npos) << cancelled.output;
  EXPECT_EQ(text(get("/api/v1/jobs/" + queued).json(), "state"), "cancelled") << "the API sees the change";
  auto audit = data_of(get("/api/v1/audit-events?object_type=jobs&object_id=" + queued));
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(text(audit[0], "request_id"), "command-line");
  EXPECT_EQ(run_rapport({"jobs", "list", "--state", "sleeping", "--data", dir}).exit_code, 1);
  EXPECT_EQ(run_rapport({"jobs", "show", "--id", "01900000-0000-7000-8000-000000000000", "--data", dir}).exit_code, 1);
}

}  // namespace
}  // namespace rapport::testing

// The workspace keeps an active admin even when its last two admins demote (or deactivate) each other
// at the same moment. On PostgreSQL writes run at READ COMMITTED: without locking the admins'
// rows, both transactions counted two admins and both went through (access/user_routes.cpp). On
// SQLite the single writer orders them anyway; the test runs on both engines.
#include <atomic>
#include <thread>

#include "fixture.hpp"
#include "tenancy_helpers.hpp"

namespace rapport::testing {
namespace {

struct Admin {
  std::string id, email, password, session;
};

Admin add_admin(HttpClient& c, const std::string& token, const std::string& name) {
  std::string email = unique_name(name + "-") + "@race.test", password = "password-of-" + name + "-9753";
  json::value body = json::object{{"email", email}, {"password", password}, {"role", "admin"}};
  auto r = c.call("POST", "/api/v1/users", token, &body);
  EXPECT_EQ(r.status, 201) << r.body;
  return {text(r.json(), "id"), email, password, login(c, email, password)};
}

int active_admins(HttpClient& c, const std::string& token) {
  int n = 0;
  for (const auto& u : data_of(c.call("GET", "/api/v1/users?limit=500", token)))
    if (text(u, "role") == "admin" && u.at("active").as_bool()) ++n;
  return n;
}

TEST(AdminRace, TwoAdminsDemotingEachOtherAtOnceLeaveOne) {
  ServerProcess server;
  HttpClient c(server.port());
  const std::string first = login(c, ServerProcess::admin_email(), ServerProcess::admin_password());
  Admin x = add_admin(c, first, "x"), y = add_admin(c, first, "y");
  // The first admin steps down: x and y are the workspace's only admins.
  const std::string first_id = text(c.call("GET", "/api/v1/auth/me", first).json(), "user_id");
  json::value to_rep = json::object{{"role", "sales_rep"}};
  ASSERT_EQ(c.call("PATCH", "/api/v1/users/" + first_id, x.session, &to_rep).status, 200);
  ASSERT_EQ(active_admins(c, x.session), 2);

  const int rounds = 40;
  int both_changed = 0;
  for (int round = 0; round < rounds; ++round) {
    // Every other round the admins deactivate each other instead of demoting.
    json::value change = round % 2 == 0 ? json::value(json::object{{"role", "sales_rep"}})
                                        : json::value(json::object{{"active", false}});
    std::atomic<int> ready{0};
    int status_x = 0, status_y = 0;
    auto act = [&](const Admin& self, const Admin& other, int& status) {
      HttpClient own(server.port());
      own.request("GET", "/healthz");  // connected before the race starts
      ++ready;
      while (ready.load() < 2) std::this_thread::yield();
      status = own.call("PATCH", "/api/v1/users/" + other.id, self.session, &change).status;
    };
    std::thread tx(act, std::cref(x), std::cref(y), std::ref(status_x));
    std::thread ty(act, std::cref(y), std::cref(x), std::ref(status_y));
    tx.join();
    ty.join();
    both_changed += status_x == 200 && status_y == 200;
    // The one that lost answered 409 (the last admin stays), 403 (it was no admin any more) or, when
    // it was deactivated before its request was authenticated, 401 (its sessions ended).
    EXPECT_TRUE(status_x == 200 || status_y == 200) << "round " << round << ": " << status_x << " " << status_y;
    for (int s : {status_x, status_y})
      EXPECT_TRUE(s == 200 || s == 409 || s == 403 || (s == 401 && round % 2 == 1)) << "round " << round << ": " << s;

    // The admin that is left restores the other, for the next round.
    const Admin& left = status_x == 200 ? x : y;
    Admin& gone = status_x == 200 ? y : x;
    auto remaining = query_database(server.data_dir(),
                                    "SELECT count(*) FROM users WHERE role = 'admin' AND active = 1 AND id IN (?, ?)",
                                    {x.id, y.id});
    ASSERT_EQ(remaining[0][0], "1") << "round " << round << " left " << remaining[0][0] << " active admins";
    json::value restore = json::object{{"role", "admin"}, {"active", true}};
    auto r = c.call("PATCH", "/api/v1/users/" + gone.id, left.session, &restore);
    ASSERT_EQ(r.status, 200) << "round " << round << ": " << r.body;
    if (round % 2 == 1) gone.session = login(c, gone.email, gone.password);  // deactivation ended its sessions
  }
  EXPECT_EQ(both_changed, 0);
  EXPECT_EQ(active_admins(c, x.session), 2);
}

}  // namespace
}  // namespace rapport::testing

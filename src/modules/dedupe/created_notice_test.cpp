// The duplicates hint of a create (created_notice: the Possible-Duplicates header) runs after the
// create has committed. A database failing then (an outage between the two, on either engine) must
// not turn the 201 into an error: the record exists, and a client retrying an error would create it
// again. The hint is a warning only; the scheduled scan finds the pairs later.
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "modules/dedupe/scan.hpp"
#include "platform/db/test_databases.hpp"
#include "platform/db/unavailable.hpp"
#include "platform/identity/server_context.hpp"

namespace rapport::dedupe {
namespace {

// A real database whose reads fail as during an outage; its writes go through.
class ReadsFail final : public db::Database {
 public:
  explicit ReadsFail(db::Database& inner) : inner_(inner) {}
  Status write(WriteFn fn) override { return inner_.write(std::move(fn)); }
  void shutdown() override {}
  db::PoolStats stats() override { return inner_.stats(); }

 protected:
  void run_read(const std::function<void(db::Connection&)>&) override {
    throw db::Unavailable(0, "the database went away (injected)");
  }

 private:
  db::Database& inner_;
};

TEST(CreatedNotice, ADatabaseFailingAfterTheCommitLeavesTheCreatesAnswerAlone) {
  db::SqliteTestDatabase t;
  ReadsFail failing(*t.db);
  const auto notice = created_notice(failing, "contacts");
  ASSERT_TRUE(notice);
  std::vector<std::pair<std::string, std::string>> headers{{"left", "over"}};
  EXPECT_NO_THROW(headers = notice(identity::server_context("w1"), "c1"));
  EXPECT_TRUE(headers.empty()) << "no Possible-Duplicates header when the check could not run";
}

}  // namespace
}  // namespace rapport::dedupe

// The import's progress notices: throttled per import, every change of state sent, and the message
// carrying what GET shows of the run (not the mapping or columns).
#include "modules/imports/progress_notice.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace rapport::imports {
namespace {

TEST(ProgressThrottle, AtMostOneEveryPeriodButEveryStateChange) {
  ProgressThrottle t(std::chrono::milliseconds(250));
  EXPECT_TRUE(t.due("a", "running", 1000)) << "the first report";
  EXPECT_FALSE(t.due("a", "running", 1100));
  EXPECT_FALSE(t.due("a", "running", 1249));
  EXPECT_TRUE(t.due("b", "running", 1249)) << "another import has its own pace";
  EXPECT_TRUE(t.due("a", "running", 1250));
  EXPECT_FALSE(t.due("a", "running", 1300));
  EXPECT_TRUE(t.due("a", "done", 1301)) << "the end always goes out";
  EXPECT_TRUE(t.due("a", "running", 1302)) << "forgotten once ended";
  int sent = 0;
  for (int64_t ms = 0; ms < 1000; ms += 10) sent += t.due("c", "running", 10'000 + ms) ? 1 : 0;
  EXPECT_EQ(sent, 4) << "a report every 10 ms for a second: 4 notices";
}

TEST(ProgressMessage, CarriesStateCountsAndProgress) {
  Import i;
  i.id = "imp-1";
  i.workspace_id = "ws";
  i.object = "contacts";
  i.state = "running";
  i.created_by = "user-1";
  i.text_bytes = 1000;
  i.bytes_done = 250;
  i.counts.read = 50;
  i.counts.created = 48;
  i.counts.failed = 2;
  i.started_at = "2026-01-01T00:00:00.000Z";
  i.options = R"({"columns":{"Email":"email"}})";
  i.headers = R"([{"header":"Email","target":"email"}])";
  i.error = std::string(3000, 'x') + "é";
  auto m = boost::json::parse(progress_message(i, 1767225610000)).as_object();  // 10 s later
  EXPECT_EQ(m.at("op"), "import");
  const auto& o = m.at("import").as_object();
  EXPECT_EQ(o.at("id"), "imp-1");
  EXPECT_EQ(o.at("state"), "running");
  EXPECT_EQ(o.at("counts").at("created").as_int64(), 48);
  EXPECT_EQ(o.at("progress").at("rows_done").as_int64(), 50);
  EXPECT_EQ(o.at("progress").at("fraction").as_double(), 0.25);
  EXPECT_EQ(o.at("progress").at("rows_per_second").as_double(), 5.0);
  EXPECT_EQ(o.at("progress").at("eta_seconds").as_double(), 30.0);
  EXPECT_FALSE(o.contains("mapping"));
  EXPECT_FALSE(o.contains("columns"));
  EXPECT_EQ(o.at("error").as_string().size(), 1000u) << "bounded for NOTIFY";
}

}  // namespace
}  // namespace rapport::imports

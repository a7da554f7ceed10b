// The pipeline rules: unique names, a stage list that names every current stage, removing a stage
// (its deals need a target; a pipeline keeps one stage), archiving only an empty pipeline.
#include "modules/sales/pipeline_service.hpp"
#include "modules/sales/sales_test_support.hpp"

namespace rapport::sales::testing {
namespace {

class PipelineDb : public SalesDb {};

TEST_F(PipelineDb, NamesAreUniqueAndChangesAreAudited) {
  auto p = pipeline("Sales", {"open", "won", "lost"});
  ASSERT_EQ(p.stages.size(), 3u);
  EXPECT_EQ(p.stages[1].probability, 100);
  auto again = create_pipeline(*db, ctx, "SALES", {{"", "x", "open", 0}});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.problem().status, 409);
  // Reorder and add a stage; leaving a current one out is a 422 naming it.
  std::vector<StageInput> stages{{p.stages[2].id, "s2", "lost", 0}, {p.stages[0].id, "First", "open", 20}, {"", "New", "open", 30}};
  auto missing = update_pipeline(*db, ctx, p.id, std::nullopt, stages);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.problem().errors.at(0).field, "stages");
  stages.push_back({p.stages[1].id, "s1", "won", 100});
  auto updated = update_pipeline(*db, ctx, p.id, std::string("Renamed"), stages);
  ASSERT_TRUE(updated.ok()) << updated.problem().detail;
  EXPECT_EQ(updated->name, "Renamed");
  EXPECT_EQ(updated->version, 2);
  ASSERT_EQ(updated->stages.size(), 4u);
  EXPECT_EQ(updated->stages[0].id, p.stages[2].id);
  EXPECT_EQ(updated->stages[1].name, "First");
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE object_id = ?", {p.id}), 2);
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE object_id = ? AND event_type = 'pipeline.updated'", {p.id}), 1);
  // The same list again changes nothing: no new version, audit entry or event.
  std::vector<StageInput> current;
  for (const auto& st : updated->stages) current.push_back({st.id, st.name, st.type, st.probability});
  auto same = update_pipeline(*db, ctx, p.id, std::nullopt, current);
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same->version, 2);
}

TEST_F(PipelineDb, StageRemovalAndArchiving) {
  auto p = pipeline("Remove", {"open", "open"});
  auto d = deal(p, p.stages[0], "Held");
  auto refused = remove_stage(*db, ctx, p.id, p.stages[0].id, "", std::nullopt);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.problem().status, 409) << "a stage with deals needs move_to";
  auto bad_target = remove_stage(*db, ctx, p.id, p.stages[0].id, p.stages[0].id, std::nullopt);
  ASSERT_FALSE(bad_target.ok());
  EXPECT_EQ(bad_target.problem().errors.at(0).field, "move_to");
  auto reason = remove_stage(*db, ctx, p.id, p.stages[0].id, p.stages[1].id, std::string("Why"));
  ASSERT_FALSE(reason.ok());
  EXPECT_EQ(reason.problem().errors.at(0).field, "lost_reason");
  ASSERT_TRUE(remove_stage(*db, ctx, p.id, p.stages[0].id, p.stages[1].id, std::nullopt).ok());
  EXPECT_EQ(column("SELECT stage_id FROM deals WHERE id = ?", {d}), std::vector<std::string>{p.stages[1].id});
  auto last = remove_stage(*db, ctx, p.id, p.stages[1].id, "", std::nullopt);
  ASSERT_FALSE(last.ok());
  EXPECT_EQ(last.problem().status, 409);
  auto full = archive_pipeline(*db, ctx, p.id);
  ASSERT_FALSE(full.ok());
  EXPECT_EQ(full.problem().status, 409);
  ASSERT_TRUE(db->write([&](db::Connection& c) -> Status {
    c.prepare("UPDATE deals SET deleted_at = 'x' WHERE id = ?").bind_all({d}).run();
    return ok_status();
  }).ok());
  ASSERT_TRUE(archive_pipeline(*db, ctx, p.id).ok());
  EXPECT_EQ(archive_pipeline(*db, ctx, p.id).problem().status, 404);
}

}  // namespace
}  // namespace rapport::sales::testing

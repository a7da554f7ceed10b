// The rules of each activity type: meeting times, task completion, call durations, the fields notes
// and emails need, and fields that do not apply to a type.
#include <map>
#include <string>

#include "records_fixture.hpp"

namespace rapport::testing {
namespace json = boost::json;

namespace {

// field -> code of a problem document's errors.
std::map<std::string, std::string> error_codes(const HttpResponse& r) {
  std::map<std::string, std::string> out;
  auto j = r.json();
  auto errs = member(j, "errors");
  if (!errs.is_array()) return out;
  for (const auto& e : errs.as_array()) out[str(e, "field")] = str(e, "code");
  return out;
}

}  // namespace

class RecordsActivityRules : public RecordsBase {};

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

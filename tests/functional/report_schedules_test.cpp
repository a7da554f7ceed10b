// Scheduled report emails (modules/analytics/report_schedule*.hpp) against a real SMTP server
// (email_smtp_server.hpp): a schedule's body checked, who may manage it, its job schedule (cron and
// zone), the report arriving as its owner sees it (HTML table, CSV attached, one message a
// recipient), and the schedules going with their report. The routes' walk for other roles and
// workspaces: access_walk_test.cpp, tenancy_isolation_routes_test.cpp.
#include "email_smtp_server.hpp"
#include "loopback_suite.hpp"
#include "modules/email/mime_parser.hpp"

namespace rapport::testing {
namespace {

class ReportSchedules : public LoopbackSuite {
 protected:
  void use(const SmtpServer& smtp) {
    json::value body = json::object{{"host", "127.0.0.1"}, {"port", smtp.port()}, {"security", "none"}, {"sender", "reports@rapport.example"}};
    auto r = http().call("PUT", "/api/v1/email/settings", token(), &body);
    ASSERT_EQ(r.status, 200) << r.body;
  }
  // rep1's workspace report counting the leads named `marker`, by last name.
  std::string report_of(const std::string& owner, const std::string& marker) {
    json::value body = json::object{{"name", "Leads " + marker},
                                    {"visibility", "workspace"},
                                    {"definition", json::object{{"object", "leads"},
                                                                {"filter", json::object{{"last_name", json::object{{"eq", marker}}}}},
                                                                {"group_by", json::array{"last_name"}},
                                                                {"measures", json::array{json::object{{"op", "count"}}}}}}};
    return create_as(owner, "saved-reports", body);
  }
};

TEST_F(ReportSchedules, TheBodyIsCheckedAndOnlyTheOwnerSchedules) {
  const std::string marker = "Sched" + random_suffix();
  const std::string report = report_of("rep1", marker);
  const std::string path = "/api/v1/saved-reports/" + report + "/schedules";
  json::value bad = json::object{{"frequency", "hourly"}, {"time", "25:00"}, {"month_day", 3}, {"emails", json::array{"not an address"}},
                                 {"extra", true}};
  auto r = as("rep1", "POST", path, &bad);
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(error_fields(r), (std::vector<std::string>{"extra", "frequency", "time", "month_day", "emails.0"})) << r.body;
  json::value weekly_without_day = json::object{{"frequency", "weekly"}, {"time", "08:00"}, {"emails", json::array{"a@example.org"}}};
  r = as("rep1", "POST", path, &weekly_without_day);
  EXPECT_EQ(error_fields(r), std::vector<std::string>{"weekday"}) << r.body;
  json::value nobody = json::object{{"frequency", "daily"}, {"time", "08:00"}};
  r = as("rep1", "POST", path, &nobody);
  EXPECT_EQ(error_fields(r), std::vector<std::string>{"emails"}) << r.body;
  json::value bad_zone = json::object{{"frequency", "daily"}, {"time", "08:00"}, {"time_zone", "Mars/Olympus"}, {"emails", json::array{"a@example.org"}}};
  r = as("rep1", "POST", path, &bad_zone);
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(error_fields(r), std::vector<std::string>{"time_zone"}) << r.body;
  json::value stranger = json::object{{"frequency", "daily"}, {"time", "08:00"}, {"user_ids", json::array{"01900000-0000-7000-8000-0000000000aa"}}};
  r = as("rep1", "POST", path, &stranger);
  EXPECT_EQ(error_fields(r), std::vector<std::string>{"user_ids"}) << r.body;

  // rep2 sees the workspace report but it is rep1's: rep2 and the admin may not schedule it.
  json::value good = json::object{{"frequency", "monthly"}, {"time", "07:45"}, {"month_day", 28}, {"time_zone", "Europe/Paris"},
                                  {"emails", json::array{"boss@example.org"}}};
  EXPECT_EQ(as("rep2", "POST", path, &good).status, 403);
  EXPECT_EQ(post(path, good).status, 403);
  auto created = as("rep1", "POST", path, &good);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id = text(created.json(), "id");
  EXPECT_EQ(text(created.json(), "time_zone"), "Europe/Paris");
  // Its job schedule: the cron of the time and day, on the schedule's zone.
  auto job = query_database(server().data_dir(), "SELECT cron, time_zone, type FROM job_schedules WHERE name = ?", {"report-email:" + id});
  ASSERT_EQ(job.size(), 1u);
  EXPECT_EQ(job[0][0], "45 7 28 * *");
  EXPECT_EQ(job[0][1], "Europe/Paris");
  EXPECT_EQ(job[0][2], "analytics.report_email");
  // The owner and the admins (a shared report) list it; rep2 may not; rep3 the same.
  EXPECT_EQ(data_of(as("rep1", "GET", path)).size(), 1u);
  EXPECT_EQ(data_of(get(path)).size(), 1u);
  EXPECT_EQ(as("rep2", "GET", path).status, 403);
  // No zone given: the workspace's.
  json::value weekly = json::object{{"frequency", "weekly"}, {"time", "18:05"}, {"weekday", 5}, {"emails", json::array{"boss@example.org"}}};
  auto second = as("rep1", "POST", path, &weekly);
  ASSERT_EQ(second.status, 201) << second.body;
  EXPECT_EQ(text(second.json(), "time_zone"), text(get("/api/v1/workspace").json(), "time_zone"));
  // Deleted: by an admin (a shared report) and with the report; their job schedules too.
  EXPECT_EQ(as("rep2", "DELETE", path + "/" + id).status, 403);
  EXPECT_EQ(http().call("DELETE", path + "/" + id, token()).status, 204);
  EXPECT_EQ(http().call("DELETE", path + "/" + id, token()).status, 404);
  EXPECT_EQ(data_of(as("rep1", "GET", path)).size(), 1u);
  EXPECT_EQ(as("rep1", "DELETE", "/api/v1/saved-reports/" + report, nullptr, {{"If-Match", "\"1\""}}).status, 204);
  EXPECT_TRUE(query_database(server().data_dir(), "SELECT id FROM report_schedules WHERE saved_report_id = ?", {report}).empty());
  for (const std::string& gone : {id, text(second.json(), "id")})
    EXPECT_TRUE(query_database(server().data_dir(), "SELECT id FROM job_schedules WHERE name = ?", {"report-email:" + gone}).empty()) << gone;
  auto audit = query_database(server().data_dir(), "SELECT action FROM audit_log WHERE object_type = 'report_schedules' AND object_id = ? ORDER BY id", {id});
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_EQ(audit[1][0], "delete");
}

TEST_F(ReportSchedules, TheReportArrivesAsItsOwnerSeesItWithItsTableAndCsv) {
  SmtpServer smtp;
  ASSERT_NO_FATAL_FAILURE(use(smtp));
  const std::string marker = "Mailed" + random_suffix();
  // rep1 reads their own leads only: the report counts 1 lead, though the admin's view counts 3.
  for (const char* who : {"rep1", "rep2", "rep3"}) create_as(who, "leads", json::object{{"last_name", marker}});
  const std::string report = report_of("rep1", marker);
  const std::string path = "/api/v1/saved-reports/" + report + "/schedules";
  json::value body = json::object{{"frequency", "daily"}, {"time", "06:00"}, {"user_ids", json::array{json::value(m("rep2").id)}},
                                  {"emails", json::array{"outside@example.org"}}};
  auto created = as("rep1", "POST", path, &body);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id = text(created.json(), "id");
  auto sent = as("rep1", "POST", path + "/" + id + "/send");
  ASSERT_EQ(sent.status, 202) << sent.body;
  EXPECT_FALSE(text(sent.json(), "job_id").empty());

  auto mails = smtp.wait_for(2);
  ASSERT_EQ(mails.size(), 2u);
  std::vector<std::string> to;
  for (const auto& mail : mails) {
    json::value envelope = json::parse(mail.envelope);
    ASSERT_EQ(envelope.at("rcpt_tos").as_array().size(), 1u) << "one message a recipient: " << mail.envelope;
    to.emplace_back(envelope.at("rcpt_tos").as_array()[0].as_string());
    auto parsed = email::parse_inbound(mail.raw);
    ASSERT_TRUE(parsed) << mail.raw;
    EXPECT_NE(parsed->subject.find("Leads " + marker), std::string::npos) << parsed->subject;
    // The HTML table: the marker's row with rep1's count, 1.
    EXPECT_NE(parsed->html.find("<table"), std::string::npos);
    EXPECT_NE(parsed->html.find(">" + marker + "</td><td style=\"text-align:right;padding:4px 10px;border-bottom:1px solid #d0d7de\">1</td>"),
              std::string::npos)
        << parsed->html;
    EXPECT_NE(parsed->text.find(marker + "\t1"), std::string::npos) << parsed->text;
    ASSERT_EQ(parsed->attachments.size(), 1u) << mail.raw;
    EXPECT_EQ(parsed->attachments[0].file_name, "Leads-" + marker + ".csv");
    EXPECT_EQ(parsed->attachments[0].content_type, "text/csv");
    EXPECT_NE(parsed->attachments[0].bytes.find("last_name,count"), std::string::npos) << parsed->attachments[0].bytes;
    EXPECT_NE(parsed->attachments[0].bytes.find(marker + ",1"), std::string::npos) << parsed->attachments[0].bytes;
    EXPECT_EQ(parsed->attachments[0].bytes.find(marker + ",3"), std::string::npos) << "never more than the owner sees";
  }
  std::sort(to.begin(), to.end());
  std::vector<std::string> expected{m("rep2").email, "outside@example.org"};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(to, expected);
  // The schedule says when it was last sent.
  auto list = data_of(as("rep1", "GET", path));
  ASSERT_EQ(list.size(), 1u);
  EXPECT_FALSE(list[0].at("last_sent_at").is_null());
}

TEST_F(ReportSchedules, ASavedReportKeepsItsChartType) {
  json::value body = json::object{{"name", "Charted " + random_suffix()},
                                  {"definition", json::object{{"object", "leads"}, {"group_by", json::array{"source"}},
                                                              {"measures", json::array{json::object{{"op", "count"}}}}, {"chart", "pie"}}}};
  auto created = as("rep1", "POST", "/api/v1/saved-reports", &body);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.json().at("definition").at("chart"), "pie");
  EXPECT_EQ(as("rep1", "GET", "/api/v1/saved-reports/" + text(created.json(), "id")).json().at("definition").at("chart"), "pie");
  // A run takes it and ignores it; an unknown type is refused, naming it.
  json::value run = body.at("definition");
  EXPECT_EQ(as("rep1", "POST", "/api/v1/reports/run", &run).status, 200);
  body.as_object()["definition"].as_object()["chart"] = "donut";
  auto bad = as("rep1", "POST", "/api/v1/saved-reports", &body);
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(error_fields(bad), std::vector<std::string>{"definition.chart"});
}

TEST_F(ReportSchedules, AnErasedPersonIsNoLongerARecipient) {
  const std::string marker = "Erased" + random_suffix();
  const std::string address = "erased." + random_suffix() + "@example.org";
  const std::string contact = create("contacts", json::object{{"first_name", "Era"}, {"last_name", marker}, {"email", address}});
  const std::string report = report_of("rep1", marker);
  const std::string path = "/api/v1/saved-reports/" + report + "/schedules";
  json::value body = json::object{{"frequency", "daily"}, {"time", "06:00"}, {"emails", json::array{json::value(address), "stays@example.org"}}};
  auto created = as("rep1", "POST", path, &body);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id = text(created.json(), "id");
  json::value none = json::object{};
  auto erased = post("/api/v1/contacts/" + contact + "/erase", none);
  ASSERT_EQ(erased.status, 200) << erased.body;
  auto list = data_of(as("rep1", "GET", path));
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].at("emails"), (json::array{"stays@example.org"}));
  auto audit = query_database(server().data_dir(), "SELECT changes FROM audit_log WHERE object_type = 'report_schedules' AND object_id = ?", {id});
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0][0].find(address), std::string::npos) << audit[0][0];
  EXPECT_NE(audit[0][0].find("stays@example.org"), std::string::npos) << audit[0][0];
}

}  // namespace
}  // namespace rapport::testing

// A contact's GDPR erasure and saved reports: every saved report (any owner's, private ones too)
// loses the filter conditions whose value is the person's (e-mail address in any case, an `in`
// item, a single name, the phone), keeps the others and stays runnable; the change is a new version
// audited as "erase_filter", no audit entry of the saved reports keeps the values, and a report
// naming no one of theirs is left alone.
#include <algorithm>
#include <cctype>

#include "access_fixture.hpp"
#include "platform/ascii.hpp"

namespace rapport::testing {
namespace {

using ascii::lower;
using ascii::upper;

class SavedReportsErasure : public Access {
 protected:
  json::object save(const std::string& who, const std::string& name, const std::string& object, json::object filter) {
    json::value body = json::object{{"name", name},
                                    {"visibility", "private"},
                                    {"definition", json::object{{"object", object},
                                                                {"filter", std::move(filter)},
                                                                {"group_by", json::array{"owner_id"}},
                                                                {"measures", json::array{json::object{{"op", "count"}}}}}}};
    auto r = as(who, "POST", "/api/v1/saved-reports", &body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.json().as_object() : json::object{};
  }
  json::object read(const std::string& who, const json::object& report) {
    auto r = as(who, "GET", "/api/v1/saved-reports/" + text(report, "id"));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? r.json().as_object() : json::object{};
  }
  static json::object cond(const char* op, const std::string& value) { return json::object{{op, value}}; }
};

TEST_F(SavedReportsErasure, SavedReportsLoseThePersonsFilterValues) {
  const std::string x = random_suffix();
  const std::string first = "Ines" + x, last = "Quaresma" + x, email = "ines." + x + "@example.com";
  const std::string digits = std::to_string(10 + std::stoul(x.substr(0, 6), nullptr, 16) % 90);
  const std::string phone = "+4930901820" + digits;  // E.164, as stored
  const std::string contact =
      create("contacts", json::object{{"first_name", first}, {"last_name", last}, {"email", email}, {"phone", "+49 30 901820" + digits}});
  // rep1's private report: the address in capitals, an `in` holding it and someone else's, a condition of no one.
  auto mine = save("rep1", "Mine " + x, "contacts",
                   json::object{{"email", cond("in", "keep." + x + "@example.com," + email)}, {"lifecycle_stage", cond("eq", "customer")}});
  auto capitals = save("rep2", "Capitals " + x, "contacts", json::object{{"email", cond("eq", upper(email))}});
  // The manager's leads report: the single last name and the phone are theirs too.
  auto leads = save("manager", "Leads " + x, "leads", json::object{{"last_name", cond("eq", last)}, {"phone", cond("eq", phone)}});
  // rep3's report holds a part of the name and another person's address: not theirs, kept.
  auto others = save("rep3", "Others " + x, "contacts",
                     json::object{{"email", cond("eq", "other." + x + "@example.com")}, {"last_name", cond("starts_with", last.substr(0, 6))}});

  json::value none = json::object{};
  auto erased = post("/api/v1/contacts/" + contact + "/erase", none);
  ASSERT_EQ(erased.status, 200) << erased.body;
  EXPECT_EQ(erased.json().at("reports_changed"), 3) << erased.body;

  auto mine_after = read("rep1", mine);
  EXPECT_EQ(mine_after.at("definition").at("filter"),
            json::value(json::object{{"email", cond("in", "keep." + x + "@example.com")}, {"lifecycle_stage", cond("eq", "customer")}}));
  EXPECT_EQ(mine_after.at("version"), 2);
  EXPECT_EQ(read("rep2", capitals).at("definition").at("filter"), json::value(json::object{}));
  EXPECT_EQ(read("manager", leads).at("definition").at("filter"), json::value(json::object{}));
  EXPECT_EQ(read("rep3", others), others);

  // The scrubbed definition still runs.
  json::value def = mine_after.at("definition");
  auto run = as("rep1", "POST", "/api/v1/reports/run", &def);
  EXPECT_EQ(run.status, 200) << run.body;

  // Audited without the values; no entry of the saved reports keeps them.
  auto history = get("/api/v1/audit-events?object_type=saved_reports&object_id=" + text(leads, "id"));
  ASSERT_EQ(history.status, 200) << history.body;
  EXPECT_NE(history.body.find("erase_filter"), std::string::npos) << history.body;
  EXPECT_NE(history.body.find("[erased]"), std::string::npos) << history.body;
  auto all = get("/api/v1/audit-events?object_type=saved_reports&limit=500");
  ASSERT_EQ(all.status, 200);
  EXPECT_NE(all.body.find(text(others, "id")), std::string::npos) << "the page holds this test's entries";
  for (const auto& value : {email, phone, last})
    EXPECT_EQ(lower(all.body).find(lower(value)), std::string::npos) << value << " left in the saved reports' audit entries";
  auto entry = get("/api/v1/audit-events?object_type=contacts&action=erase&object_id=" + contact);
  ASSERT_EQ(entry.status, 200);
  EXPECT_NE(entry.body.find(R"({"field":"reports_changed","before":null,"after":3})"), std::string::npos) << entry.body;
}

TEST_F(SavedReportsErasure, AnErasureThatNoReportNamesChangesNone) {
  const std::string x = random_suffix();
  auto kept = save("rep1", "Kept " + x, "contacts", json::object{{"last_name", cond("eq", "Someone" + x)}});
  const std::string contact = create("contacts", json::object{{"last_name", "Nobody" + x}, {"email", "nobody." + x + "@example.com"}});
  json::value none = json::object{};
  auto erased = post("/api/v1/contacts/" + contact + "/erase", none);
  ASSERT_EQ(erased.status, 200) << erased.body;
  EXPECT_EQ(erased.json().at("reports_changed"), 0);
  EXPECT_EQ(read("rep1", kept), kept);
}

}  // namespace
}  // namespace rapport::testing

// POST /api/v1/imports/preview: a file's columns matched to fields with sample values, the targets
// the caller's role may fill and a refused column's reason, before anything is stored.
#include "imports_fixture.hpp"

namespace rapport::testing {
namespace {

class ImportPreview : public Imports {
 protected:
  HttpResponse preview(const std::string& who, const std::string& query, const std::string& body,
                       const std::string& type = "text/csv") {
    auto& member = who == "admin" ? token_ : m(who).token;
    HttpClient& c = who == "admin" ? *client_ : *m(who).client;
    return c.request("POST", "/api/v1/imports/preview" + query, body, {{"Authorization", "Bearer " + member}, {"Content-Type", type}});
  }
  static bool has_target(const json::value& p, const std::string& name) {
    for (const auto& t : p.at("targets").as_array())
      if (text(t, "name") == name) return true;
    return false;
  }
};

TEST_F(ImportPreview, ColumnsWithSamplesAndTheTargetsOfTheCallersRole) {
  const std::string x = random_suffix();
  const int64_t before = imports_listed("admin");
  std::string csv = "First Name,Last Name,Email,Create Date,Shoe size\r\n"
                    "Ada,Lovelace" + x + ",,2019-01-01,\r\n"
                    "Grace,Hopper" + x + ",grace." + x + "@example.com,2019-02-01,\r\n"
                    ",,,,\r\n"
                    "Alan,Turing" + x + ",alan." + x + "@example.com,2019-03-01,\r\n"
                    "Edsger,Dijkstra" + x + ",edsger." + x + "@example.com,2019-04-01,\r\n";
  auto rep = preview("rep1", "?object=contacts", csv);
  ASSERT_EQ(rep.status, 200) << rep.body;
  json::value p = rep.json();
  EXPECT_EQ(text(p, "format"), "csv");
  EXPECT_TRUE(p.at("sheet").is_null());
  const auto& columns = p.at("columns").as_array();
  ASSERT_EQ(columns.size(), 5u);
  EXPECT_EQ(text(columns[2], "target"), "email");
  EXPECT_EQ(json::serialize(columns[2].at("samples")),
            "[\"grace." + x + "@example.com\",\"alan." + x + "@example.com\",\"edsger." + x + "@example.com\"]")
      << "the first non-empty values, at most 3";
  EXPECT_EQ(text(columns[3], "target"), "created_at");
  EXPECT_NE(text(columns[3], "refused").find("admin"), std::string::npos) << "a rep may not set history: " << rep.body;
  EXPECT_TRUE(columns[4].at("target").is_null()) << "no field named Shoe size";
  EXPECT_TRUE(columns[4].at("samples").as_array().empty());
  EXPECT_TRUE(has_target(p, "email"));
  EXPECT_TRUE(has_target(p, "company_domain"));
  EXPECT_FALSE(has_target(p, "created_at")) << "not the rep's to fill";
  EXPECT_FALSE(has_target(p, "owner")) << "a rep cannot give records to others";
  EXPECT_EQ(text(p.at("mapping"), "on_duplicate"), "skip");

  auto admin = preview("admin", "?object=contacts", csv);
  ASSERT_EQ(admin.status, 200) << admin.body;
  EXPECT_TRUE(has_target(admin.json(), "created_at"));
  EXPECT_FALSE(admin.json().at("columns").at(3).as_object().contains("refused"));

  // A mapping part leaves a column out and is reflected as the import would take it.
  auto mapped = preview("admin", "?object=contacts", multipart(csv, R"({"columns":{"Email":null},"on_duplicate":"update"})"),
                        "multipart/form-data; boundary=XB");
  ASSERT_EQ(mapped.status, 200) << mapped.body;
  EXPECT_TRUE(mapped.json().at("columns").at(2).at("target").is_null());
  EXPECT_EQ(text(mapped.json().at("mapping"), "on_duplicate"), "update");

  // The same refusals as the import: a reader cannot, a bad mapping is a 422, an unknown object a 400.
  EXPECT_EQ(preview("reader", "?object=contacts", csv).status, 403);
  EXPECT_EQ(preview("admin", "?object=planets", csv).status, 400);
  auto bad = preview("admin", "?object=contacts", multipart(csv, R"({"columns":{"Email":"no_such_field"}})"),
                     "multipart/form-data; boundary=XB");
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_NE(bad.body.find("mapping.columns.Email"), std::string::npos) << bad.body;
  EXPECT_EQ(preview("admin", "?object=contacts&dry_run=true", csv).status, 400) << "dry_run is the import's";
  EXPECT_EQ(imports_listed("admin"), before) << "a preview stores nothing";
  EXPECT_TRUE(find("contacts", "last_name", "Lovelace" + x).empty());
}

}  // namespace
}  // namespace rapport::testing

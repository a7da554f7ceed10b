// GET /api/v1/{object}/export: the list's records (its filters and sort, the caller's read and
// export scope, without hidden fields) as streamed CSV, XLSX, NDJSON, vCard or iCalendar, audited.
// Runs on SQLite and, with RAPPORT_TEST_PG_URL, on PostgreSQL.
#include <set>
#include <sstream>

#include "access_fixture.hpp"

namespace rapport::testing {
namespace {

// The CSV's records (RFC 4180: quoted fields may hold commas, quotes and line breaks).
std::vector<std::vector<std::string>> parse_csv(std::string_view s) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false, any = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (quoted) {
      if (c == '"' && i + 1 < s.size() && s[i + 1] == '"') field += '"', ++i;
      else if (c == '"') quoted = false;
      else field += c;
    } else if (c == '"') {
      quoted = any = true;
    } else if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
    } else if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') {
      row.push_back(std::move(field));
      field.clear();
      rows.push_back(std::move(row));
      row.clear();
      ++i;
    } else {
      field += c;
    }
  }
  EXPECT_TRUE(row.empty() && field.empty()) << "the CSV does not end with CRLF";
  (void)any;
  return rows;
}

std::vector<json::object> parse_ndjson(const std::string& s) {
  std::vector<json::object> out;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);) out.push_back(json::parse(line).as_object());
  return out;
}

int column(const std::vector<std::string>& header, const std::string& name) {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return static_cast<int>(i);
  return -1;
}

class Export : public Access {
 protected:
  static void SetUpTestSuite() {
    Access::SetUpTestSuite();
    // A rep who may export their own contacts and activities, with a field and a custom field hidden.
    json::value role = json::object{
        {"name", "rep_exporter"},
        {"permissions", json::object{{"contacts", json::object{{"read", "own"}, {"create", "own"}, {"update", "own"}, {"export", "own"}}},
                                     {"activities", json::object{{"read", "own"}, {"create", "own"}, {"export", "own"}}},
                                     {"companies", json::object{{"read", "all"}}}}},
        {"field_rules", json::object{{"contacts", json::object{{"job_title", "hidden"}, {"custom.secret_note", "hidden"}}}}}};
    auto r = client_->call("POST", "/api/v1/roles", token_, &role);
    ASSERT_EQ(r.status, 201) << r.body;
    for (const char* name : {"secret_note", "tier"}) {
      json::value field = json::object{{"object_type", "contacts"}, {"name", name}, {"type", "text"}};
      auto f = client_->call("POST", "/api/v1/custom-fields", token_, &field);
      ASSERT_EQ(f.status, 201) << f.body;
    }
    add_member("exp1", "rep_exporter", {});
    add_member("exp2", "rep_exporter", {});
    // A rep who reads only their own companies: a contact's company column names only those.
    json::value own = json::object{
        {"name", "rep_own_companies"},
        {"permissions", json::object{{"contacts", json::object{{"read", "own"}, {"create", "own"}, {"update", "own"}, {"export", "own"}}},
                                     {"companies", json::object{{"read", "own"}, {"create", "own"}}}}}};
    auto o = client_->call("POST", "/api/v1/roles", token_, &own);
    ASSERT_EQ(o.status, 201) << o.body;
    add_member("exp3", "rep_own_companies", {});
  }
};

TEST_F(Export, ARepsExportHoldsOnlyTheirRecordsWithoutHiddenColumns) {
  const std::string x = random_suffix();
  std::set<std::string> mine;
  for (int i = 0; i < 3; ++i) {
    std::string id = create_as("exp1", "contacts", json::object{{"last_name", "Mine" + x + std::to_string(i)}, {"custom", json::object{{"tier", "gold"}}}});
    // The values exp1's role hides, set by the admin.
    json::value hidden = json::object{{"job_title", "Secret title " + x}, {"custom", json::object{{"secret_note", "hush " + x}, {"tier", "gold"}}}};
    auto r = patch("/api/v1/contacts/" + id, hidden);
    EXPECT_EQ(r.status, 200) << r.body;
    mine.insert(id);
  }
  std::string theirs = create_as("exp2", "contacts", json::object{{"last_name", "Theirs" + x}});

  auto r = as("exp1", "GET", "/api/v1/contacts/export?format=csv&filter[last_name][contains]=" + x);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("content-type"), "text/csv; charset=utf-8; header=present");
  EXPECT_EQ(r.header("transfer-encoding"), "chunked") << "the export is streamed";
  EXPECT_NE(r.header("content-disposition").find("attachment; filename=\"contacts-"), std::string::npos);
  EXPECT_NE(r.header("content-disposition").find(".csv\""), std::string::npos);
  auto rows = parse_csv(r.body);
  ASSERT_EQ(rows.size(), 4u) << r.body;  // the header and exp1's three
  const auto& header = rows[0];
  EXPECT_EQ(header[0], "id");
  EXPECT_GE(column(header, "last_name"), 0);
  EXPECT_GE(column(header, "custom.tier"), 0) << "custom fields are columns";
  EXPECT_EQ(column(header, "job_title"), -1) << "a hidden field is not a column";
  EXPECT_EQ(column(header, "custom.secret_note"), -1) << "a hidden custom field is not a column";
  std::set<std::string> ids;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    ids.insert(rows[i][0]);
    EXPECT_EQ(rows[i][static_cast<std::size_t>(column(header, "custom.tier"))], "gold");
  }
  EXPECT_EQ(ids, mine);
  EXPECT_EQ(r.body.find(theirs), std::string::npos);
  EXPECT_EQ(r.body.find("Secret title"), std::string::npos);
  EXPECT_EQ(r.body.find("hush"), std::string::npos);

  // The same in NDJSON: one record per line, as GET returns it to exp1.
  auto nd = as("exp1", "GET", "/api/v1/contacts/export?format=ndjson&filter[last_name][contains]=" + x);
  ASSERT_EQ(nd.status, 200) << nd.body;
  EXPECT_EQ(nd.header("content-type"), "application/x-ndjson");
  auto records = parse_ndjson(nd.body);
  ASSERT_EQ(records.size(), 3u);
  for (const auto& rec : records) {
    auto one = as("exp1", "GET", "/api/v1/contacts/" + text(rec, "id"));
    EXPECT_EQ(json::value(rec), one.json()) << "an NDJSON line is the record as GET returns it";
  }

  // The admin exports all four; a sales rep's role grants no export: 403.
  auto all = get("/api/v1/contacts/export?format=ndjson&filter[last_name][contains]=" + x);
  EXPECT_EQ(parse_ndjson(all.body).size(), 4u);
  auto rep = as("rep1", "GET", "/api/v1/contacts/export");
  EXPECT_EQ(rep.status, 403) << rep.body;
}

TEST_F(Export, AFilteredExportEqualsTheListAcrossManyPages) {
  const std::string x = random_suffix();
  // More than two of the export's pages (500), through a batch of creates.
  const int n = 1100;
  for (int i = 0; i < n; ++i) {
    std::string name = "Page" + x;
    name += std::to_string(i);
    auto r = post("/api/v1/contacts", json::object{{"last_name", name}, {"lifecycle_stage", i % 3 == 0 ? "customer" : "lead"}});
    ASSERT_EQ(r.status, 201) << r.body;
  }
  const std::string filter = "filter[last_name][starts_with]=Page" + x + "&filter[lifecycle_stage][eq]=customer&sort=last_name";
  std::vector<std::string> listed;
  std::string cursor;
  do {
    auto page = get("/api/v1/contacts?limit=500&" + filter + (cursor.empty() ? "" : "&cursor=" + cursor));
    ASSERT_EQ(page.status, 200) << page.body;
    for (const auto& v : data_of(page)) listed.push_back(text(v, "id"));
    auto next = page.json().at("next_cursor");
    cursor = next.is_string() ? std::string(next.as_string()) : "";
  } while (!cursor.empty());
  ASSERT_EQ(listed.size(), 367u);

  std::vector<std::string> exported;
  for (const auto& rec : parse_ndjson(get("/api/v1/contacts/export?format=ndjson&" + filter).body)) exported.push_back(text(rec, "id"));
  EXPECT_EQ(exported, listed) << "the export holds the list's records in the list's order";

  auto csv = get("/api/v1/contacts/export?" + filter);  // csv is the default
  auto rows = parse_csv(csv.body);
  ASSERT_EQ(rows.size(), listed.size() + 1);
  for (std::size_t i = 0; i < listed.size(); ++i) EXPECT_EQ(rows[i + 1][0], listed[i]);

  // The audit log says who exported what.
  auto audit = get("/api/v1/audit-events?object_type=contacts&action=export&limit=5");
  ASSERT_EQ(audit.status, 200) << audit.body;
  bool found = false;
  for (const auto& e : data_of(audit)) {
    for (const auto& ch : e.at("changes").as_array())
      if (ch.at("field") == "rows" && ch.at("after") == json::value(367)) found = true;
  }
  EXPECT_TRUE(found) << audit.body;
}

TEST_F(Export, ABadFilterIsTheListsAnswer) {
  for (const std::string q : {"filter[nope][eq]=1", "filter[last_name][between]=a", "sort=unknown_field", "filter[created_at][gte]=yesterday",
                              "filter[last_name]x=1"}) {
    auto list = get("/api/v1/contacts?" + q);
    auto exp = get("/api/v1/contacts/export?" + q);
    EXPECT_EQ(list.status, 400) << q << ": " << list.body;
    EXPECT_EQ(exp.status, list.status) << q << ": " << exp.body;
    EXPECT_EQ(exp.json().at("detail"), list.json().at("detail")) << q;
  }
  // The export's own parameters, and the list's paging, which an export does not take.
  EXPECT_EQ(get("/api/v1/contacts/export?format=pdf").status, 400);
  EXPECT_EQ(get("/api/v1/contacts/export?bom=yes").status, 400);
  EXPECT_EQ(get("/api/v1/contacts/export?limit=5").status, 400);
  EXPECT_EQ(get("/api/v1/companies/export?format=vcf").status, 400) << "vCard is for contacts";
  // Sorting on a hidden field is the list's 403.
  EXPECT_EQ(as("exp1", "GET", "/api/v1/contacts/export?sort=job_title").status, 403);
}

TEST_F(Export, CsvGuardsFormulasAndCanStartWithABom) {
  const std::string x = random_suffix();
  create("contacts", json::object{{"last_name", "=HYPERLINK(\"http://evil.example\")" + x}, {"first_name", "Smith, \"Jr\""}, {"description", "Smith, \"Jr\"\nSecond line"}});
  auto r = get("/api/v1/contacts/export?bom=true&filter[last_name][contains]=" + x);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body.rfind("\xEF\xBB\xBF", 0), 0u) << "the BOM comes first";
  auto rows = parse_csv(std::string_view(r.body).substr(3));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1][static_cast<std::size_t>(column(rows[0], "last_name"))], "'=HYPERLINK(\"http://evil.example\")" + x);
  EXPECT_EQ(rows[1][static_cast<std::size_t>(column(rows[0], "first_name"))], "Smith, \"Jr\"");
  EXPECT_EQ(rows[1][static_cast<std::size_t>(column(rows[0], "description"))], "Smith, \"Jr\"\nSecond line");
  auto plain = get("/api/v1/contacts/export?filter[last_name][contains]=" + x);
  EXPECT_EQ(plain.body.rfind("id,", 0), 0u) << "no BOM unless asked";
}

// CSV and XLSX name what a reference points to (an import into another workspace finds it by that
// name), within the caller's scope, and give amounts in their currency's major unit.
TEST_F(Export, ReferencesAreNamedAndAmountsInMajorUnits) {
  const std::string x = random_suffix();
  std::string theirs = create("companies", json::object{{"name", "Admin's " + x}, {"domain", "admins-" + x + ".example"},
                                                        {"annual_revenue", 123456}, {"currency", "EUR"}});
  std::string mine = create_as("exp3", "companies", json::object{{"name", "Mine, \"quoted\" " + x}, {"domain", "mine-" + x + ".example"}});
  create_as("exp3", "contacts", json::object{{"last_name", "Linked" + x}, {"company_id", mine}});
  // exp3's contact linked by the admin to a company exp3 may not read.
  create("contacts", json::object{{"last_name", "Other" + x}, {"company_id", theirs}, {"owner_id", m("exp3").id}});

  auto r = as("exp3", "GET", "/api/v1/contacts/export?sort=last_name&filter[last_name][contains]=" + x);
  ASSERT_EQ(r.status, 200) << r.body;
  auto rows = parse_csv(r.body);
  ASSERT_EQ(rows.size(), 3u) << r.body;
  const auto& h = rows[0];
  const int id = column(h, "company_id"), name = column(h, "company"), domain = column(h, "company_domain"), owner = column(h, "owner");
  ASSERT_GE(id, 0);
  EXPECT_EQ(name, id + 1) << "the names follow the id";
  EXPECT_EQ(domain, id + 2);
  ASSERT_GE(owner, 0);
  auto cell = [&](std::size_t row, int col) { return rows[row][static_cast<std::size_t>(col)]; };
  EXPECT_EQ(cell(1, name), "Mine, \"quoted\" " + x);
  EXPECT_EQ(cell(1, domain), "mine-" + x + ".example");
  EXPECT_EQ(cell(1, owner), m("exp3").email) << "the owner by e-mail";
  EXPECT_EQ(cell(2, id), theirs) << "the id as the record has it";
  EXPECT_EQ(cell(2, name), "") << "a company the caller may not read is not named";
  EXPECT_EQ(cell(2, domain), "");
  EXPECT_EQ(r.body.find("Admin's " + x), std::string::npos);

  auto companies = parse_csv(get("/api/v1/companies/export?filter[name][contains]=" + x + "&sort=name").body);
  ASSERT_EQ(companies.size(), 3u);
  EXPECT_EQ(companies[1][static_cast<std::size_t>(column(companies[0], "annual_revenue"))], "1234.56") << "EUR has two decimals";
  auto nd = parse_ndjson(get("/api/v1/companies/export?format=ndjson&filter[name][contains]=" + x + "&sort=name").body);
  ASSERT_EQ(nd.size(), 2u);
  EXPECT_EQ(nd[0].at("annual_revenue"), json::value(123456)) << "NDJSON is the record as GET returns it: minor units";
}

TEST_F(Export, EveryListObjectExportsInEveryTableFormat) {
  for (const char* object : {"companies", "contacts", "activities", "leads", "deals", "products", "tickets"}) {
    for (const char* format : {"csv", "ndjson", "xlsx"}) {
      auto r = get(std::string("/api/v1/") + object + "/export?format=" + format);
      EXPECT_EQ(r.status, 200) << object << " " << format << ": " << r.body.substr(0, 300);
      if (std::string(format) == "xlsx") {
        EXPECT_EQ(r.header("content-type"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        EXPECT_EQ(r.body.substr(0, 4), std::string("PK\x03\x04", 4)) << object << ": an XLSX file is a zip";
        EXPECT_NE(r.body.find("xl/worksheets/sheet1.xml"), std::string::npos);
      }
    }
  }
}

TEST_F(Export, ContactsAsVcardsAndMeetingsAsIcalendar) {
  const std::string x = random_suffix();
  std::string company = create("companies", json::object{{"name", "Vcard Co, " + x}});
  std::string id = create("contacts", json::object{{"first_name", "Zoë"}, {"last_name", "Vcard" + x}, {"email", "zoe." + x + "@example.com"},
                                                   {"company_id", company}});
  auto card = get("/api/v1/contacts/" + id + "/vcard");
  ASSERT_EQ(card.status, 200) << card.body;
  EXPECT_EQ(card.header("content-type"), "text/vcard; charset=utf-8");
  EXPECT_EQ(card.body.rfind("BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:" + id + "\r\n", 0), 0u) << card.body;
  EXPECT_NE(card.body.find("FN:Zoë Vcard" + x + "\r\n"), std::string::npos) << card.body;
  EXPECT_NE(card.body.find("ORG:Vcard Co\\, " + x + "\r\n"), std::string::npos) << card.body;
  EXPECT_EQ(get("/api/v1/contacts/0190a000-0000-7000-8000-00000000abcd/vcard").status, 404);

  auto cards = get("/api/v1/contacts/export?format=vcf&filter[last_name][eq]=Vcard" + x);
  ASSERT_EQ(cards.status, 200) << cards.body;
  EXPECT_EQ(cards.header("content-type"), "text/vcard; charset=utf-8");
  EXPECT_NE(cards.body.find("UID:urn:uuid:" + id), std::string::npos);

  std::string meeting = create("activities", json::object{{"type", "meeting"}, {"subject", "Kick-off " + x}, {"contact_id", id},
                                                          {"starts_at", "2026-05-01T09:00:00Z"}, {"ends_at", "2026-05-01T10:00:00Z"}});
  std::string note = create("activities", json::object{{"type", "note"}, {"subject", "Note " + x}, {"contact_id", id}});
  auto ics = get("/api/v1/activities/" + meeting + "/ics");
  ASSERT_EQ(ics.status, 200) << ics.body;
  EXPECT_EQ(ics.header("content-type"), "text/calendar; charset=utf-8");
  EXPECT_NE(ics.body.find("BEGIN:VEVENT\r\nUID:" + meeting + "\r\n"), std::string::npos) << ics.body;
  EXPECT_NE(ics.body.find("DTSTART:20260501T090000Z\r\nDTEND:20260501T100000Z\r\n"), std::string::npos) << ics.body;
  EXPECT_EQ(get("/api/v1/activities/" + note + "/ics").status, 404) << "a note has no iCalendar form";
  auto listed = get("/api/v1/activities/export?format=ics&filter[subject][contains]=" + x);  // the meeting and the note
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_NE(listed.body.find("UID:" + meeting), std::string::npos);
  EXPECT_EQ(listed.body.find("Note " + x), std::string::npos);
  EXPECT_EQ(listed.body.rfind("BEGIN:VCALENDAR\r\n", 0), 0u);
  EXPECT_TRUE(listed.body.ends_with("END:VCALENDAR\r\n"));
}

// Every file is an attachment named for what it holds, so a plain browser download (the web UI
// hands the URL to the download manager) saves it under that name with the right extension.
TEST_F(Export, EveryFileIsAnAttachmentNamedWithItsExtension) {
  auto today = get("/api/v1/contacts/export?format=ndjson&filter[last_name][eq]=nobody").header("content-disposition");
  ASSERT_EQ(today.rfind("attachment; filename=\"contacts-", 0), 0u) << today;
  const std::string stamp = today.substr(std::string("attachment; filename=\"contacts-").size(), 10);  // YYYY-MM-DD
  EXPECT_TRUE(stamp.size() == 10 && stamp[4] == '-' && stamp[7] == '-') << today;
  const std::vector<std::pair<std::string, std::vector<std::string>>> formats{
      {"companies", {"csv", "xlsx", "ndjson"}}, {"contacts", {"csv", "xlsx", "ndjson", "vcf"}}, {"activities", {"csv", "xlsx", "ndjson", "ics"}},
      {"leads", {"csv", "xlsx", "ndjson"}},     {"deals", {"csv", "xlsx", "ndjson"}},         {"products", {"csv", "xlsx", "ndjson"}},
      {"tickets", {"csv", "xlsx", "ndjson"}}};
  for (const auto& [object, names] : formats)
    for (const auto& format : names) {
      auto r = get("/api/v1/" + object + "/export?format=" + format);
      EXPECT_EQ(r.status, 200) << object << " " << format;
      EXPECT_EQ(r.header("content-disposition"), "attachment; filename=\"" + object + "-" + stamp + "." + format + "\"") << object << " " << format;
    }
  const std::string x = random_suffix();
  std::string contact = create("contacts", json::object{{"last_name", "Named" + x}});
  std::string meeting = create("activities", json::object{{"type", "meeting"}, {"subject", "Named " + x}, {"contact_id", contact},
                                                          {"starts_at", "2026-05-01T09:00:00Z"}, {"ends_at", "2026-05-01T10:00:00Z"}});
  EXPECT_EQ(get("/api/v1/contacts/" + contact + "/vcard").header("content-disposition"), "attachment; filename=\"contact-" + contact + ".vcf\"");
  EXPECT_EQ(get("/api/v1/activities/" + meeting + "/ics").header("content-disposition"), "attachment; filename=\"activity-" + meeting + ".ics\"");
}

// check=true: the export's every check and its file name, without reading or auditing anything.
TEST_F(Export, ACheckAnswersTheExportsRefusalOrNameWithoutExporting) {
  auto newest_export = [this] {
    auto a = get("/api/v1/audit-events?action=export&limit=1");
    EXPECT_EQ(a.status, 200) << a.body;
    const json::value page = a.json();
    const auto& data = page.at("data").as_array();
    return data.empty() ? std::string() : json::serialize(data[0].at("id"));
  };
  // One export to have a newest entry, then checks that add none.
  ASSERT_EQ(get("/api/v1/contacts/export?format=ndjson&filter[last_name][eq]=nobody").status, 200);
  const std::string before = newest_export();
  ASSERT_FALSE(before.empty());
  for (const char* format : {"csv", "xlsx", "ndjson", "vcf"}) {
    auto r = get(std::string("/api/v1/contacts/export?check=true&bom=true&sort=-first_name&filter[last_name][eq]=Somebody&format=") + format);
    EXPECT_EQ(r.status, 204) << format << ": " << r.body;
    EXPECT_TRUE(r.body.empty()) << format;
    EXPECT_TRUE(r.header("content-disposition").starts_with("attachment; filename=\"contacts-")) << format;
    EXPECT_TRUE(r.header("content-disposition").ends_with(std::string(".") + format + "\"")) << format;
  }
  EXPECT_EQ(as("exp1", "GET", "/api/v1/contacts/export?check=true").status, 204) << "a role with an export grant";
  EXPECT_EQ(newest_export(), before) << "a check is not an export";

  // The export's own refusals, in its words.
  auto rep = as("rep1", "GET", "/api/v1/contacts/export?check=true");
  EXPECT_EQ(rep.status, 403) << rep.body;
  EXPECT_EQ(rep.json().at("detail"), as("rep1", "GET", "/api/v1/contacts/export").json().at("detail"));
  auto bad = get("/api/v1/contacts/export?check=true&filter[nope][eq]=1");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json().at("detail"), get("/api/v1/contacts?filter[nope][eq]=1").json().at("detail"));
  EXPECT_EQ(get("/api/v1/contacts/export?check=true&format=pdf").status, 400);
  EXPECT_EQ(get("/api/v1/companies/export?check=true&format=vcf").status, 400);
  EXPECT_EQ(as("exp1", "GET", "/api/v1/contacts/export?check=true&sort=job_title").status, 403) << "a hidden field's sort";
  auto yes = get("/api/v1/contacts/export?check=yes");
  EXPECT_EQ(yes.status, 400);
  EXPECT_NE(text(yes.json(), "detail").find("check"), std::string::npos) << yes.body;
  EXPECT_EQ(newest_export(), before) << "nor is a refusal";
}

}  // namespace
}  // namespace rapport::testing

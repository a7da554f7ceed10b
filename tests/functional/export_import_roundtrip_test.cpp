// Issue 14's round trip: a workspace's companies, contacts and deals exported as CSV (and as XLSX)
// and imported, with the default mapping, into an empty workspace answer the same lists (records,
// field values, order under the same sorts, counts), the same reports over past periods, and each
// deal the same contacts with their roles and the same stage history with its dates.
//
// Workspace A's data comes in by an import with its history (created_at, closed_at in 2023) and by
// the API (today): companies with and without domains, contacts linked to them with several e-mails
// and phones, every type of custom field, non-ASCII text, quotes, commas, line breaks and formula-like
// text, deals in two pipelines in open, won and lost stages with amounts in EUR and USD. B is set up
// as a team moving servers would set it up (the same pipelines, custom fields and users by e-mail:
// configuration, not records), then gets A's three files, companies first. Ids differ between the
// workspaces, so records and reports are compared with every id replaced by what it names.
// Runs on SQLite and, with RAPPORT_TEST_PG_URL, on PostgreSQL.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <map>
#include <thread>
#include <unistd.h>

#include "tenancy_fixture.hpp"
#include "build_paths.hpp"

namespace rapport::testing {
namespace {

const std::string kRepEmail = "rt-rep@roundtrip.test";
const std::string kPassword = "roundtrip-password-123";
const std::string kXlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

std::string csv_companies(const std::string& admin) {
  return "Name,Domain,Industry,Annual Revenue,Currency,Country,Description,Owner,Create Date\r\n"
         "\"Müller & Söhne, \"\"GmbH\"\"\",mueller-soehne.de,Manufacturing,2500000.00,EUR,DE,\"Line one, \"\"quoted\"\"\nline two\"," +
         admin + ",2023-02-03T10:00:00Z\r\n"
         "東京 Trading,tokyo-trading.jp,Trade,,,JP,日本語の説明," + kRepEmail + ",2023-03-04T09:30:00Z\r\n"
         "Acme Corp,acme-rt.com,Software,1200000.50,USD,US,=SUM(A1) is text," + admin + ",2023-01-15T08:00:00Z\r\n"
         "No Domain Ltd,,Consulting,,,GB,,"  + kRepEmail + ",2023-05-06T12:00:00Z\r\n";
}

std::string csv_contacts(const std::string& admin) {
  return "First Name,Last Name,Email,Additional email addresses,Phone,Mobile,Company,Company Domain,Job Title,"
         "Lifecycle Stage,Country,Birthday,Description,Owner,Create Date,custom.note,custom.score,custom.budget,"
         "custom.renewal,custom.vip,custom.tier,custom.tags,custom.backup_email,custom.fax,custom.site\r\n"
         "Zoë,Ångström,zoe@mueller-soehne.de,\"zoe.private@example.org; zoe2@example.net\",+49 30 12345678,"
         "\"+33 1 42 68 53 00; +44 20 7031 3000\",\"Müller & Söhne, \"\"GmbH\"\"\",mueller-soehne.de,"
         "\"Head of \"\"R&D\"\", Europe\",customer,DE,1985-12-10,\"Multi-line\nnote, with commas\"," + admin +
         ",2023-02-10T11:00:00Z,Ünïcödé note,4.5,1500.50,2024-05-01,true,gold,\"red; blue\",zb@example.org,+1 650-253-0000,"
         "https://zoe.example.org\r\n"
         "Kenji,Sato,kenji@tokyo-trading.jp,,+81 3-1234-5678,,東京 Trading,tokyo-trading.jp,営業部長,lead,JP,,,"  + kRepEmail +
         ",2023-03-15T09:00:00Z,,-2,0.99,,false,silver,green,,,\r\n"
         "Ada,Lovelace,ada@acme-rt.com,,,,Acme Corp,acme-rt.com,-CTO-,opportunity,US,1815-12-10,@mention and +1," + admin +
         ",2023-04-01T08:15:00Z,\"=HYPERLINK(\"\"x\"\")\",1000000,,2023-12-31,,,,,,\r\n"
         "Grace,Hopper,grace@nodomain.example,,,,No Domain Ltd,,Admiral,other,GB,,," + kRepEmail + ",2023-05-20T16:45:00Z,,,,,,,,,,\r\n"
         "Solo,Person,solo@example.org,,,,,,,,,,," + admin + ",2023-06-01T07:00:00Z,,,,,,,,,,\r\n";
}

// A CSV field in quotes, its quotes doubled.
std::string quoted(const std::string& v) {
  std::string out = "\"";
  for (char ch : v) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return out + "\"";
}

// A deal's stage history as the export writes it: the stages it went through, oldest first.
std::string history(std::initializer_list<std::pair<const char*, const char*>> entries) {
  json::array a;
  for (const auto& [stage, at] : entries) a.push_back(json::object{{"stage", stage}, {"at", at}});
  return quoted(json::serialize(a));
}

// Deals with their contacts (roles) and stage histories through several stages, dated in 2023.
std::string csv_deals(const std::string& admin) {
  return "Deal Name,Pipeline,Stage,Amount,Currency,Close Date,Closed At,Lost Reason,Company,Company Domain,Owner,"
         "Create Date,Description,deal_contacts,stage_history\r\n"
         "\"Big \"\"Müller\"\" deal\",New business,Won,25000.00,EUR,2023-06-30,2023-06-28T15:00:00Z,,,mueller-soehne.de," + admin +
         ",2023-02-15T10:00:00Z,\"won, finally\",zoe@mueller-soehne.de (decision_maker); kenji@tokyo-trading.jp," +
         history({{"Qualify", "2023-02-15T10:00:00Z"}, {"Propose", "2023-04-01T09:00:00Z"}, {"Won", "2023-06-28T15:00:00Z"}}) + "\r\n"
         "Tokyo expansion,New business,Lost,18000.50,USD,2023-07-31,2023-07-20T10:00:00Z,\"Budget cut, next year\",東京 Trading,"
         "tokyo-trading.jp," + kRepEmail + ",2023-03-20T09:00:00Z,,kenji@tokyo-trading.jp (champion)," +
         history({{"Qualify", "2023-03-20T09:00:00Z"}, {"Propose", "2023-05-02T11:30:00Z"}, {"Qualify", "2023-05-20T08:00:00Z"},
                  {"Lost", "2023-07-20T10:00:00Z"}}) + "\r\n"
         "Acme renewal,Renewals,Renewed,9900.99,USD,2023-09-30,2023-09-15T12:00:00Z,,Acme Corp,acme-rt.com," + admin +
         ",2023-04-01T09:00:00Z,,ada@acme-rt.com (economic_buyer); grace@nodomain.example (user)," +
         history({{"Review", "2023-04-01T09:00:00Z"}, {"Renewed", "2023-09-15T12:00:00Z"}}) + "\r\n"
         "Acme upsell,New business,Propose,12000.00,EUR,2024-03-31,,,Acme Corp,acme-rt.com," + kRepEmail + ",2023-08-01T10:00:00Z,,ada@acme-rt.com," +
         history({{"Qualify", "2023-08-01T10:00:00Z"}, {"Propose", "2023-10-10T10:00:00Z"}}) + "\r\n"
         "No Domain churn,Renewals,Churned,500.00,EUR,2023-10-31,2023-10-15T08:00:00Z,Went with a competitor,No Domain Ltd,," +
         kRepEmail + ",2023-05-10T10:00:00Z,,,\r\n"
         "Open review,Renewals,Review,7000.00,USD,2024-01-31,,,,," + admin + ",2023-09-01T10:00:00Z,\"line\nbreak\",,\r\n"
         "Qualify without amount,New business,Qualify,,,,,,,," + kRepEmail + ",2023-11-11T11:00:00Z,,,\r\n";
}

class RoundTrip : public Tenancy {
 protected:
  struct Side {
    HttpClient* client;
    std::string token;
  };
  Side a() { return {a_.get(), token_a_}; }
  Side b() { return {b_.get(), token_b_}; }

  static HttpResponse call(Side s, const std::string& method, const std::string& target, const json::value* body = nullptr) {
    return s.client->call(method, target, s.token, body);
  }

  // What a team sets up before moving its records: pipelines, custom fields, users (by e-mail).
  void configure(Side s) {
    json::value business = json::object{
        {"name", "New business"},
        {"stages", json::array{json::object{{"name", "Qualify"}, {"probability", 10}, {"type", "open"}},
                               json::object{{"name", "Propose"}, {"probability", 60}, {"type", "open"}},
                               json::object{{"name", "Won"}, {"type", "won"}}, json::object{{"name", "Lost"}, {"type", "lost"}}}}};
    json::value renewals = json::object{
        {"name", "Renewals"},
        {"stages", json::array{json::object{{"name", "Review"}, {"probability", 50}, {"type", "open"}},
                               json::object{{"name", "Renewed"}, {"type", "won"}}, json::object{{"name", "Churned"}, {"type", "lost"}}}}};
    for (const auto* p : {&business, &renewals}) {
      auto r = call(s, "POST", "/api/v1/pipelines", p);
      ASSERT_EQ(r.status, 201) << r.body;
    }
    const json::array fields = {
        json::object{{"name", "note"}, {"type", "text"}},
        json::object{{"name", "score"}, {"type", "number"}},
        json::object{{"name", "budget"}, {"type", "money"}, {"currency", "EUR"}},
        json::object{{"name", "renewal"}, {"type", "date"}},
        json::object{{"name", "vip"}, {"type", "bool"}},
        json::object{{"name", "tier"}, {"type", "select"}, {"options", json::array{"gold", "silver"}}},
        json::object{{"name", "tags"}, {"type", "multi_select"}, {"options", json::array{"red", "green", "blue"}}},
        json::object{{"name", "backup_email"}, {"type", "email"}},
        json::object{{"name", "fax"}, {"type", "phone"}},
        json::object{{"name", "site"}, {"type", "url"}}};
    for (const auto& f : fields) {
      json::value body = f;
      body.as_object()["object_type"] = "contacts";
      auto r = call(s, "POST", "/api/v1/custom-fields", &body);
      ASSERT_EQ(r.status, 201) << r.body;
    }
  }
  void add_user(Side s, const std::string& email, const std::string& role) {
    json::value body = json::object{{"email", email}, {"password", kPassword}, {"role", role}};
    auto r = call(s, "POST", "/api/v1/users", &body);
    ASSERT_EQ(r.status, 201) << r.body;
  }

  // Uploads a file, waits for the import's end; every row must be created.
  void import(Side s, const std::string& object, const std::string& file, const std::string& type, int64_t rows) {
    auto r = s.client->request("POST", "/api/v1/imports?object=" + object, file,
                               {{"Authorization", "Bearer " + s.token}, {"Content-Type", type}});
    ASSERT_EQ(r.status, 202) << r.body;
    const std::string id = text(r.json(), "id");
    json::value last;
    for (int i = 0; i < 600; ++i) {
      last = call(s, "GET", "/api/v1/imports/" + id).json();
      std::string state = text(last, "state");
      if (state == "done" || state == "failed") break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ASSERT_EQ(text(last, "state"), "done") << json::serialize(last);
    const auto& counts = last.at("counts");
    if (counts.at("failed").as_int64() != 0 || counts.at("created").as_int64() != rows)
      ADD_FAILURE() << object << ": " << json::serialize(counts) << "\n" << call(s, "GET", "/api/v1/imports/" + id + "/errors").body
                    << "\nfile:\n" << (type == kXlsxType ? std::string("(xlsx)") : file);
  }

  std::string export_file(Side s, const std::string& object, const std::string& format) {
    auto r = call(s, "GET", "/api/v1/" + object + "/export?format=" + format);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.body;
  }

  // Every id of a workspace mapped to what it names, alike in both workspaces.
  std::map<std::string, std::string> names(Side s) {
    std::map<std::string, std::string> m;
    for (const auto& u : data_of(call(s, "GET", "/api/v1/users?limit=500"))) m[text(u, "id")] = "user:" + text(u, "email");
    for (const auto& p : data_of(call(s, "GET", "/api/v1/pipelines"))) {
      m[text(p, "id")] = "pipeline:" + text(p, "name");
      for (const auto& st : p.at("stages").as_array()) m[text(st, "id")] = "stage:" + text(p, "name") + "/" + text(st, "name");
    }
    for (const auto& c : data_of(call(s, "GET", "/api/v1/companies?limit=100"))) m[text(c, "id")] = "company:" + text(c, "name");
    for (const auto& c : data_of(call(s, "GET", "/api/v1/contacts?limit=100"))) m[text(c, "id")] = "contact:" + text(c, "email");
    return m;
  }

  // v with every id replaced by its name and the members that differ by nature dropped (a record's
  // id, who wrote it and when it was last written: the import is a new write). A report's owners
  // come in the order of their ids, which differ between the workspaces: they are sorted by name.
  static json::value renamed(const json::value& v, const std::map<std::string, std::string>& m, std::string_view key = "") {
    switch (v.kind()) {
      case json::kind::string: {
        auto it = m.find(std::string(v.as_string()));
        return it == m.end() ? v : json::value(it->second);
      }
      case json::kind::array: {
        json::array out;
        for (const auto& e : v.as_array()) out.push_back(renamed(e, m));
        // A deal's contacts come in the order of their ids, which differ like the owners'.
        if (key == "owners" || key == "contacts")
          std::sort(out.begin(), out.end(), [](const json::value& x, const json::value& y) { return json::serialize(x) < json::serialize(y); });
        return out;
      }
      case json::kind::object: {
        json::object out;
        for (const auto& kv : v.as_object()) {
          std::string_view k = kv.key();
          // changed_by: a stage-history entry's author is the importer, a user of each workspace.
          if (k == "id" || k == "created_by" || k == "updated_at" || k == "version" || k == "next_cursor" || k == "changed_by") continue;
          out[k] = renamed(kv.value(), m, k);
        }
        return out;
      }
      default: return v;
    }
  }

  void expect_same(const std::string& target, const std::map<std::string, std::string>& names_a,
                   const std::map<std::string, std::string>& names_b, const std::string& target_b = "") {
    auto ra = call(a(), "GET", target);
    auto rb = call(b(), "GET", target_b.empty() ? target : target_b);
    ASSERT_EQ(ra.status, 200) << target << ": " << ra.body;
    ASSERT_EQ(rb.status, 200) << target << ": " << rb.body;
    json::value ja = renamed(ra.json(), names_a), jb = renamed(rb.json(), names_b);
    if (!alike(ja, jb)) ADD_FAILURE() << target << "\nA: " << json::serialize(ja) << "\nB: " << json::serialize(jb);
  }

  // Equal JSON, but for the time an open deal has spent in its stage so far, which runs on between
  // the two requests (a report's average_seconds: within a minute).
  static bool alike(const json::value& x, const json::value& y, std::string_view key = "") {
    if (key == "average_seconds" && x.is_number() && y.is_number())
      return std::abs(x.to_number<double>() - y.to_number<double>()) <= 60;
    if (x.kind() != y.kind()) return false;
    if (x.is_array()) {
      const auto &ax = x.as_array(), &ay = y.as_array();
      if (ax.size() != ay.size()) return false;
      for (std::size_t i = 0; i < ax.size(); ++i)
        if (!alike(ax[i], ay[i], key)) return false;
      return true;
    }
    if (x.is_object()) {
      const auto &ox = x.as_object(), &oy = y.as_object();
      if (ox.size() != oy.size()) return false;
      for (const auto& kv : ox) {
        const auto* other = oy.if_contains(kv.key());
        if (!other || !alike(kv.value(), *other, kv.key())) return false;
      }
      return true;
    }
    return x == y;
  }

  // A's workspace: the three files imported with their history, and records made today by the API.
  void seed_a() {
    const std::string admin = ServerProcess::admin_email();
    import(a(), "companies", csv_companies(admin), "text/csv", 4);
    import(a(), "contacts", csv_contacts(admin), "text/csv", 5);
    import(a(), "deals", csv_deals(admin), "text/csv", 7);
    auto acme = data_of(call(a(), "GET", "/api/v1/companies?filter[domain][eq]=acme-rt.com"));
    ASSERT_EQ(acme.size(), 1u);
    std::string company = create_a("/api/v1/companies", json::object{{"name", "API Company ÆØÅ"}, {"domain", "api-rt.example"},
                                                                     {"annual_revenue", 99999}, {"currency", "JPY"}});
    create_a("/api/v1/contacts", json::object{{"first_name", "Api"}, {"last_name", "Made"}, {"email", "api@acme-rt.com"},
                                              {"company_id", text(acme[0], "id")},
                                              {"custom", json::object{{"budget", -250}, {"tags", json::array{"blue"}}}}});
    auto pipelines = data_of(call(a(), "GET", "/api/v1/pipelines"));
    std::string business;
    for (const auto& p : pipelines)
      if (text(p, "name") == "New business") business = text(p, "id");
    create_a("/api/v1/deals", json::object{{"name", "Made today"}, {"pipeline_id", business}, {"company_id", company},
                                           {"amount", 123456}, {"currency", "JPY"}, {"expected_close_date", "2027-01-15"}});
  }

  void round_trip(const std::string& format) {
    configure(a());
    configure(b());
    add_user(a(), kRepEmail, "sales_rep");
    add_user(b(), kRepEmail, "sales_rep");
    add_user(b(), ServerProcess::admin_email(), "admin");  // A's admin, by e-mail, owns records in B too
    if (HasFatalFailure()) return;
    seed_a();
    if (HasFatalFailure()) return;

    const std::string type = format == "xlsx" ? kXlsxType : "text/csv";
    std::map<std::string, int64_t> rows{{"companies", 5}, {"contacts", 6}, {"deals", 8}};
    for (const char* object : {"companies", "contacts", "deals"}) {
      std::string file = export_file(a(), object, format);
      if (format == "xlsx") check_with_python(file, rows[object]);
      import(b(), object, file, type, rows[object]);
    }

    auto names_a = names(a()), names_b = names(b());
    // The lists: the same records with the same values, in the same order under each sort, and counts.
    for (const char* list : {"/api/v1/companies?limit=100&count=true&sort=name", "/api/v1/companies?limit=100&sort=-created_at",
                                    "/api/v1/contacts?limit=100&count=true&sort=last_name", "/api/v1/contacts?limit=100&sort=-created_at",
                                    "/api/v1/contacts?limit=100&filter[custom.tier][eq]=gold",
                                    "/api/v1/deals?limit=100&count=true&sort=name", "/api/v1/deals?limit=100&sort=-amount",
                                    "/api/v1/deals?limit=100&sort=-created_at&filter[expected_close_date][lt]=2024-01-01"})
      expect_same(list, names_a, names_b);
    // Each deal's stage history: the same stages at the same times; and its contacts with their roles.
    std::map<std::string, std::string> deals_b;
    for (const auto& d : data_of(call(b(), "GET", "/api/v1/deals?limit=100"))) deals_b[text(d, "name")] = text(d, "id");
    int64_t entries = 0, contacts = 0;
    for (const auto& d : data_of(call(a(), "GET", "/api/v1/deals?limit=100"))) {
      ASSERT_TRUE(deals_b.count(text(d, "name"))) << text(d, "name");
      const std::string path = "/api/v1/deals/";
      expect_same(path + text(d, "id") + "/stage-history", names_a, names_b, path + deals_b[text(d, "name")] + "/stage-history");
      entries += static_cast<int64_t>(data_of(call(a(), "GET", path + text(d, "id") + "/stage-history")).size());
      contacts += static_cast<int64_t>(d.at("contacts").as_array().size());
    }
    EXPECT_EQ(entries, 3 + 4 + 2 + 2 + 1 + 1 + 1 + 1) << "the histories of the file, one entry for the others";
    EXPECT_EQ(contacts, 2 + 1 + 2 + 1);
    // The reports over past periods (and up to today, for the records made by the API).
    for (const char* report : {"/api/v1/reports/funnel?from=2023-01&to=2024-12", "/api/v1/reports/funnel",
                                      "/api/v1/reports/forecast?from=2023-01&to=2024-12",
                                      "/api/v1/reports/forecast?from=2023-01&to=2027-12&group=quarter"})
      expect_same(report, names_a, names_b);
    for (const auto& [id, name] : names_a) {
      if (!name.starts_with("pipeline:")) continue;
      std::string id_b;
      for (const auto& [other, other_name] : names_b)
        if (other_name == name) id_b = other;
      expect_same("/api/v1/reports/pipeline?pipeline_id=" + id, names_a, names_b, "/api/v1/reports/pipeline?pipeline_id=" + id_b);
      expect_same("/api/v1/reports/funnel?from=2023-01&to=2024-12&pipeline_id=" + id, names_a, names_b,
                  "/api/v1/reports/funnel?from=2023-01&to=2024-12&pipeline_id=" + id_b);
    }
    // The workspaces hold the same number of records (nothing created twice by a lookup).
    for (const char* object : {"companies", "contacts", "deals"}) {
      auto ca = call(a(), "GET", std::string("/api/v1/") + object + "?limit=1&count=true").json();
      auto cb = call(b(), "GET", std::string("/api/v1/") + object + "?limit=1&count=true").json();
      EXPECT_EQ(ca.at("total"), cb.at("total")) << object;
      EXPECT_EQ(ca.at("total").as_int64(), rows[object]) << object;
    }
  }

  // An independent reader of the workbook: Python's zipfile and XML parser (scripts/xlsx-check.py).
  static void check_with_python(const std::string& bytes, int64_t rows) {
    auto path = std::filesystem::temp_directory_path() / ("roundtrip-" + std::to_string(::getpid()) + ".xlsx");
    std::ofstream(path, std::ios::binary) << bytes;
    std::string cmd = "python3 " + std::string(source_dir()) + "/scripts/xlsx-check.py " + path.string() + " " +
                      std::to_string(rows) + " 2>&1";
    std::string out;
    int status = -1;
    if (FILE* p = popen(cmd.c_str(), "r")) {
      char buf[512];
      while (std::fgets(buf, sizeof buf, p)) out += buf;
      status = pclose(p);
    }
    std::filesystem::remove(path);
    EXPECT_EQ(status, 0) << out;
  }
};

TEST_F(RoundTrip, CsvExportsImportIntoAnEmptyWorkspaceAlike) { round_trip("csv"); }

TEST_F(RoundTrip, XlsxExportsImportIntoAnEmptyWorkspaceAlike) { round_trip("xlsx"); }

}  // namespace
}  // namespace rapport::testing

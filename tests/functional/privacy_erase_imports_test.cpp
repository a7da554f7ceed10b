// GDPR erasure and imports (modules/imports/forget_person.hpp): after POST /contacts/{id}/erase no
// byte of the person's name or e-mail address is left in the import tables: the undo-log rows of the
// imports that created or updated the contact are deleted, failed rows holding the person are
// deleted, and every stored file holding the person is dropped (a vCard whose address is folded over
// two lines included: files are read through their reader). Other imports keep their files; undo
// still works and leaves the erased contact alone; an import still running that holds the person is
// a 409 with nothing changed. The person's data export lists the imports that touched them.
// Runs on SQLite and, with RAPPORT_TEST_PG_URL, on PostgreSQL.
#include "imports_fixture.hpp"
#include "privacy_helpers.hpp"

namespace rapport::testing {
namespace {

int64_t stored_pieces(const std::string& data_dir, const std::string& import_id) {
  int64_t n = -1;
  with_database(data_dir, [&](db::Connection& c) {
    n = std::get<int64_t>(c.scalar("SELECT count(*) FROM import_files WHERE import_id = ?", {import_id}));
  });
  return n;
}

TEST_F(Imports, ErasureLeavesNothingOfThePersonInImports) {
  const std::string x = random_suffix();
  const std::string first = "Quillon" + x, last = "Marrowby" + x, email = "quillon." + x + "@example.com";
  const std::string other = "other." + x + "@example.com", bystander = "bystander." + x + "@example.com";
  auto import_csv = [&](const std::string& csv, const std::string& mapping = "") {
    auto r = mapping.empty() ? upload("admin", "?object=contacts", csv)
                             : upload("admin", "?object=contacts", multipart(csv, mapping), "multipart/form-data; boundary=XB");
    EXPECT_EQ(r.status, 202) << r.body;
    const std::string id = text(r.json(), "id");
    EXPECT_EQ(text(wait(id), "state"), "done");
    return id;
  };
  // A: creates the person and another contact. B: updates the person (the undo log keeps the
  // before-image). C: the person's row fails (its cells are kept as a failed row).
  const std::string a = import_csv("First Name,Last Name,Email\r\nOlga,Other" + x + "," + other + "\r\n\r\n" + first + "," + last + "," + email + "\r\n");
  const std::string b = import_csv("Email,Job Title\r\n" + email + ",Director\r\n", R"({"on_duplicate":"update"})");
  const std::string c = import_csv("First Name,Last Name,Email,Create Date\r\n" + first + "," + last + "," + email +
                                   ",31/31/2019\r\nBea,Bystander" + x + "," + bystander + ",\r\n");
  // D: a vCard holding the person, skipped as a duplicate (no row names the contact); the address is
  // folded over two lines, so only the reader finds it (and the file is stored base64).
  auto vr = upload("admin", "?object=contacts",
                   "BEGIN:VCARD\r\nVERSION:3.0\r\nN:" + last + ";" + first + ";;;\r\nFN:" + first + " " + last + "\r\nEMAIL;TYPE=INTERNET:quillon." +
                       x + "@exa\r\n mple.com\r\nEND:VCARD\r\n",
                   "text/vcard");
  ASSERT_EQ(vr.status, 202) << vr.body;
  const std::string d = text(vr.json(), "id");
  json::value d_done = wait(d);
  ASSERT_EQ(count(d_done, "skipped"), 1) << json::serialize(d_done);
  // E: another person only; its file stays.
  const std::string e = import_csv("First Name,Last Name,Email\r\nEd,Else" + x + ",else." + x + "@example.com\r\n");

  auto found = find("contacts", "email", email);
  ASSERT_EQ(found.size(), 1u);
  const std::string id = text(found[0], "id");
  // The person's export lists the imports that created and updated them.
  auto exported = get("/api/v1/contacts/" + id + "/export");
  ASSERT_EQ(exported.status, 200) << exported.body;
  const json::value doc = exported.json();
  const json::array& touched = doc.at("imports").as_array();
  ASSERT_EQ(touched.size(), 2u) << exported.body;
  EXPECT_EQ(text(touched[0], "import_id"), a);
  EXPECT_EQ(text(touched[0], "kind"), "created");
  EXPECT_EQ(text(touched[1], "import_id"), b);
  EXPECT_EQ(text(touched[1], "kind"), "updated");
  // Each with the line of its file where the person's row starts (A's is after a row and a blank line).
  EXPECT_EQ(touched[0].at("line"), json::value(4)) << exported.body;
  EXPECT_EQ(touched[1].at("line"), json::value(2)) << exported.body;

  const std::vector<std::string> needles{first, last, email};
  // Before: the scan finds the person in the import tables (text files, failed rows, the before-image).
  auto before = database_hits(server().data_dir(), needles);
  EXPECT_TRUE(std::any_of(before.begin(), before.end(), [](const std::string& h) { return h.rfind("import_files", 0) == 0; }))
      << json::serialize(json::value_from(before));
  EXPECT_TRUE(std::any_of(before.begin(), before.end(), [](const std::string& h) { return h.rfind("import_rows", 0) == 0; }))
      << json::serialize(json::value_from(before));
  for (const auto& i : {a, b, c, d, e}) EXPECT_GT(stored_pieces(server().data_dir(), i), 0) << i;

  // An import that holds the person and is still running: 409, nothing changed.
  with_database(server().data_dir(), [&](db::Connection& conn) { conn.prepare("UPDATE imports SET state = 'running' WHERE id = ?").bind_all({c}).run(); });
  auto refused = post("/api/v1/contacts/" + id + "/erase", json::object{});
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_NE(refused.body.find(c), std::string::npos) << refused.body;
  EXPECT_EQ(get("/api/v1/contacts/" + id).status, 200);
  for (const auto& i : {a, b, c, d}) EXPECT_GT(stored_pieces(server().data_dir(), i), 0) << i;
  EXPECT_EQ(text(get("/api/v1/imports/" + a).json(), "state"), "done");
  with_database(server().data_dir(), [&](db::Connection& conn) { conn.prepare("UPDATE imports SET state = 'done' WHERE id = ?").bind_all({c}).run(); });

  auto erased = post("/api/v1/contacts/" + id + "/erase", json::object{});
  ASSERT_EQ(erased.status, 200) << erased.body;
  EXPECT_EQ(erased.json().at("imports_scrubbed").as_int64(), 4) << erased.body;
  auto hits = database_hits(server().data_dir(), needles);
  EXPECT_TRUE(hits.empty()) << "personal data left after erasure: " << json::serialize(json::value_from(hits));
  if (!on_postgres()) {
    auto raw = file_hits(server().data_dir(), needles);
    EXPECT_TRUE(raw.empty()) << "bytes left in the SQLite files: " << json::serialize(json::value_from(raw));
  }
  for (const auto& i : {a, b, c, d}) EXPECT_EQ(stored_pieces(server().data_dir(), i), 0) << i;
  EXPECT_GT(stored_pieces(server().data_dir(), e), 0) << "a file without the person stays";
  // The imports themselves stay with their counts; C's errors CSV no longer holds the person's row.
  auto c_now = get("/api/v1/imports/" + c).json();
  EXPECT_EQ(count(c_now, "failed"), 1);
  auto errors = get("/api/v1/imports/" + c + "/errors");
  ASSERT_EQ(errors.status, 200) << errors.body;
  EXPECT_EQ(errors.body.find(email), std::string::npos) << errors.body;

  // Undo still works, and leaves the erased contact erased.
  undo(b);
  json::value undone = undo(a);
  EXPECT_EQ(text(undone, "state"), "undone");
  EXPECT_TRUE(find("contacts", "email", other).empty()) << "A's other contact went with the undo";
  EXPECT_EQ(get("/api/v1/contacts/" + id).status, 404);
  EXPECT_TRUE(database_hits(server().data_dir(), needles).empty());
}

}  // namespace
}  // namespace rapport::testing

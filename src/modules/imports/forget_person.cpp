#include "modules/imports/forget_person.hpp"

#include <algorithm>
#include <set>

#include "modules/imports/file_reader.hpp"
#include "modules/imports/import_store.hpp"
#include "platform/case_fold.hpp"
#include "platform/db/row_reader.hpp"
#include "platform/ids.hpp"

namespace rapport::imports {

namespace {

bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char ch) { return static_cast<unsigned char>(ch) < 0x80; });
}

// Looks for the folded keys in text given piece after piece: the tail of each piece is kept, so a
// value cut between two pieces is found. ASCII keys are found in the text lowered byte by byte (the
// common case, and cheap on a file of hundreds of MiB); a key beyond ASCII needs the text folded.
class KeySearch {
 public:
  explicit KeySearch(const std::vector<std::string>& keys) : keys_(keys) {
    for (const auto& k : keys_) longest_ = std::max(longest_, k.size());
    ascii_ = std::all_of(keys_.begin(), keys_.end(), [](const std::string& k) { return is_ascii(k); });
  }

  bool found() const { return found_; }

  void feed(std::string_view text) {
    if (found_ || keys_.empty()) return;
    std::string window = tail_;
    window.append(text);
    std::string folded = ascii_ ? lower(window) : case_fold::key(window);
    for (const auto& k : keys_)
      if (folded.find(k) != std::string::npos) found_ = true;
    // Four bytes a key's byte: a folded character may be shorter than its original.
    const std::size_t keep = std::min(window.size(), longest_ * 4);
    tail_ = window.substr(window.size() - keep);
  }

  // A whole value (a record's cells): no tail carried over.
  bool holds(std::string_view text) const {
    std::string folded = ascii_ ? lower(text) : case_fold::key(text);
    return std::any_of(keys_.begin(), keys_.end(), [&](const std::string& k) { return folded.find(k) != std::string::npos; });
  }

 private:
  static std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& ch : out)
      if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    return out;
  }

  const std::vector<std::string>& keys_;
  std::size_t longest_ = 0;
  bool ascii_ = true;
  bool found_ = false;
  std::string tail_;
};

struct StoredFile {
  std::string import_id, kind, sheet, state;
};

// Whether the stored file holds one of the keys. A CSV file is its UTF-8 text; a vCard or XLSX file
// (base64 pieces) is read through its reader and each record's cells are searched: the bytes of a
// workbook are deflated, a card's value may be folded or quoted-printable. A file the reader cannot
// read to its end is treated as holding the person (it cannot be shown not to).
bool file_holds(db::Connection& c, const StoredFile& f, const std::vector<std::string>& keys) {
  KeySearch search(keys);
  if (f.kind == "csv") {
    for (int64_t seq = 0; !search.found(); ++seq) {
      auto text = store::read_text(c, f.import_id, seq);
      if (!text) break;
      search.feed(*text);
    }
    return search.found();
  }
  auto reader = open_reader(f.kind == "xlsx" ? FileKind::Xlsx : FileKind::Vcard,
                            {.csv = {}, .vcard = {}, .xlsx = {}, .sheet = f.sheet, .spool_dir = {}});
  bool hit = false;
  auto drain = [&] {
    while (auto r = reader->next()) {
      std::string cells;
      for (const auto& cell : r->fields) cells.append(cell).push_back('\n');
      if (search.holds(cells)) hit = true;
    }
  };
  for (int64_t seq = 0; !hit; ++seq) {
    auto text = store::read_text(c, f.import_id, seq);
    if (!text) break;
    std::string bytes;
    if (!ids::base64_decode(*text, bytes)) return true;
    bool fed = reader->feed(bytes);
    drain();
    if (!fed) return true;
  }
  if (hit) return true;
  bool finished = reader->finish();
  drain();
  return hit || !finished;
}

}  // namespace

Result<ImportsForgotten> forget_person(db::Connection& c, const std::string& workspace_id, const std::string& contact_id,
                                       const std::vector<std::string>& keys) {
  ImportsForgotten out;
  std::set<std::string> holding;  // imports whose file goes

  // The undo log of the contact: the imports that created or updated it.
  std::vector<int64_t> rows;
  {
    auto& st = c.prepare(
        "SELECT r.id, r.import_id FROM import_rows r JOIN imports i ON i.id = r.import_id WHERE i.workspace_id = ? "
        "AND r.kind IN ('created', 'updated') AND r.object = 'contacts' AND r.record_id = ?");
    st.bind_all({workspace_id, contact_id});
    while (st.step()) {
      rows.push_back(st.int64(0));
      holding.insert(st.text(1));
    }
    st.reset();
  }
  // Failed rows that hold the person's values (the row's cells, the value, the message).
  if (!keys.empty()) {
    KeySearch search(keys);
    auto& st = c.prepare(
        "SELECT r.id, r.import_id, r.value, r.message, r.raw FROM imports i JOIN import_rows r ON r.import_id = i.id "
        "AND r.kind = 'error' WHERE i.workspace_id = ?");
    st.bind_all({workspace_id});
    while (st.step()) {
      db::RowReader r(st, 2);
      std::string text = r.opt_text().value_or("");
      text.push_back('\n');
      text += r.opt_text().value_or("");
      text.push_back('\n');
      text += r.opt_text().value_or("");
      if (search.holds(text)) {
        rows.push_back(st.int64(0));
        holding.insert(st.text(1));
      }
    }
    st.reset();
  }
  // The stored files: those of the imports above go whatever they hold; the others when they hold
  // one of the person's values.
  std::vector<StoredFile> files;
  {
    auto& st = c.prepare(
        "SELECT id, file_kind, sheet, state FROM imports i WHERE workspace_id = ? "
        "AND EXISTS (SELECT 1 FROM import_files f WHERE f.import_id = i.id) ORDER BY id");
    st.bind_all({workspace_id});
    while (st.step()) {
      db::RowReader r(st);
      files.push_back(StoredFile{.import_id = r.text(), .kind = r.text(), .sheet = r.text(), .state = r.text()});
    }
    st.reset();
  }
  std::set<std::string> dropping;
  for (const auto& f : files)
    if (holding.count(f.import_id) || (!keys.empty() && file_holds(c, f, keys))) dropping.insert(f.import_id);

  // An import still to read its file (or writing its rows) keeps it: the erasure waits for its end.
  std::set<std::string> touched = holding;
  touched.insert(dropping.begin(), dropping.end());
  for (const auto& id : touched) {
    auto state = c.scalar("SELECT state FROM imports WHERE id = ?", {id});
    if (auto* s = std::get_if<std::string>(&state); s && (*s == "queued" || *s == "running"))
      return Problem::conflict("import " + id + " holds this person's data and is " + *s +
                               "; erase the contact again when it has ended (or undo it)");
  }

  for (int64_t row : rows) c.prepare("DELETE FROM import_rows WHERE id = ?").bind_all({row}).run();
  for (const auto& id : dropping) c.prepare("DELETE FROM import_files WHERE import_id = ?").bind_all({id}).run();
  c.prepare("DELETE FROM record_external_ids WHERE workspace_id = ? AND object = 'contacts' AND record_id = ?")
      .bind_all({workspace_id, contact_id})
      .run();
  out.files_dropped = static_cast<int64_t>(dropping.size());
  out.rows_removed = static_cast<int64_t>(rows.size());
  out.imports = static_cast<int64_t>(touched.size());
  return out;
}

std::vector<ImportTouch> imports_of_contact(db::Connection& c, const std::string& workspace_id, const std::string& contact_id) {
  auto& st = c.prepare(
      "SELECT i.id, i.file_name, r.kind, r.line, i.state, i.created_at FROM import_rows r JOIN imports i ON i.id = r.import_id "
      "WHERE i.workspace_id = ? AND r.kind IN ('created', 'updated') AND r.object = 'contacts' AND r.record_id = ? "
      "ORDER BY i.created_at, i.id, r.id");
  st.bind_all({workspace_id, contact_id});
  std::vector<ImportTouch> out;
  while (st.step()) {
    db::RowReader r(st);
    ImportTouch t;
    t.import_id = r.text();
    t.file_name = r.text();
    t.kind = r.text();
    t.line = r.int64();
    t.state = r.text();
    t.created_at = r.text();
    out.push_back(std::move(t));
  }
  st.reset();
  return out;
}

}  // namespace rapport::imports

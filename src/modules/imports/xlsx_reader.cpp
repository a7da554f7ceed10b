#include "modules/imports/xlsx_reader.hpp"

#include <expat.h>
#include <unistd.h>
#include <zip.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <unordered_map>

#include "modules/imports/xlsx_values.hpp"
#include "platform/ascii.hpp"

namespace rapport::imports {

namespace {

constexpr uint64_t kMaxSmallPart = 16 * 1024 * 1024;  // the workbook, its relationships, its styles
constexpr std::size_t kChunk = 64 * 1024;

std::string_view local_name(const char* name) {
  std::string_view n(name);
  auto colon = n.find(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

// An attribute's value by its local name ("r:id" is "id"); nullptr when absent.
const char* attribute(const char** attrs, std::string_view name) {
  for (std::size_t i = 0; attrs[i]; i += 2)
    if (local_name(attrs[i]) == name) return attrs[i + 1];
  return nullptr;
}

std::size_t to_size(const char* text, std::size_t otherwise) {
  std::size_t n = 0;
  if (!text || !*text) return otherwise;
  for (const char* p = text; *p; ++p) {
    if (*p < '0' || *p > '9' || n > 1'000'000'000) return otherwise;
    n = n * 10 + static_cast<std::size_t>(*p - '0');
  }
  return n;
}

std::string size_text(uint64_t bytes) {
  if (bytes >= 1024 * 1024) return std::to_string(bytes / 1024 / 1024) + " MiB";
  return bytes >= 1024 ? std::to_string(bytes / 1024) + " KiB" : std::to_string(bytes) + " bytes";
}

// SAX parsing with expat: element names without their namespace prefix. A DTD stops it (no entity
// may expand: the "billion laughs"), and so does a handler's stop().
class Xml {
 public:
  struct Handler {
    virtual ~Handler() = default;
    virtual void start(Xml& xml, std::string_view name, const char** attrs) = 0;
    virtual void end(Xml& xml, std::string_view name) = 0;
    virtual void text(Xml&, std::string_view) {}
  };
  explicit Xml(Handler& h) : handler_(h), parser_(XML_ParserCreate(nullptr)) {
    XML_SetUserData(parser_, this);
    XML_SetElementHandler(parser_, &Xml::on_start, &Xml::on_end);
    XML_SetCharacterDataHandler(parser_, &Xml::on_text);
    XML_SetStartDoctypeDeclHandler(parser_, &Xml::on_doctype);
  }
  ~Xml() { XML_ParserFree(parser_); }
  Xml(const Xml&) = delete;
  Xml& operator=(const Xml&) = delete;

  bool parse(std::string_view chunk, bool last) {
    if (!error_.empty()) return false;
    if (XML_Parse(parser_, chunk.data(), static_cast<int>(chunk.size()), last) == XML_STATUS_ERROR && error_.empty())
      error_ = "line " + std::to_string(XML_GetCurrentLineNumber(parser_)) + ": " +
               XML_ErrorString(XML_GetErrorCode(parser_));
    return error_.empty();
  }
  void stop(std::string why) {
    if (error_.empty()) error_ = std::move(why);
    XML_StopParser(parser_, XML_FALSE);
  }
  bool stopped() const { return !error_.empty(); }
  const std::string& error() const { return error_; }

 private:
  static void on_start(void* self, const char* name, const char** attrs) {
    auto* x = static_cast<Xml*>(self);
    if (!x->stopped()) x->handler_.start(*x, local_name(name), attrs);
  }
  static void on_end(void* self, const char* name) {
    auto* x = static_cast<Xml*>(self);
    if (!x->stopped()) x->handler_.end(*x, local_name(name));
  }
  static void on_text(void* self, const char* s, int len) {
    auto* x = static_cast<Xml*>(self);
    if (!x->stopped()) x->handler_.text(*x, std::string_view(s, static_cast<std::size_t>(len)));
  }
  static void on_doctype(void* self, const char*, const char*, const char*, int) {
    static_cast<Xml*>(self)->stop("a DTD is not allowed in a workbook");
  }
  Handler& handler_;
  XML_Parser parser_;
  std::string error_;
};

// Relationships (a part's _rels/NAME.rels): id -> target path, and the targets by type.
struct Rels final : Xml::Handler {
  std::string base;  // the folder of the part the targets are relative to, with its '/'
  std::unordered_map<std::string, std::string> by_id;
  std::unordered_map<std::string, std::string> by_type;  // the last segment of the Type URI
  void start(Xml&, std::string_view name, const char** attrs) override {
    if (name != "Relationship") return;
    const char *id = attribute(attrs, "Id"), *type = attribute(attrs, "Type"), *target = attribute(attrs, "Target");
    if (!id || !target) return;
    std::string_view t(target);
    std::string path = t.starts_with("/") ? std::string(t.substr(1)) : base + std::string(t);
    if (type) {
      std::string_view ty(type);
      by_type.emplace(std::string(ty.substr(ty.rfind('/') + 1)), path);
    }
    by_id.emplace(id, std::move(path));
  }
  void end(Xml&, std::string_view) override {}
};

struct Workbook final : Xml::Handler {
  struct Sheet {
    std::string name, rel_id;
  };
  std::vector<Sheet> sheets;
  bool date1904 = false;
  void start(Xml& xml, std::string_view name, const char** attrs) override {
    if (name == "workbookPr") {
      const char* flag = attribute(attrs, "date1904");
      date1904 = flag && (std::string_view(flag) == "1" || std::string_view(flag) == "true");
    } else if (name == "sheet") {
      const char *n = attribute(attrs, "name"), *id = attribute(attrs, "id");
      if (sheets.size() >= 10000) return xml.stop("more than 10000 sheets");
      if (n && id) sheets.push_back({n, id});
    }
  }
  void end(Xml&, std::string_view) override {}
};

// Which cell formats (the `s` of a cell: an index into cellXfs) show dates.
struct Styles final : Xml::Handler {
  std::unordered_map<std::size_t, DateKind> custom;  // numFmtId -> kind, from numFmts
  std::vector<std::size_t> xf_formats;              // cellXfs, in order: their numFmtId
  bool in_cell_xfs = false;
  void start(Xml&, std::string_view name, const char** attrs) override {
    if (name == "numFmt") {
      const char *id = attribute(attrs, "numFmtId"), *code = attribute(attrs, "formatCode");
      if (id && code) custom[to_size(id, 0)] = date_format_kind(code);
    } else if (name == "cellXfs") {
      in_cell_xfs = true;
    } else if (name == "xf" && in_cell_xfs) {
      xf_formats.push_back(to_size(attribute(attrs, "numFmtId"), 0));
    }
  }
  void end(Xml&, std::string_view name) override {
    if (name == "cellXfs") in_cell_xfs = false;
  }
  std::vector<DateKind> kinds() const {
    std::vector<DateKind> out;
    for (auto id : xf_formats) {
      auto it = custom.find(id);
      out.push_back(it != custom.end() ? it->second : builtin_date_kind(static_cast<int>(std::min<std::size_t>(id, 1000))));
    }
    return out;
  }
};

// The shared strings table, held whole in one buffer (a cell names a string by its index).
struct SharedStrings final : Xml::Handler {
  std::size_t max_bytes = 0;
  std::string texts;
  std::vector<std::size_t> ends;
  std::size_t begin = 0;
  int phonetic = 0;  // inside <rPh>: a reading aid, not the text
  bool in_t = false;
  void start(Xml&, std::string_view name, const char**) override {
    if (name == "si") begin = texts.size();
    else if (name == "rPh") ++phonetic;
    else if (name == "t" && phonetic == 0) in_t = true;
  }
  void end(Xml& xml, std::string_view name) override {
    if (name == "t") in_t = false;
    else if (name == "rPh") --phonetic;
    else if (name == "si") {
      if (texts.find("_x", begin) != std::string::npos) {
        std::string plain = unescape_ooxml(std::string_view(texts).substr(begin));
        texts.resize(begin);
        texts += plain;
      }
      ends.push_back(texts.size());
      check(xml);
    }
  }
  void text(Xml& xml, std::string_view s) override {
    if (!in_t) return;
    texts.append(s);
    check(xml);
  }
  void check(Xml& xml) {
    if (texts.size() + ends.size() * sizeof(std::size_t) > max_bytes)
      xml.stop("the shared strings take more than " + size_text(max_bytes));
  }
  std::optional<std::string_view> get(std::size_t i) const {
    if (i >= ends.size()) return std::nullopt;
    std::size_t from = i == 0 ? 0 : ends[i - 1];
    return std::string_view(texts).substr(from, ends[i] - from);
  }
};

// The rows of the sheet, as its XML is parsed.
struct SheetRows final : Xml::Handler {
  const XlsxLimits* limits = nullptr;
  const SharedStrings* strings = nullptr;
  const std::vector<DateKind>* xf_kinds = nullptr;
  bool date1904 = false;
  std::deque<CsvRecord>* ready = nullptr;

  uint64_t row = 0;
  std::size_t rows = 0, next_column = 0, column = 0, style = 0;
  std::vector<std::string> fields;
  std::string type, value_text;  // the cell's t attribute and its <v> or inline text
  bool in_cell = false, in_inline = false, collect = false;
  int phonetic = 0;

  std::string where() const { return "row " + std::to_string(row) + ", column " + column_name(column); }

  void start(Xml& xml, std::string_view name, const char** attrs) override {
    if (name == "row") {
      std::size_t r = to_size(attribute(attrs, "r"), 0);
      row = r > row ? r : row + 1;
      fields.clear();
      next_column = 0;
    } else if (name == "c") {
      const char* ref = attribute(attrs, "r");
      auto c = ref ? column_of(ref) : std::optional<std::size_t>(next_column);
      if (!c) return xml.stop("row " + std::to_string(row) + ": \"" + std::string(ref).substr(0, 20) + "\" is no cell reference");
      column = *c;
      const char* t = attribute(attrs, "t");
      type = t ? t : "";
      style = to_size(attribute(attrs, "s"), 0);
      value_text.clear();
      in_cell = true;
    } else if (name == "v") {
      collect = in_cell;
    } else if (name == "is") {
      in_inline = in_cell;
    } else if (name == "rPh") {
      ++phonetic;
    } else if (name == "t") {
      collect = in_inline && phonetic == 0;
    }
  }

  void end(Xml& xml, std::string_view name) override {
    if (name == "v" || name == "t") {
      collect = false;
    } else if (name == "rPh") {
      --phonetic;
    } else if (name == "is") {
      in_inline = false;
    } else if (name == "c" && in_cell) {
      in_cell = false;
      std::string value;
      if (!cell_value(xml, value)) return;
      next_column = column + 1;
      if (value.empty()) return;
      if (column >= limits->max_columns)
        return xml.stop(where() + ": beyond the " + std::to_string(limits->max_columns) + " columns read");
      if (fields.size() <= column) fields.resize(column + 1);
      fields[column] = std::move(value);
    } else if (name == "row") {
      if (fields.empty()) return;
      if (++rows > limits->max_rows) return xml.stop("more than " + std::to_string(limits->max_rows) + " rows");
      ready->push_back(CsvRecord{.line = row, .fields = std::move(fields)});
      fields.clear();
    }
  }

  void text(Xml& xml, std::string_view s) override {
    if (!collect) return;
    value_text.append(s);
    if (value_text.size() > limits->max_cell_bytes)
      xml.stop(where() + ": a cell longer than " + size_text(limits->max_cell_bytes));
  }

  bool cell_value(Xml& xml, std::string& out) {
    if (type == "s") {
      if (value_text.empty()) return true;
      auto s = strings->get(to_size(value_text.c_str(), SIZE_MAX));
      if (!s) {
        xml.stop(where() + ": shared string " + value_text.substr(0, 20) + " is not in the workbook");
        return false;
      }
      out = *s;
    } else if (type == "inlineStr") {
      out = unescape_ooxml(value_text);
    } else if (type == "b") {
      out = value_text.empty() ? "" : value_text == "0" ? "FALSE" : "TRUE";
    } else if (type == "str" || type == "e" || type == "d") {
      out = std::move(value_text);  // a formula's text, an error value (#N/A), an ISO date
    } else if (!value_text.empty()) {
      DateKind kind = style < xf_kinds->size() ? (*xf_kinds)[style] : DateKind::None;
      std::optional<std::string> date;
      if (kind != DateKind::None) {
        double serial = 0;
        const char* end = value_text.data() + value_text.size();
        if (std::from_chars(value_text.data(), end, serial).ptr == end) date = serial_date_text(serial, kind, date1904);
      }
      out = date ? std::move(*date) : number_text(value_text);
    }
    return true;
  }
};

std::string folder_of(std::string_view path) {
  auto slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string() : std::string(path.substr(0, slash + 1));
}

std::string rels_of(std::string_view path) {
  auto slash = path.rfind('/');
  std::size_t cut = slash == std::string_view::npos ? 0 : slash + 1;
  return std::string(path.substr(0, cut)) + "_rels/" + std::string(path.substr(cut)) + ".rels";
}

}  // namespace

struct XlsxReader::Archive {
  zip_t* zip = nullptr;
  const XlsxLimits* limits = nullptr;
  SharedStrings strings;
  std::vector<DateKind> xf_kinds;
  SheetRows rows;
  std::unique_ptr<Xml> sheet_xml;
  zip_file_t* sheet = nullptr;
  std::string sheet_path;
  uint64_t sheet_size = 0, sheet_read = 0;
  bool done = false;
  std::deque<CsvRecord> ready;

  ~Archive() {
    if (sheet) zip_fclose(sheet);
    if (zip) zip_discard(zip);  // read only: nothing to write; closes the spooled file
  }

  // The part's entry after checking what it inflates to; nullptr (and `error`) or absent.
  zip_file_t* open(const std::string& path, uint64_t max_bytes, uint64_t& size, std::string& error) {
    zip_int64_t index = zip_name_locate(zip, path.c_str(), 0);
    if (index < 0) index = zip_name_locate(zip, path.c_str(), ZIP_FL_NOCASE);
    if (index < 0) return nullptr;
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(zip, static_cast<zip_uint64_t>(index), 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) ||
        !(st.valid & ZIP_STAT_COMP_SIZE)) {
      error = path + ": its size is not known";
      return nullptr;
    }
    if (st.size > max_bytes) {
      error = path + " inflates to " + size_text(st.size) + ", more than the " + size_text(max_bytes) + " read";
      return nullptr;
    }
    if (st.size > 0 && (st.comp_size == 0 || st.size / st.comp_size > limits->max_ratio)) {
      error = path + " inflates " + (st.comp_size ? std::to_string(st.size / st.comp_size) : std::string("endless")) +
              " times its size (a zip bomb?)";
      return nullptr;
    }
    zip_file_t* f = zip_fopen_index(zip, static_cast<zip_uint64_t>(index), 0);
    if (!f) error = path + ": " + zip_strerror(zip);
    size = st.size;
    return f;
  }

  // Reads a part whole through `handler`. False with `error`; an absent part is an error when required.
  bool read(const std::string& path, Xml::Handler& handler, bool required, uint64_t max_bytes, std::string& error) {
    uint64_t size = 0, total = 0;
    zip_file_t* f = open(path, max_bytes, size, error);
    if (!f) {
      if (error.empty() && required) error = "the file is not an XLSX workbook (it has no " + path + ")";
      return error.empty();
    }
    Xml xml(handler);
    char buffer[kChunk];
    for (;;) {
      zip_int64_t n = zip_fread(f, buffer, sizeof buffer);
      if (n < 0 || (total += static_cast<uint64_t>(std::max<zip_int64_t>(n, 0))) > size) {
        error = path + ": " + (n < 0 ? zip_file_strerror(f) : "more bytes than its entry says");
        break;
      }
      if (!xml.parse(std::string_view(buffer, static_cast<std::size_t>(n)), n == 0)) {
        error = path + ", " + xml.error();
        break;
      }
      if (n == 0) break;
    }
    zip_fclose(f);
    return error.empty();
  }
};

XlsxReader::XlsxReader(XlsxLimits limits, std::string sheet, std::string spool_dir)
    : limits_(limits), sheet_(std::move(sheet)), spool_dir_(std::move(spool_dir)) {}

XlsxReader::~XlsxReader() {
  archive_.reset();
  if (spool_) std::fclose(spool_);
}

bool XlsxReader::fail(std::string message) {
  if (error_.empty()) error_ = std::move(message);
  return false;
}

bool XlsxReader::open_spool() {
  if (spool_) return true;
  if (spool_dir_.empty()) {
    spool_ = std::tmpfile();
  } else {
    std::string path = spool_dir_ + "/rapport-import-XXXXXX";
    int fd = ::mkstemp(path.data());
    if (fd >= 0) {
      ::unlink(path.c_str());  // nothing is left behind, however the reading ends
      spool_ = ::fdopen(fd, "w+b");
      if (!spool_) ::close(fd);
    }
  }
  return spool_ ? true : fail("no temporary file can hold the workbook");
}

bool XlsxReader::feed(std::string_view bytes) {
  if (!error_.empty() || archive_) return false;
  if ((fed_ += bytes.size()) > limits_.max_file_bytes)
    return fail("the workbook is larger than " + size_text(limits_.max_file_bytes));
  if (!open_spool()) return false;
  if (!bytes.empty() && std::fwrite(bytes.data(), 1, bytes.size(), spool_) != bytes.size())
    return fail("the workbook cannot be written to a temporary file");
  return true;
}

bool XlsxReader::finish() {
  if (!error_.empty() || archive_) return false;
  if (!open_spool()) return false;
  if (std::fflush(spool_) != 0) return fail("the workbook cannot be written to a temporary file");
  archive_ = std::make_unique<Archive>();
  Archive& a = *archive_;
  a.limits = &limits_;
  zip_error_t zerr;
  zip_error_init(&zerr);
  zip_source_t* source = zip_source_filep_create(spool_, 0, -1, &zerr);
  if (!source) {
    zip_error_fini(&zerr);
    return fail("the workbook cannot be read back");
  }
  spool_ = nullptr;  // the source closes it
  a.zip = zip_open_from_source(source, ZIP_RDONLY, &zerr);
  if (!a.zip) {
    zip_source_free(source);
    std::string why = zip_error_strerror(&zerr);
    zip_error_fini(&zerr);
    return fail("the file is not an XLSX workbook (not a ZIP archive: " + why + ")");
  }
  zip_error_fini(&zerr);

  std::string error;
  Rels root;
  if (!a.read("_rels/.rels", root, false, kMaxSmallPart, error)) return fail(error);
  std::string workbook_path = root.by_type.contains("officeDocument") ? root.by_type["officeDocument"] : "xl/workbook.xml";
  Workbook book;
  if (!a.read(workbook_path, book, true, kMaxSmallPart, error)) return fail(error);
  Rels rels;
  rels.base = folder_of(workbook_path);
  if (!a.read(rels_of(workbook_path), rels, true, kMaxSmallPart, error)) return fail(error);
  for (const auto& s : book.sheets) sheet_names_.push_back(s.name);

  const Workbook::Sheet* chosen = book.sheets.empty() ? nullptr : &book.sheets[0];
  if (!sheet_.empty()) {
    auto it = std::ranges::find_if(book.sheets, [&](const auto& s) { return ascii::iequals(s.name, sheet_); });
    if (it == book.sheets.end()) {
      std::string names;
      for (const auto& s : book.sheets) names += (names.empty() ? "\"" : ", \"") + s.name + "\"";
      return fail("the workbook has no sheet \"" + sheet_ + "\" (its sheets: " + names + ")");
    }
    chosen = &*it;
  }
  if (!chosen || !rels.by_id.contains(chosen->rel_id)) return fail("the workbook has no sheet to read");

  Styles styles;
  if (rels.by_type.contains("styles") && !a.read(rels.by_type["styles"], styles, false, kMaxSmallPart, error))
    return fail(error);
  a.xf_kinds = styles.kinds();
  a.strings.max_bytes = limits_.max_shared_strings_bytes;
  if (rels.by_type.contains("sharedStrings") &&
      !a.read(rels.by_type["sharedStrings"], a.strings, false, limits_.max_part_bytes, error))
    return fail(error);

  a.sheet_path = rels.by_id[chosen->rel_id];
  a.sheet = a.open(a.sheet_path, limits_.max_part_bytes, a.sheet_size, error);
  if (!a.sheet) return fail(error.empty() ? "the workbook has no " + a.sheet_path : error);
  a.rows.limits = &limits_;
  a.rows.strings = &a.strings;
  a.rows.xf_kinds = &a.xf_kinds;
  a.rows.date1904 = book.date1904;
  a.rows.ready = &a.ready;
  a.sheet_xml = std::make_unique<Xml>(a.rows);
  return true;
}

std::optional<CsvRecord> XlsxReader::next() {
  if (!archive_ || !archive_->sheet_xml) return std::nullopt;
  Archive& a = *archive_;
  char buffer[kChunk];
  while (a.ready.empty() && !a.done && error_.empty()) {
    zip_int64_t n = zip_fread(a.sheet, buffer, sizeof buffer);
    if (n < 0) {
      fail(a.sheet_path + ": " + zip_file_strerror(a.sheet));
      break;
    }
    if ((a.sheet_read += static_cast<uint64_t>(n)) > a.sheet_size) {
      fail(a.sheet_path + ": more bytes than its entry says");
      break;
    }
    if (!a.sheet_xml->parse(std::string_view(buffer, static_cast<std::size_t>(n)), n == 0))
      fail(a.sheet_path + ", " + a.sheet_xml->error());
    a.done = n == 0 || !error_.empty();
  }
  if (a.ready.empty()) return std::nullopt;
  CsvRecord r = std::move(a.ready.front());
  a.ready.pop_front();
  return r;
}

double XlsxReader::fraction_read() const {
  if (!archive_ || !archive_->sheet) return 0.0;
  const Archive& a = *archive_;
  if (a.done || a.sheet_size == 0) return 1.0;
  return std::min(1.0, static_cast<double>(a.sheet_read) / static_cast<double>(a.sheet_size));
}

XlsxFile read_xlsx(std::string_view bytes, XlsxLimits limits, std::string sheet) {
  XlsxReader reader(limits, std::move(sheet));
  XlsxFile file;
  if (reader.feed(bytes) && reader.finish())
    while (auto r = reader.next()) file.records.push_back(std::move(*r));
  file.sheets = reader.sheets();
  file.error = reader.error();
  return file;
}

}  // namespace rapport::imports

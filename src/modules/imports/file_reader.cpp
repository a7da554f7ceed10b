#include "modules/imports/file_reader.hpp"

namespace rapport::imports {

namespace {

constexpr std::string_view kXlsxType = kXlsxContentType;
constexpr std::string_view kZip = "PK\x03\x04";
constexpr std::string_view kOle2 = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

std::string media_type(std::string_view content_type) {
  std::string out;
  for (char c : content_type.substr(0, content_type.find(';'))) {
    if (c == ' ' || c == '\t') continue;
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

// Whether the text (after a byte order mark and blank lines) starts with BEGIN:VCARD. UTF-16 (Outlook's
// "Unicode" export) is looked at through its ASCII letters.
bool looks_like_vcard(std::string_view head) {
  std::string ascii;
  if (head.starts_with("\xFF\xFE") || head.starts_with("\xFE\xFF")) {
    const bool le = head[0] == '\xFF';
    for (std::size_t i = 2; i + 1 < head.size() && head[i + (le ? 1 : 0)] == 0; i += 2) ascii += head[i + (le ? 0 : 1)];
    head = ascii;
  }
  if (head.starts_with("\xEF\xBB\xBF")) head.remove_prefix(3);
  while (!head.empty() && (head[0] == '\r' || head[0] == '\n' || head[0] == ' ' || head[0] == '\t')) head.remove_prefix(1);
  constexpr std::string_view kBegin = "begin:vcard";
  if (head.size() < kBegin.size()) return false;
  for (std::size_t i = 0; i < kBegin.size(); ++i)
    if ((head[i] | 0x20) != kBegin[i]) return false;
  return true;
}

template <class Reader>
class Adapter final : public RecordReader {
 public:
  template <class... Args>
  explicit Adapter(Args&&... args) : reader_(std::forward<Args>(args)...) {}
  bool feed(std::string_view bytes) override { return reader_.feed(bytes); }
  bool finish() override { return reader_.finish(); }
  std::optional<CsvRecord> next() override { return reader_.next(); }
  const std::string& error() const override { return reader_.error(); }
  std::vector<std::string> sheets() const override {
    if constexpr (requires { reader_.sheets(); }) return reader_.sheets();
    return {};
  }
  std::optional<double> fraction_read() const override {
    if constexpr (requires { reader_.fraction_read(); }) return reader_.fraction_read();
    return std::nullopt;
  }
  std::optional<uint64_t> text_read() const override {
    if constexpr (requires { reader_.text_read(); }) return reader_.text_read();
    return std::nullopt;
  }

 private:
  Reader reader_;
};

}  // namespace

std::string_view file_kind_name(FileKind kind) {
  switch (kind) {
    case FileKind::Csv: return "csv";
    case FileKind::Vcard: return "vcard";
    case FileKind::Xlsx: return "xlsx";
  }
  return "?";
}

namespace {

// What a declared media type (lower case, no parameters) says the file is.
enum class Declared { Bytes, Csv, Vcard, Xlsx, Other };

Declared declared(std::string_view type) {
  if (type.empty() || type == "application/octet-stream" || type == "application/vnd.ms-excel") return Declared::Bytes;
  if (type == kXlsxType) return Declared::Xlsx;
  if (type == "text/vcard" || type == "text/x-vcard" || type == "text/directory") return Declared::Vcard;
  if (type == "text/csv" || type == "application/csv" || type == "text/plain" || type == "text/comma-separated-values" ||
      type == "text/tab-separated-values")
    return Declared::Csv;
  return Declared::Other;
}

}  // namespace

bool is_file_type(std::string_view content_type) {
  const std::string type = media_type(content_type);
  return !type.empty() && declared(type) != Declared::Other;
}

SniffedKind sniff_file(std::string_view content_type, std::string_view head) {
  const std::string type = media_type(content_type);
  if (head.starts_with(kOle2))
    return {std::nullopt, "the file is an Excel 97-2003 workbook (.xls), which is not supported: save it as .xlsx or CSV"};
  const bool zip = head.starts_with(kZip), vcard = !zip && looks_like_vcard(head);
  const FileKind by_bytes = zip ? FileKind::Xlsx : vcard ? FileKind::Vcard : FileKind::Csv;
  const Declared says = declared(type);
  if (says == Declared::Bytes) return {by_bytes, {}};
  if (says == Declared::Xlsx) {
    if (zip) return {FileKind::Xlsx, {}};
    return {std::nullopt, "the file is sent as XLSX (" + std::string(kXlsxType) + ") but is not a ZIP archive" +
                              (vcard ? ": it is a vCard (text/vcard)" : ": CSV text is sent as text/csv")};
  }
  if (says == Declared::Vcard) {
    if (vcard) return {FileKind::Vcard, {}};
    return {std::nullopt, zip ? "the file is sent as a vCard but is a ZIP archive (an .xlsx workbook?): send it as " +
                                    std::string(kXlsxType)
                              : "the file is sent as a vCard but does not start with BEGIN:VCARD"};
  }
  if (says == Declared::Csv) {
    if (zip)
      return {std::nullopt, "the file is sent as " + type + " but is a ZIP archive (an .xlsx workbook?): send it as " +
                                std::string(kXlsxType) + " or save it as CSV"};
    if (vcard) return {std::nullopt, "the file is sent as " + type + " but is a vCard: send it as text/vcard"};
    return {FileKind::Csv, {}};
  }
  return {std::nullopt, "files of type " + type.substr(0, 100) +
                            " are not imported: send text/csv, text/vcard or " + std::string(kXlsxType)};
}

std::string_view content_type_for_file_name(std::string_view name) {
  const std::size_t dot = name.rfind('.');
  if (dot == std::string_view::npos) return {};
  std::string ext;
  for (char c : name.substr(dot + 1)) ext += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  if (ext == "csv" || ext == "txt" || ext == "tsv") return "text/csv";
  if (ext == "vcf" || ext == "vcard") return "text/vcard";
  if (ext == "xlsx") return kXlsxType;
  return {};
}

std::unique_ptr<RecordReader> open_reader(FileKind kind, const ReaderOptions& options) {
  switch (kind) {
    case FileKind::Vcard: return std::make_unique<Adapter<VcardReader>>(options.vcard);
    case FileKind::Xlsx: return std::make_unique<Adapter<XlsxReader>>(options.xlsx, options.sheet, options.spool_dir);
    case FileKind::Csv: break;
  }
  return std::make_unique<Adapter<CsvReader>>(options.csv);
}

}  // namespace rapport::imports

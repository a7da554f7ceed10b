#include "modules/imports/import_service.hpp"

#include "modules/imports/column_rules.hpp"
#include "modules/imports/file_reader.hpp"
#include "modules/imports/import_store.hpp"
#include "modules/imports/preview.hpp"
#include "modules/imports/run_import.hpp"
#include "platform/clock.hpp"
#include "platform/export/csv.hpp"
#include "platform/ids.hpp"
#include "platform/jobs/enqueue.hpp"
#include "platform/records/custom_fields.hpp"
#include "platform/records/scope.hpp"

namespace rapport::imports {
namespace json = boost::json;

bool is_import_object(std::string_view object) {
  for (const char* o : kImportObjects)
    if (object == o) return true;
  return false;
}

bool may_import_any(const identity::Context& ctx) {
  for (const char* o : kImportObjects)
    if (ctx.scope(o, identity::Action::Create) != identity::Scope::None) return true;
  return false;
}

namespace {

Problem file_problem(std::string message) { return Problem::invalid({{"file", "format", std::move(message)}}, "The file cannot be imported"); }

// The file as stored in import_files: a CSV file as UTF-8 text in pieces of at most kTextPieceBytes,
// each ending between characters; a vCard or XLSX file as its bytes (the reader decodes them) in
// pieces of kRawPieceBytes, base64. `feed` holds what the reader is given: the text, or the bytes.
struct Stored {
  std::vector<std::string> pieces;
  std::vector<std::string_view> feed;
  int64_t bytes = 0;
  std::string encoding;
};

Result<Stored> decode_file(std::string_view file) {
  TextDecoder decoder;
  Stored out;
  std::string text;
  auto cut = [&](bool all) {
    while (text.size() >= kTextPieceBytes || (all && !text.empty())) {
      std::size_t n = std::min(text.size(), kTextPieceBytes);
      while (n < text.size() && n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
      out.pieces.push_back(text.substr(0, n));
      out.bytes += static_cast<int64_t>(n);
      text.erase(0, n);
    }
  };
  for (std::size_t at = 0; at < file.size(); at += kTextPieceBytes) {
    if (!decoder.decode(file.substr(at, kTextPieceBytes), text)) return file_problem(decoder.error());
    cut(false);
  }
  if (!decoder.finish(text)) return file_problem(decoder.error());
  cut(true);
  out.feed.assign(out.pieces.begin(), out.pieces.end());
  out.encoding = std::string(encoding_name(decoder.encoding()));
  return out;
}

Stored raw_file(std::string_view file) {
  Stored out;
  for (std::size_t at = 0; at < file.size(); at += kRawPieceBytes) {
    out.feed.push_back(file.substr(at, kRawPieceBytes));
    out.pieces.push_back(ids::base64_encode(out.feed.back()));
  }
  out.bytes = static_cast<int64_t>(file.size());
  out.encoding = "binary";
  return out;
}

// The file's first `rows` records (the header row first) and, for XLSX, its sheets. An XLSX workbook
// without the sheet asked for is a 422 naming `sheet`, with the sheets it has. A file that breaks
// after the header is the run's to report (row by row): the head stops there.
Result<FileHead> head_of(FileKind kind, const std::string& sheet, const std::vector<std::string_view>& feed, std::size_t rows) {
  auto reader = open_reader(kind, {.csv = {}, .vcard = {}, .xlsx = {}, .sheet = sheet, .spool_dir = {}});
  FileHead head;
  auto failed = [&]() -> Problem {
    auto names = reader->sheets();
    if (!sheet.empty() && !names.empty() && reader->error().starts_with("the workbook has no sheet \""))
      return Problem::invalid({{"sheet", "not_found", reader->error()}}, "The file cannot be imported");
    return file_problem(reader->error());
  };
  auto take = [&] {
    while (head.records.size() < rows)
      if (auto r = reader->next()) head.records.push_back(std::move(r->fields));
      else break;
    return head.records.size() >= rows;
  };
  bool fed = true;
  for (auto piece : feed) {
    if (!(fed = reader->feed(piece)) || take()) break;
  }
  if (fed && head.records.size() < rows && reader->finish()) take();
  head.sheets = reader->sheets();
  if (!head.records.empty()) return head;
  if (!reader->error().empty()) return failed();
  return file_problem(kind == FileKind::Vcard ? "the file holds no card" : "the file is empty: it needs a header row naming its columns");
}

// A failed row for a person: a row the record engine refused names a field ("email"), not the
// file's column, and no value; the column that fills the field gives both (its header, its cell).
json::object failed_row_json(const store::FailedRow& f, const json::array& columns) {
  std::string column = f.column, value = f.value;
  if (value.empty() && !column.empty()) {
    boost::system::error_code ec;
    json::value cells = json::parse(f.cells, ec);
    for (std::size_t k = 0; k < columns.size(); ++k) {
      const auto* target = columns[k].is_object() ? columns[k].as_object().if_contains("target") : nullptr;
      if (!target || !target->is_string() || target->as_string() != column) continue;
      column = std::string(columns[k].as_object().at("header").as_string());
      if (!ec && cells.is_array() && k < cells.as_array().size() && cells.as_array()[k].is_string())
        value = std::string(cells.as_array()[k].as_string());
      break;
    }
  }
  return json::object{{"line", f.line}, {"column", column}, {"value", value}, {"message", f.message}};
}

}  // namespace

std::vector<Target> ImportService::targets_of(db::Connection& c, const identity::Context& ctx, const std::string& object,
                                              std::vector<records::CustomFieldDef>& defs) {
  defs = records::load_custom_fields(c, ctx.workspace_id, object);
  return import_targets(services_(object)->spec(), defs);
}

Result<Accepted> ImportService::accept(const identity::Context& ctx, const StartInput& in, std::size_t head_rows) {
  if (!may_import_any(ctx)) return Problem::forbidden("Your role cannot create records of any object an import fills");
  if (!is_import_object(in.object))
    return Problem::bad_request("object must be one of contacts, companies, deals, leads");
  records::Service* service = services_(in.object);
  if (!service) return Problem::bad_request("object must be one of contacts, companies, deals, leads");
  const auto& spec = service->spec();
  if (ctx.scope(in.object, identity::Action::Create) == identity::Scope::None)
    return records::not_allowed(identity::Action::Create, spec.singular);
  auto upload = read_upload(in.content_type, in.body);
  if (!upload) return upload.take_problem();
  if (in.mapping) upload->mapping = *in.mapping;
  if (!in.file_name.empty()) upload->file_name = in.file_name;
  if (!in.mapping_id.empty() && upload->mapping)
    return Problem::invalid({{"mapping_id", "conflict", "give mapping_id or a mapping part, not both"}});

  Accepted a;
  json::value mapping_doc = json::object{};
  Status prepared = db_.read([&](db::Connection& c) -> Status {
    a.targets = targets_of(c, ctx, in.object, a.defs);
    if (!in.mapping_id.empty()) {
      auto saved = ids::is_uuid(in.mapping_id) ? store::find_mapping(c, ctx.workspace_id, in.mapping_id) : std::nullopt;
      if (!saved) return Problem::invalid({{"mapping_id", "not_found", "no saved mapping of this workspace has this id"}});
      if (saved->object != in.object)
        return Problem::invalid({{"mapping_id", "object", "the saved mapping is for " + saved->object + ", not " + in.object}});
      mapping_doc = saved->body;
    }
    return ok_status();
  });
  if (!prepared) return prepared.take_problem();
  if (upload->mapping) {
    boost::system::error_code ec;
    mapping_doc = json::parse(*upload->mapping, ec);
    if (ec) return Problem::invalid({{"mapping", "format", "the mapping part is not JSON: " + ec.message()}});
  }
  auto mapping = read_mapping(mapping_doc, in.object, a.targets);
  if (!mapping) {
    Problem p = mapping.take_problem();
    for (auto& e : p.errors) e.field = e.field.empty() ? "mapping" : "mapping." + e.field;
    return p;
  }
  if (mapping->options.on_duplicate == OnDuplicate::Update && ctx.scope(in.object, identity::Action::Update) == identity::Scope::None)
    return records::not_allowed(identity::Action::Update, spec.singular);

  const auto sniffed = sniff_file(upload->content_type, upload->file.substr(0, 512));
  if (!sniffed.kind) return file_problem(sniffed.error);
  const FileKind kind = *sniffed.kind;
  if (!in.sheet.empty() && kind != FileKind::Xlsx)
    return Problem::invalid({{"sheet", "format", "sheet is for XLSX files; this file is " + std::string(file_kind_name(kind))}});
  if (in.sheet.size() > 255) return Problem::invalid({{"sheet", "length", "a sheet's name has at most 255 bytes"}});
  auto decoded = kind == FileKind::Csv ? decode_file(upload->file) : Result<Stored>(raw_file(upload->file));
  if (!decoded) return decoded.take_problem();
  auto head = head_of(kind, in.sheet, decoded->feed, head_rows);
  if (!head) return head.take_problem();
  a.matches = resolve_columns(*mapping, in.object, head->records.front(), a.targets);
  a.mapping = std::move(*mapping);
  a.kind = kind;
  a.head = std::move(*head);
  a.file_name = upload->file_name;
  a.file_bytes = static_cast<int64_t>(upload->file.size());
  a.text_bytes = decoded->bytes;
  a.encoding = decoded->encoding;
  a.pieces = std::move(decoded->pieces);
  return a;
}

Result<Import> ImportService::start(const identity::Context& ctx, const StartInput& in) {
  auto accepted = accept(ctx, in, 1);
  if (!accepted) return accepted.take_problem();
  Accepted& a = *accepted;
  const std::vector<std::string>& headers = a.head.records.front();
  if (auto refused = refused_columns(ctx, in.object, headers, a.matches, a.targets); !refused.empty())
    return Problem::invalid(std::move(refused), "Your role cannot import some of the file's columns; nothing was stored");

  Import i;
  i.id = ids::uuid_v7();
  i.workspace_id = ctx.workspace_id;
  i.object = in.object;
  i.state = "queued";
  i.dry_run = in.dry_run;
  i.file_name = a.file_name;
  i.file_bytes = a.file_bytes;
  i.text_bytes = a.text_bytes;
  i.encoding = a.encoding;
  i.file_kind = std::string(file_kind_name(a.kind));
  i.sheet = in.sheet;
  i.options = json::serialize(mapping_json(a.mapping));
  i.headers = json::serialize(columns_json(headers, a.matches));
  i.created_by = ctx.user_id;
  i.created_at = clock::now_text();
  Status st = db_.write([&](db::Connection& c) -> Status {
    store::insert_import(c, i);
    for (std::size_t n = 0; n < a.pieces.size(); ++n) store::add_text(c, i.id, static_cast<int64_t>(n), a.pieces[n]);
    if (in.enqueue)
      jobs::enqueue(c, {.type = "import.run", .payload = json::object{{"import_id", i.id}}, .workspace_id = ctx.workspace_id,
                        .unique_key = "import:" + i.id});
    return ok_status();
  });
  if (!st) return st.take_problem();
  return i;
}

Result<json::object> ImportService::preview(const identity::Context& ctx, const StartInput& in) {
  auto accepted = accept(ctx, in, 1 + kPreviewRows);
  if (!accepted) return accepted.take_problem();
  return preview_json(ctx, in.object, *accepted, in.sheet);
}

Result<Import> ImportService::visible(db::Connection& c, const identity::Context& ctx, const std::string& id) {
  auto i = ids::is_uuid(id) ? store::find_import(c, ctx.workspace_id, id) : std::nullopt;
  if (!i || (!ctx.is_admin() && i->created_by != ctx.user_id)) return Problem::not_found("No such import");
  return std::move(*i);
}

Result<Import> ImportService::get(const identity::Context& ctx, const std::string& id) {
  return db_.read([&](db::Connection& c) { return visible(c, ctx, id); });
}

std::vector<Import> ImportService::list(const identity::Context& ctx) {
  return db_.read([&](db::Connection& c) {
    return store::list_imports(c, ctx.workspace_id, ctx.is_admin() ? std::string() : ctx.user_id, kListedImports);
  });
}

Result<json::object> ImportService::failed_rows(const identity::Context& ctx, const std::string& id, int64_t limit) {
  return db_.read([&](db::Connection& c) -> Result<json::object> {
    auto i = visible(c, ctx, id);
    if (!i) return i.take_problem();
    boost::system::error_code ec;
    json::value columns = json::parse(i->headers, ec);
    json::array data;
    int64_t total = 0;
    store::for_each_failed(c, id, [&](const store::FailedRow& f) {
      if (total++ >= limit) return;
      data.push_back(failed_row_json(f, columns.is_array() ? columns.as_array() : json::array{}));
    });
    return json::object{{"data", std::move(data)}, {"total", total}};
  });
}

Result<std::string> ImportService::errors_csv(const identity::Context& ctx, const std::string& id) {
  return db_.read([&](db::Connection& c) -> Result<std::string> {
    auto i = visible(c, ctx, id);
    if (!i) return i.take_problem();
    std::vector<std::string> row = column_headers(i->headers);
    row.push_back("reason");
    std::string out;
    csv::append_row(out, row);
    store::for_each_failed(c, id, [&](const store::FailedRow& f) {
      row.clear();
      boost::system::error_code ec;
      json::value cells = json::parse(f.cells, ec);
      if (!ec && cells.is_array())
        for (const auto& v : cells.as_array()) row.emplace_back(v.is_string() ? std::string(v.as_string()) : std::string());
      row.push_back("line " + std::to_string(f.line) + ": " + f.message);
      csv::append_row(out, row);
    });
    return out;
  });
}

Result<Import> ImportService::undo(const identity::Context& ctx, const std::string& id) {
  Result<Import> out = Problem::internal();
  Status st = db_.write([&](db::Connection& c) -> Status {
    auto i = visible(c, ctx, id);
    if (!i) return i.take_problem();
    if (i->state == "queued" || i->state == "running") return Problem::conflict("The import is " + i->state + "; undo it once it has ended");
    if (i->state == "undone") return Problem::conflict("The import is undone already");
    if (i->dry_run) return Problem::conflict("A dry run wrote nothing to undo");
    jobs::enqueue(c, {.type = "import.undo", .payload = json::object{{"import_id", id}, {"user_id", ctx.user_id}},
                      .workspace_id = ctx.workspace_id, .unique_key = "import-undo:" + id});
    out = std::move(*i);
    return ok_status();
  });
  if (!st) return st.take_problem();
  return out;
}

}  // namespace rapport::imports

#include "platform/records/export.hpp"

#include <optional>

#include "platform/clock.hpp"
#include "platform/export/table.hpp"
#include "platform/ids.hpp"
#include "platform/journal.hpp"
#include "platform/records/export_columns.hpp"
#include "platform/records/scope.hpp"

namespace rapport::records {
namespace json = boost::json;

namespace {

// How one record becomes output: a table row, an NDJSON line or a module's record format.
class RecordSink {
 public:
  virtual ~RecordSink() = default;
  // Called once, with the first page's first record (nullptr when there is none).
  virtual void begin(const json::object* first) = 0;
  // Called with each page in its read transaction, before its records.
  virtual void page(db::Connection&, const json::array&) {}
  virtual void record(const json::object& r) = 0;
  virtual void drain(std::string& out) = 0;
  virtual bool finish(std::string& out) = 0;  // false after the last piece
};

class TableSink final : public RecordSink {
 public:
  TableSink(std::unique_ptr<exports::TableWriter> w, identity::Context ctx, const ObjectSpec& spec,
            std::vector<CustomFieldDef> defs)
      : writer_(std::move(w)), ctx_(std::move(ctx)), spec_(spec), defs_(std::move(defs)) {}
  void begin(const json::object* first) override {
    cols_.emplace(ctx_, spec_, defs_, first);
    writer_->header(cols_->headers());
  }
  void page(db::Connection& c, const json::array& records) override { cols_->load_labels(c, records); }
  void record(const json::object& r) override {
    cols_->cells(r, cells_);
    writer_->row(cells_);
  }
  void drain(std::string& out) override { writer_->drain(out); }
  bool finish(std::string& out) override { return writer_->finish(out); }

 private:
  std::unique_ptr<exports::TableWriter> writer_;
  identity::Context ctx_;  // its own copy: the export outlives the request's handler
  const ObjectSpec& spec_;
  std::vector<CustomFieldDef> defs_;
  std::optional<ExportColumns> cols_;
  std::vector<exports::Cell> cells_;
};

// A sink whose bytes are ready record by record, kept until the server asks for them.
class BufferSink : public RecordSink {
 public:
  void drain(std::string& out) override {
    out += buf_;
    buf_.clear();
  }
  bool finish(std::string& out) override {
    drain(out);
    return false;
  }

 protected:
  std::string buf_;
};

class NdjsonSink final : public BufferSink {
 public:
  void begin(const json::object*) override {}
  void record(const json::object& r) override {
    buf_ += json::serialize(r);
    buf_ += '\n';
  }
};

class FormatSink final : public BufferSink {
 public:
  explicit FormatSink(const RecordFormat& f) : format_(f) {}
  void begin(const json::object*) override { buf_ += format_.begin; }
  void record(const json::object& r) override { format_.write(r, buf_); }
  bool finish(std::string& out) override {
    buf_ += format_.end;
    return BufferSink::finish(out);
  }

 private:
  const RecordFormat& format_;
};

// The export as the server pulls it: one keyset page per next() until the last, then the rest of
// the file; the audit entry when it is done or abandoned.
class RecordExport final : public http::BodyStream {
 public:
  RecordExport(Service& svc, identity::Context ctx, ListParams params, std::vector<CustomFieldDef> defs, std::string format,
               json::object filter)
      : svc_(svc), ctx_(std::move(ctx)), params_(std::move(params)), defs_(std::move(defs)), format_(std::move(format)),
        filter_(std::move(filter)) {}
  void set_sink(std::unique_ptr<RecordSink> sink) { sink_ = std::move(sink); }

  bool next(std::string& out) override {
    if (!read_all_) {
      read_page();
      sink_->drain(out);
      if (!read_all_) return true;
      audit(true);
    }
    return sink_->finish(out);
  }
  void abandoned() override { audit(false); }

 private:
  void read_page() {
    json::array records;
    Page page = svc_.database().read([&](db::Connection& c) -> Page {
      auto q = compile_list(svc_.spec(), defs_, params_, c.dialect(), ctx_.workspace_id);
      if (!q) throw std::runtime_error("an export's list stopped compiling: " + q.problem().detail);
      Page p = svc_.store().list(c, ctx_, *q, false);
      records = json::parse(p.data_json).as_array();
      if (!begun_) {
        sink_->begin(records.empty() ? nullptr : &records[0].as_object());
        begun_ = true;
      }
      sink_->page(c, records);
      return p;
    });
    for (const auto& r : records) sink_->record(r.as_object());
    rows_ += static_cast<int64_t>(records.size());
    if (page.next_cursor) params_.cursor = *page.next_cursor;
    else read_all_ = true;
  }

  void audit(bool completed) {
    if (audited_) return;
    audited_ = true;
    json::array changes{
        json::object{{"field", "format"}, {"before", nullptr}, {"after", format_}},
        json::object{{"field", "filter"}, {"before", nullptr}, {"after", filter_}},
        json::object{{"field", "sort"}, {"before", nullptr}, {"after", params_.sort.empty() ? json::value(nullptr) : json::value(params_.sort)}},
        json::object{{"field", "rows"}, {"before", nullptr}, {"after", rows_}},
        json::object{{"field", "completed"}, {"before", nullptr}, {"after", completed}}};
    const std::string id = ids::uuid_v7();
    auto st = svc_.database().write([&](db::Connection& c) -> Status {
      journal::audit(c, ctx_, svc_.spec().object, id, "export", changes);
      return ok_status();
    });
    if (!st) throw std::runtime_error("the audit entry of an export was not written: " + st.problem().detail);
  }

  Service& svc_;
  identity::Context ctx_;
  ListParams params_;
  std::vector<CustomFieldDef> defs_;
  std::string format_;
  json::object filter_;
  std::unique_ptr<RecordSink> sink_;
  bool begun_ = false, read_all_ = false, audited_ = false;
  int64_t rows_ = 0;
};

struct Format {
  std::string name, content_type, extension;
};

std::optional<Format> format_of(const ObjectSpec& spec, std::string_view name) {
  if (name == "csv") return Format{"csv", "text/csv; charset=utf-8; header=present", "csv"};
  if (name == "xlsx") return Format{"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"};
  if (name == "ndjson") return Format{"ndjson", "application/x-ndjson", "ndjson"};
  for (const auto& f : spec.record_formats)
    if (f.name == name) return Format{f.name, f.content_type, f.extension};
  return std::nullopt;
}

// The list's filters as the audit entry records them: {"field": {"op": "value"}}.
json::object filter_json(const std::vector<Filter>& filters) {
  json::object out;
  for (const auto& f : filters) {
    json::object& ops = out[f.field].emplace_object();
    ops[f.op] = f.value;
  }
  return out;
}

// The caller as the export reads: the read scope of the object narrowed to the role's export
// scope, so that the rows are those the caller may both read and export.
identity::Context exporting(const identity::Context& ctx, const std::string& object) {
  if (!ctx.grants) return ctx;
  auto narrowed = std::make_shared<identity::Permissions>(*ctx.grants);
  auto it = narrowed->objects.find(object);
  identity::ActionScopes scopes = it != narrowed->objects.end() ? it->second : narrowed->defaults;
  scopes[static_cast<std::size_t>(identity::Action::Read)] =
      std::min(ctx.scope(object, identity::Action::Read), ctx.scope(object, identity::Action::Export));
  narrowed->objects[object] = scopes;
  identity::Context out = ctx;
  out.grants = std::move(narrowed);
  return out;
}

}  // namespace

std::vector<std::string> export_formats(const ObjectSpec& spec) {
  std::vector<std::string> out{"csv", "xlsx", "ndjson"};
  for (const auto& f : spec.record_formats) out.push_back(f.name);
  return out;
}

Result<http::Response> start_export(Service& svc, const identity::Context& caller,
                                    const std::vector<std::pair<std::string, std::string>>& query) {
  const ObjectSpec& spec = svc.spec();
  if (caller.scope(spec.object, identity::Action::Read) == identity::Scope::None ||
      caller.scope(spec.object, identity::Action::Export) == identity::Scope::None)
    return not_allowed(identity::Action::Export, spec.singular);
  const identity::Context ctx = exporting(caller, spec.object);
  std::string format_name = "csv";
  bool bom = false, check = false;
  std::vector<std::pair<std::string, std::string>> list_query;  // what the list itself takes
  for (const auto& [k, v] : query) {
    if (k == "format") {
      format_name = v;
    } else if (k == "bom") {
      if (v != "true" && v != "false") return Problem::bad_request("bom must be true or false");
      bom = v == "true";
    } else if (k == "check") {
      if (v != "true" && v != "false") return Problem::bad_request("check must be true or false");
      check = v == "true";
    } else {
      list_query.emplace_back(k, v);
    }
  }
  auto format = format_of(spec, format_name);
  if (!format) {
    std::string names;
    for (const auto& n : export_formats(spec)) names += (names.empty() ? "" : ", ") + n;
    return Problem::bad_request("format must be one of " + names);
  }
  auto params = parse_list_request(ctx, spec, list_query);
  if (!params) return params.take_problem();
  params->limit = kExportPage;
  params->count = false;
  // The custom fields (columns), and the list compiled once here so that a bad filter or sort is
  // the list's 400 before the answer starts.
  auto defs = svc.database().read([&](db::Connection& c) -> Result<std::vector<CustomFieldDef>> {
    auto d = load_custom_fields(c, ctx.workspace_id, spec.object);
    auto q = compile_list(spec, d, *params, c.dialect(), ctx.workspace_id);
    if (!q) return q.take_problem();
    return d;
  });
  if (!defs) return defs.take_problem();

  http::Response res;
  std::string stamp = clock::now_text().substr(0, 10);
  res.header("Content-Disposition", "attachment; filename=\"" + spec.object + "-" + stamp + "." + format->extension + "\"");
  if (check) {  // every check passed: the name only, nothing read, nothing audited
    res.status = 204;
    return res;
  }
  auto body = std::make_shared<RecordExport>(svc, ctx, *params, *defs, format->name, filter_json(params->filters));
  if (format->name == "csv") body->set_sink(std::make_unique<TableSink>(exports::csv_table(bom), ctx, spec, *defs));
  else if (format->name == "xlsx") {
    std::string sheet = spec.object;  // "contacts" -> "Contacts"
    sheet[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(sheet[0])));
    body->set_sink(std::make_unique<TableSink>(exports::xlsx_table(sheet), ctx, spec, *defs));
  }
  else if (format->name == "ndjson") body->set_sink(std::make_unique<NdjsonSink>());
  else
    for (const auto& f : spec.record_formats)
      if (f.name == format->name) body->set_sink(std::make_unique<FormatSink>(f));

  res.content_type = format->content_type;
  res.stream = std::move(body);
  return res;
}

}  // namespace rapport::records

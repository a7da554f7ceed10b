#include "modules/imports/import_record.hpp"

#include <cmath>

#include "platform/clock.hpp"

namespace rapport::imports {
namespace json = boost::json;

namespace {

json::value text_or_null(const std::optional<std::string>& s) { return s ? json::value(*s) : json::value(nullptr); }

json::value parsed(const std::string& text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  return ec ? json::value(nullptr) : v;
}

}  // namespace

json::object Import::to_json(int64_t now_ms) const {
  json::object progress{{"bytes_done", bytes_done}, {"bytes_total", text_bytes}, {"rows_done", counts.read}};
  double fraction = text_bytes > 0 ? static_cast<double>(bytes_done) / static_cast<double>(text_bytes) : 0.0;
  if (state == "done" || state == "undone") fraction = 1.0;
  progress["fraction"] = std::round(fraction * 1000.0) / 1000.0;
  json::value rate = nullptr, eta = nullptr;
  auto start = started_at ? clock::parse_datetime(*started_at) : std::nullopt;
  auto end = finished_at ? clock::parse_datetime(*finished_at) : std::nullopt;
  if (start) {
    double secs = static_cast<double>((end ? *end : now_ms) - *start) / 1000.0;
    if (secs > 0 && counts.read > 0) {
      double per_s = static_cast<double>(counts.read) / secs;
      rate = std::round(per_s);
      // Time left from the share of the file read so far (rows have no known total before the end).
      if (state == "running" && fraction > 0 && fraction < 1) eta = std::ceil(secs * (1.0 - fraction) / fraction);
    }
  }
  progress["rows_per_second"] = rate;
  progress["eta_seconds"] = eta;
  return json::object{{"id", id},
                      {"object", object},
                      {"state", state},
                      {"dry_run", dry_run},
                      {"file_name", file_name},
                      {"file_bytes", file_bytes},
                      {"encoding", encoding},
                      {"format", file_kind},
                      {"sheet", sheet.empty() ? json::value(nullptr) : json::value(sheet)},
                      {"mapping", parsed(options)},
                      {"columns", parsed(headers)},
                      {"counts", json::object{{"read", counts.read}, {"created", counts.created}, {"updated", counts.updated},
                                              {"skipped", counts.skipped}, {"failed", counts.failed}}},
                      {"progress", std::move(progress)},
                      {"error", text_or_null(error)},
                      {"created_by", created_by},
                      {"created_at", created_at},
                      {"started_at", text_or_null(started_at)},
                      {"finished_at", text_or_null(finished_at)},
                      {"undone_at", text_or_null(undone_at)}};
}

json::object SavedMapping::to_json() const {
  return json::object{{"id", id},           {"object", object},         {"name", name},
                      {"mapping", body},    {"version", version},       {"created_by", created_by},
                      {"created_at", created_at}, {"updated_at", updated_at}};
}

}  // namespace rapport::imports

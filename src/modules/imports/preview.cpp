#include "modules/imports/preview.hpp"

#include <algorithm>
#include <cctype>

#include "modules/imports/cell.hpp"
#include "modules/imports/column_rules.hpp"
#include "platform/utf8.hpp"

namespace rapport::imports {
namespace json = boost::json;

std::string_view target_kind_name(Target::Kind kind) {
  switch (kind) {
    case Target::Kind::Field: return "field";
    case Target::Kind::Custom: return "custom";
    case Target::Kind::FullName: return "full_name";
    case Target::Kind::Lookup: return "lookup";
    case Target::Kind::ExternalId: return "external_id";
    case Target::Kind::History: return "history";
  }
  return "field";
}

namespace {

json::array samples_of(const std::vector<std::vector<std::string>>& records, std::size_t column) {
  json::array out;
  for (std::size_t r = 1; r < records.size() && out.size() < kPreviewSamples; ++r) {
    if (column >= records[r].size()) continue;
    std::string_view v = trim_cell(records[r][column]);
    if (!v.empty()) out.emplace_back(utf8::clip(v, kPreviewSampleBytes));
  }
  return out;
}

// The targets the caller's role may fill: those a column naming them would not be refused for.
json::array allowed_targets(const identity::Context& ctx, std::string_view object, const std::vector<Target>& targets) {
  json::array out;
  for (const auto& t : targets) {
    if (!refused_columns(ctx, object, {t.name}, {ColumnMatch{t.name, {}}}, targets).empty()) continue;
    json::value label = nullptr;
    if (t.custom) label = t.custom->label;
    out.push_back(json::object{{"name", t.name},
                               {"kind", target_kind_name(t.kind)},
                               {"label", std::move(label)},
                               {"required", t.field && t.field->required}});
  }
  return out;
}

}  // namespace

json::object preview_json(const identity::Context& ctx, std::string_view object, const Accepted& a, std::string_view sheet) {
  const auto& headers = a.head.records.front();
  std::map<std::string, std::string> refused;
  for (auto& e : refused_columns(ctx, object, headers, a.matches, a.targets)) refused[e.field.substr(8)] = e.message;  // "columns."
  json::array columns = columns_json(headers, a.matches);
  for (std::size_t i = 0; i < columns.size(); ++i) {
    auto& col = columns[i].as_object();
    col["samples"] = samples_of(a.head.records, i);
    if (auto it = refused.find(headers[i]); it != refused.end()) col["refused"] = it->second;
  }
  // The sheet read, as the workbook spells it (the reader found it ignoring case).
  json::value chosen = nullptr;
  json::array sheets;
  for (const auto& s : a.head.sheets) {
    sheets.emplace_back(s);
    bool same = s.size() == sheet.size() && std::equal(s.begin(), s.end(), sheet.begin(), [](char x, char y) {
                  return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
                });
    if (chosen.is_null() && (sheet.empty() || same)) chosen = json::value(s);
  }
  return json::object{{"object", object},
                      {"format", file_kind_name(a.kind)},
                      {"encoding", a.encoding},
                      {"file_name", a.file_name},
                      {"sheet", std::move(chosen)},
                      {"sheets", std::move(sheets)},
                      {"columns", std::move(columns)},
                      {"targets", allowed_targets(ctx, object, a.targets)},
                      {"mapping", mapping_json(a.mapping)}};
}

}  // namespace rapport::imports

#include "modules/analytics/report_email.hpp"

#include <charconv>
#include <variant>

#include "modules/analytics/report_output.hpp"
#include "platform/export/table.hpp"
#include "platform/http/public_page.hpp"

namespace rapport::analytics {

namespace {

std::string cell_text(const exports::Cell& c) {
  if (const auto* s = std::get_if<std::string>(&c)) return *s;
  if (const auto* i = std::get_if<int64_t>(&c)) return std::to_string(*i);
  if (const auto* d = std::get_if<exports::Decimal>(&c)) return d->text;
  if (const auto* x = std::get_if<double>(&c)) {
    char buf[32];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, *x);
    return std::string(buf, end);
  }
  return "";
}

// Keeps the rows as text, for the HTML table and the plain text (a report is at most kMaxGroups rows).
class TextTable final : public exports::TableWriter {
 public:
  std::vector<std::string> head;
  std::vector<std::vector<std::string>> rows;
  std::vector<bool> numeric;  // per column: a figure (right-aligned)

  void header(const std::vector<std::string>& names) override {
    head = names;
    numeric.assign(names.size(), false);
  }
  void row(const std::vector<exports::Cell>& cells) override {
    std::vector<std::string> r;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (i < numeric.size() && !std::holds_alternative<std::string>(cells[i]) && !std::holds_alternative<std::monostate>(cells[i])) numeric[i] = true;
      r.push_back(cell_text(cells[i]));
    }
    rows.push_back(std::move(r));
  }
  void drain(std::string&) override {}
  bool finish(std::string&) override { return false; }
};

std::string file_name_of(const std::string& name) {
  std::string out;
  for (unsigned char ch : name) {
    if (std::isalnum(ch) || ch == '-' || ch == '_') out += static_cast<char>(ch);
    else if ((ch == ' ' || ch == '.') && !out.empty() && out.back() != '-') out += '-';
    if (out.size() >= 80) break;
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  if (out.empty()) out = "report";
  out += ".csv";
  return out;
}

}  // namespace

Result<ReportEmail> report_email(const std::string& report_name, const RunAnswer& answer, const std::string& sent_for) {
  ReportEmail out;
  TextTable table;
  if (auto st = write_table(answer.definition, answer.data, table); !st) return st.take_problem();
  auto csv = exports::csv_table(false);
  if (auto st = write_table(answer.definition, answer.data, *csv); !st) return st.take_problem();
  csv->drain(out.csv);
  while (csv->finish(out.csv)) {
  }
  out.csv_name = file_name_of(report_name);
  const std::string day = sent_for.substr(0, 10);
  out.subject = report_name;
  out.subject += " (";
  out.subject += day;
  out.subject += ')';
  for (auto& ch : out.subject)
    if (ch == '\r' || ch == '\n') ch = ' ';

  std::string intro = "Your scheduled report, ";
  intro += std::to_string(table.rows.size());
  intro += " rows of ";
  intro += answer.definition.spec->object;
  intro += " (times in ";
  intro += answer.time_zone;
  intro += "). The CSV is attached.";
  using http::html_escape;
  std::string& h = out.html;
  h += "<!doctype html><html><body style=\"font-family:system-ui,sans-serif;color:#1f2328\">";
  h += "<h2 style=\"font-size:18px;margin:0 0 4px\">" + html_escape(report_name) + "</h2>";
  h += "<p style=\"margin:0 0 12px;color:#59636e\">" + html_escape(intro) + "</p>";
  h += "<table style=\"border-collapse:collapse;font-size:14px\"><thead><tr>";
  for (std::size_t i = 0; i < table.head.size(); ++i)
    h += std::string("<th style=\"text-align:") + (table.numeric[i] ? "right" : "left") +
         ";padding:4px 10px;border-bottom:2px solid #d0d7de\">" + html_escape(table.head[i]) + "</th>";
  h += "</tr></thead><tbody>";
  for (const auto& r : table.rows) {
    h += "<tr>";
    for (std::size_t i = 0; i < r.size(); ++i)
      h += std::string("<td style=\"text-align:") + (i < table.numeric.size() && table.numeric[i] ? "right" : "left") +
           ";padding:4px 10px;border-bottom:1px solid #d0d7de\">" + html_escape(r[i]) + "</td>";
    h += "</tr>";
  }
  h += "</tbody></table></body></html>";

  std::string& t = out.text;
  t += report_name;
  t += "\n\n";
  t += intro;
  t += "\n\n";
  auto line = [&](const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (i) t += '\t';
      t += cells[i];
    }
    t += '\n';
  };
  line(table.head);
  for (const auto& r : table.rows) line(r);
  return out;
}

}  // namespace rapport::analytics

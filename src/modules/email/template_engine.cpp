#include "modules/email/template_engine.hpp"

#include <algorithm>

#include "modules/email/email_record.hpp"

namespace rapport::email {

namespace {

Problem invalid(std::string_view field_path, std::string code, std::string message) {
  return Problem::invalid({{std::string(field_path), std::move(code), std::move(message)}});
}

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool is_name(std::string_view s) { return !s.empty() && std::all_of(s.begin(), s.end(), is_name_char); }

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Where a position is, for a person: "line 3, column 7".
std::string where(std::string_view text, std::size_t pos) {
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < pos && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++column;
    }
  }
  std::string out = "line ";
  out += std::to_string(line);
  out += ", column ";
  out += std::to_string(column);
  return out;
}

}  // namespace

std::vector<std::string> CompiledTemplate::objects() const {
  std::vector<std::string> out;
  for (const auto& p : pieces) {
    if (!p.field) continue;
    std::string object = p.text.substr(0, p.text.find('.'));
    if (std::find(out.begin(), out.end(), object) == out.end()) out.push_back(std::move(object));
  }
  return out;
}

Result<CompiledTemplate> compile_template(std::string_view text, const FieldCatalog& catalog, std::string_view field_path) {
  if (text.size() > kMaxTemplateBytes)
    return invalid(field_path, "length", counted("must be at most ", kMaxTemplateBytes, " bytes"));
  CompiledTemplate t;
  std::size_t fields = 0, pos = 0;
  while (pos < text.size()) {
    std::size_t open = text.find("{{", pos);
    if (open == std::string_view::npos) {
      t.pieces.push_back({false, std::string(text.substr(pos))});
      break;
    }
    if (open > pos) t.pieces.push_back({false, std::string(text.substr(pos, open - pos))});
    std::size_t close = text.find("}}", open + 2);
    std::size_t next_open = text.find("{{", open + 2);
    if (close == std::string_view::npos || (next_open != std::string_view::npos && next_open < close))
      return invalid(field_path, "template", "has a {{ without its }} at " + where(text, open));
    std::string_view name = trim(text.substr(open + 2, close - open - 2));
    if (name.empty()) return invalid(field_path, "template", "has an empty merge field {{}} at " + where(text, open));
    std::size_t dot = name.find('.');
    std::string_view object = name.substr(0, dot);
    std::string_view field = dot == std::string_view::npos ? std::string_view() : name.substr(dot + 1);
    std::string_view custom = field.starts_with("custom.") ? field.substr(7) : field;
    if (name.size() > kMaxFieldNameBytes || dot == std::string_view::npos || !is_name(object) || !is_name(custom))
      return invalid(field_path, "template",
                     "has a merge field that is not object.field (e.g. {{contact.first_name}}) at " + where(text, open));
    if (!catalog(object, field)) {
      std::string message = "has an unknown merge field {{";
      message.append(name).append("}} at ").append(where(text, open));
      return invalid(field_path, "unknown_field", std::move(message));
    }
    if (++fields > kMaxMergeFields)
      return invalid(field_path, "template", counted("has more than ", kMaxMergeFields, " merge fields"));
    t.pieces.push_back({true, std::string(name)});
    pos = close + 2;
  }
  return t;
}

std::string render(const CompiledTemplate& t, const std::map<std::string, std::string>& values, bool html) {
  std::string out;
  for (const auto& p : t.pieces) {
    if (!p.field) {
      out += p.text;
      continue;
    }
    auto it = values.find(p.text);
    if (it == values.end()) continue;
    out += html ? html_escape(it->second) : it->second;
  }
  return out;
}

}  // namespace rapport::email

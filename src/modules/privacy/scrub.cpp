#include "modules/privacy/scrub.hpp"

#include <algorithm>

namespace rapport::privacy {
namespace json = boost::json;

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

void Needles::add(std::string value) {
  if (value.size() < 3) return;
  value = lower(value);
  if (std::find(lower_.begin(), lower_.end(), value) == lower_.end()) lower_.push_back(std::move(value));
  // Longest first, so that a needle inside a longer one does not break the longer one's match.
  std::sort(lower_.begin(), lower_.end(), [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
}

bool Needles::equals(std::string_view value) const {
  std::string l = lower(value);
  return std::find(lower_.begin(), lower_.end(), l) != lower_.end();
}

bool redact_text(std::string& text, const Needles& needles) {
  bool changed = false;
  for (const auto& n : needles.values()) {
    // ASCII lower-casing keeps byte positions, so positions found in the copy apply to the text.
    std::string l = lower(text);
    std::size_t pos = l.find(n);
    if (pos == std::string::npos) continue;
    std::string out;
    std::size_t from = 0;
    while (pos != std::string::npos) {
      out.append(text, from, pos - from).append(kErased);
      from = pos + n.size();
      pos = l.find(n, from);
    }
    out.append(text, from, std::string::npos);
    text = std::move(out);
    changed = true;
  }
  return changed;
}

bool redact_json(json::value& v, const Needles& needles) {
  bool changed = false;
  if (v.is_string()) {
    std::string s(v.as_string());
    if (redact_text(s, needles)) {
      v = s;
      changed = true;
    }
  } else if (v.is_array()) {
    for (auto& e : v.as_array()) changed = redact_json(e, needles) || changed;
  } else if (v.is_object()) {
    for (auto& kv : v.as_object()) changed = redact_json(kv.value(), needles) || changed;
  }
  return changed;
}

bool remove_equal(json::array& list, const Needles& needles) {
  auto end = std::remove_if(list.begin(), list.end(),
                            [&](const json::value& e) { return e.is_string() && needles.equals(e.as_string()); });
  bool changed = end != list.end();
  list.erase(end, list.end());
  return changed;
}

bool blank_fields(json::array& changes, const std::set<std::string>& fields, bool custom) {
  bool changed = false;
  for (auto& entry : changes) {
    if (!entry.is_object()) continue;
    auto& o = entry.as_object();
    auto* f = o.if_contains("field");
    if (!f || !f->is_string()) continue;
    std::string name(f->as_string());
    if (!fields.count(name) && !(custom && name.rfind("custom.", 0) == 0)) continue;
    for (const char* side : {"before", "after"}) {
      auto* v = o.if_contains(side);
      if (!v || v->is_null() || (v->is_string() && v->as_string() == kErased)) continue;
      if (v->is_array() && v->as_array().empty()) continue;
      *v = kErased;
      changed = true;
    }
  }
  return changed;
}

}  // namespace rapport::privacy

#include "modules/privacy/scrub.hpp"

#include <algorithm>
#include <cctype>

#include "platform/case_fold.hpp"

namespace rapport::privacy {
namespace json = boost::json;

void Needles::add(std::string value) {
  if (value.size() < 3) return;
  value = case_fold::key(value);
  if (std::find(keys_.begin(), keys_.end(), value) == keys_.end()) keys_.push_back(std::move(value));
  // Longest first, so that a needle inside a longer one does not break the longer one's match.
  std::sort(keys_.begin(), keys_.end(), [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
}

bool Needles::equals(std::string_view value) const {
  std::string k = case_fold::key(value);
  return std::find(keys_.begin(), keys_.end(), k) != keys_.end();
}

namespace {

// `text` case-folded code point by code point, with, for each byte of the folded text, where the
// code point it came from starts and ends in `text`: a needle found in the folded text is then
// replaced in the original. ASCII folds to itself byte for byte.
struct FoldedText {
  std::string folded;
  std::vector<std::size_t> from, to;
};

FoldedText fold_with_positions(const std::string& text) {
  FoldedText f;
  f.folded.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    auto lead = static_cast<unsigned char>(text[i]);
    std::size_t n = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    n = std::min(n, text.size() - i);
    std::string piece = n == 1 && lead < 0x80 ? std::string(1, static_cast<char>(std::tolower(lead)))
                                              : case_fold::key(std::string_view(text).substr(i, n));
    for (std::size_t b = 0; b < piece.size(); ++b) {
      f.from.push_back(i);
      f.to.push_back(i + n);
    }
    f.folded += piece;
    i += n;
  }
  return f;
}

}  // namespace

bool redact_text(std::string& text, const Needles& needles) {
  bool changed = false;
  for (const auto& n : needles.values()) {
    FoldedText f = fold_with_positions(text);
    std::size_t pos = f.folded.find(n);
    if (pos == std::string::npos) continue;
    std::string out;
    std::size_t from = 0;
    while (pos != std::string::npos) {
      std::size_t start = f.from[pos], end = f.to[pos + n.size() - 1];
      if (start >= from) out.append(text, from, start - from).append(kErased);
      from = std::max(from, end);
      pos = f.folded.find(n, pos + n.size());
    }
    out.append(text, from, std::string::npos);
    text = std::move(out);
    changed = true;
  }
  return changed;
}

bool mentions(const std::string& text, const Needles& needles) {
  const std::string folded = fold_with_positions(text).folded;
  for (const auto& n : needles.values())
    if (folded.find(n) != std::string::npos) return true;
  return false;
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

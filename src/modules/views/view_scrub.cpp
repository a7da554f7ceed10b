#include "modules/views/view_scrub.hpp"

#include <algorithm>
#include <optional>

#include "platform/case_fold.hpp"

namespace rapport::views {
namespace json = boost::json;

namespace {

std::string_view trimmed(std::string_view s) {
  constexpr std::string_view kSpace = " \t\r\n";
  auto from = s.find_first_not_of(kSpace);
  if (from == std::string_view::npos) return {};
  return s.substr(from, s.find_last_not_of(kSpace) - from + 1);
}

// The items of an `in` value, split as the list splits them (records/list_query.cpp).
std::vector<std::string> items_of(std::string_view s) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i <= s.size()) {
    std::size_t j = std::min(s.find(',', i), s.size());
    out.emplace_back(s.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ',';
    out += items[i];
  }
  return out;
}

enum class Outcome { Kept, Changed, Gone };

// One condition without the person's values: with `replacement`, each of theirs is replaced by it;
// without, it is removed (Gone: nothing of the condition is left).
Outcome scrub(records::Filter& f, const PersonValues& person, const std::optional<std::string_view>& replacement) {
  if (f.op == "is_null") return Outcome::Kept;
  if (f.op == "in") {
    std::vector<std::string> kept;
    bool changed = false;
    for (auto& item : items_of(f.value)) {
      if (!person.matches(item)) {
        kept.push_back(std::move(item));
      } else {
        changed = true;
        if (replacement) kept.emplace_back(*replacement);
      }
    }
    if (!changed) return Outcome::Kept;
    if (kept.empty()) return Outcome::Gone;
    f.value = joined(kept);
    return Outcome::Changed;
  }
  if (!person.matches(f.value)) return Outcome::Kept;
  if (!replacement) return Outcome::Gone;
  f.value = std::string(*replacement);
  return Outcome::Changed;
}

// Redacts one audit value that should be a filters array; anything else is left as it is.
bool redact_filters_value(json::value& v, const PersonValues& person, std::string_view replacement) {
  if (!v.is_array()) return false;
  bool changed = false;
  for (auto& e : v.as_array()) {
    auto* o = e.if_object();
    if (!o) continue;
    auto* op = o->if_contains("op");
    auto* value = o->if_contains("value");
    if (!op || !value || !op->is_string() || !value->is_string()) continue;
    records::Filter f{"", std::string(op->as_string()), std::string(value->as_string())};
    if (scrub(f, person, replacement) == Outcome::Kept) continue;
    *value = f.value;
    changed = true;
  }
  return changed;
}

}  // namespace

void PersonValues::add_folded(std::string_view value) {
  auto t = trimmed(value);
  if (!t.empty()) folded_.insert(case_fold::key(t));
}

void PersonValues::add_exact(std::string_view value) {
  auto t = trimmed(value);
  if (!t.empty()) exact_.insert(std::string(t));
}

bool PersonValues::matches(std::string_view value) const {
  auto t = trimmed(value);
  if (t.empty()) return false;
  return exact_.count(std::string(t)) > 0 || (!folded_.empty() && folded_.count(case_fold::key(t)) > 0);
}

bool drop_person_values(std::vector<records::Filter>& filters, const PersonValues& person) {
  bool changed = false;
  for (auto it = filters.begin(); it != filters.end();) {
    Outcome o = scrub(*it, person, std::nullopt);
    changed = changed || o != Outcome::Kept;
    it = o == Outcome::Gone ? filters.erase(it) : it + 1;
  }
  return changed;
}

bool redact_person_values(std::vector<records::Filter>& filters, const PersonValues& person, std::string_view replacement) {
  bool changed = false;
  for (auto& f : filters) changed = scrub(f, person, replacement) != Outcome::Kept || changed;
  return changed;
}

bool redact_filter_changes(json::array& changes, const PersonValues& person, std::string_view replacement) {
  bool changed = false;
  for (auto& c : changes) {
    auto* o = c.if_object();
    if (!o) continue;
    auto* field = o->if_contains("field");
    if (!field || !field->is_string() || field->as_string() != "filters") continue;
    for (const char* side : {"before", "after"})
      if (auto* v = o->if_contains(side)) changed = redact_filters_value(*v, person, replacement) || changed;
  }
  return changed;
}

bool drop_field(View& view, const std::string& field) {
  bool changed = false;
  auto names_it = [&](const records::Filter& f) { return f.field == field; };
  auto filter_end = std::remove_if(view.filters.begin(), view.filters.end(), names_it);
  changed = filter_end != view.filters.end();
  view.filters.erase(filter_end, view.filters.end());
  auto column_end = std::remove(view.columns.begin(), view.columns.end(), field);
  changed = changed || column_end != view.columns.end();
  view.columns.erase(column_end, view.columns.end());
  if (view.sort && (*view.sort == field || *view.sort == "-" + field)) {
    view.sort = std::nullopt;
    changed = true;
  }
  return changed;
}

}  // namespace rapport::views

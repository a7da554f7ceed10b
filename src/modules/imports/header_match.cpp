#include "modules/imports/header_match.hpp"


#include "modules/imports/known_headers.hpp"

namespace rapport::imports {

bool takes_many_columns(const Target& t) {
  using records::FieldType;
  if (t.field) return records::is_list(t.field->type);
  return t.custom && t.custom->type == "multi_select";
}

namespace {

// The target a header names by step 2: a target's name, or a custom field's name or label.
const Target* named_target(const std::string& key, const std::vector<Target>& targets) {
  for (const auto& t : targets) {
    if (header_key(t.name) == key) return &t;
    if (t.custom && (header_key(t.custom->name) == key || header_key(t.custom->label) == key)) return &t;
  }
  return nullptr;
}

}  // namespace

std::vector<ColumnMatch> match_columns(std::string_view object, const std::vector<std::string>& headers,
                                       const std::vector<Target>& targets, const std::map<std::string, std::string>& taken) {
  std::vector<ColumnMatch> out(headers.size());
  std::vector<std::string> taken_by;  // parallel to targets: the header that took a single-valued target
  taken_by.resize(targets.size());
  for (std::size_t i = 0; i < targets.size(); ++i)
    if (auto it = taken.find(targets[i].name); it != taken.end()) taken_by[i] = it->second;
  auto index_of = [&](const Target* t) { return static_cast<std::size_t>(t - targets.data()); };
  for (std::size_t i = 0; i < headers.size(); ++i) {
    const std::string key = header_key(headers[i]);
    if (key.empty()) continue;
    const Target* t = nullptr;
    if (auto known = known_header_target(object, key); !known.empty()) t = find_target(targets, known);
    if (!t) t = named_target(key, targets);
    if (!t) continue;
    if (!takes_many_columns(*t) && !taken_by[index_of(t)].empty()) {
      const Target* twin = t->list_twin.empty() ? nullptr : find_target(targets, t->list_twin);
      if (!twin) {
        out[i].note = "\"" + headers[i] + "\" also means " + t->name + ", which \"" + taken_by[index_of(t)] +
                      "\" fills: left out";
        continue;
      }
      t = twin;
    }
    if (!takes_many_columns(*t)) taken_by[index_of(t)] = headers[i];
    out[i].target = t->name;
  }
  return out;
}

}  // namespace rapport::imports

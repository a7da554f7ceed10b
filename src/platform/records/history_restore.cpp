#include "platform/records/history_restore.hpp"

#include <algorithm>

namespace rapport::records {
namespace json = boost::json;

std::optional<Reversal> reverse_entries(const ObjectSpec& spec, const json::object& current,
                                        const std::vector<HistoryEntry>& newer, std::string& reason) {
  Reversal out;
  json::object fields, custom;
  auto writable = [&](std::string_view name) {
    if (const FieldSpec* f = find_field(spec, name)) return f->writable;
    return std::find(spec.hooks.extra_keys.begin(), spec.hooks.extra_keys.end(), name) != spec.hooks.extra_keys.end();
  };
  for (const auto& e : newer) {
    if (e.action == "erase") {
      reason = "The record's personal data was erased after that entry (entry " + std::to_string(e.id) +
               "); it cannot come back";
      return std::nullopt;
    }
    out.undone.push_back(e.id);
    if (!e.changes.is_array()) continue;
    // Newest first: a value met later is older and wins.
    for (const auto& ch : e.changes.as_array()) {
      const auto* o = ch.if_object();
      const auto* name = o ? o->if_contains("field") : nullptr;
      const auto* before = o ? o->if_contains("before") : nullptr;
      if (!name || !name->is_string() || !before) continue;
      std::string field(name->as_string());
      if (field == "deleted_at" || field == kRestoredToField) continue;
      if (field.rfind("custom.", 0) == 0) {
        custom[field.substr(7)] = *before;
      } else if (writable(field)) {
        fields[field] = *before;
      } else if (find_field(spec, field) &&
                 std::find(out.derived.begin(), out.derived.end(), field) == out.derived.end()) {
        out.derived.push_back(field);
      }
    }
  }
  static const json::value null_value = nullptr;
  auto stored = [](const json::object& o, std::string_view k) -> const json::value& {
    const auto* v = o.if_contains(k);
    return v ? *v : null_value;
  };
  for (const auto& kv : fields)
    if (stored(current, kv.key()) != kv.value()) out.body[kv.key()] = kv.value();
  const json::object empty;
  const auto* cur_custom = current.if_contains("custom");
  const json::object& now = cur_custom && cur_custom->is_object() ? cur_custom->as_object() : empty;
  json::object custom_body;
  for (const auto& kv : custom)
    if (stored(now, kv.key()) != kv.value()) custom_body[kv.key()] = kv.value();
  if (!custom_body.empty()) out.body["custom"] = std::move(custom_body);
  return out;
}

}  // namespace rapport::records

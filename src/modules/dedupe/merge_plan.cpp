#include "modules/dedupe/merge_plan.hpp"

#include <algorithm>

#include "platform/ids.hpp"

namespace rapport::dedupe {
namespace json = boost::json;

namespace {

bool has_value(const json::value& v) {
  if (v.is_null()) return false;
  if (const auto* s = v.if_string()) return !s->empty();
  if (const auto* a = v.if_array()) return !a->empty();
  if (const auto* o = v.if_object()) return !o->empty();
  return true;
}

}  // namespace

const json::value& field_value(const json::object& record, std::string_view field) {
  static const json::value none = nullptr;
  if (field.rfind("custom.", 0) == 0) {
    const auto* custom = record.if_contains("custom");
    const auto* v = custom && custom->is_object() ? custom->as_object().if_contains(field.substr(7)) : nullptr;
    return v ? *v : none;
  }
  const auto* v = record.if_contains(field);
  return v ? *v : none;
}

void set_field(json::object& record, std::string_view field, const json::value& v) {
  if (field.rfind("custom.", 0) != 0) {
    record[field] = v;
    return;
  }
  json::value& custom = record["custom"];
  if (!custom.is_object()) custom = json::object{};
  if (v.is_null())
    custom.as_object().erase(field.substr(7));
  else
    custom.as_object()[field.substr(7)] = v;
}

void parse_record_ids(const json::object& body, std::string_view what, std::vector<std::string>& out,
                      std::vector<FieldError>& errors) {
  const auto* ids = body.if_contains("ids");
  if (!ids || !ids->is_array()) {
    std::string message = "is required: ";
    message += what;
    errors.push_back({"ids", "required", std::move(message)});
    return;
  }
  const auto& a = ids->as_array();
  if (a.size() < kMinMerged || a.size() > kMaxMerged) errors.push_back({"ids", "length", "must hold 2 to 10 record ids"});
  for (std::size_t i = 0; i < a.size() && i < kMaxMerged; ++i) {
    const auto* s = a[i].if_string();
    std::string path = "ids[";
    path += std::to_string(i);
    path += ']';
    if (!s || !ids::is_uuid(*s)) {
      errors.push_back({path, "type", "is not a record's id"});
      continue;
    }
    std::string id(*s);
    if (std::find(out.begin(), out.end(), id) != out.end())
      errors.push_back({path, "duplicate", "names a record given already"});
    else
      out.push_back(std::move(id));
  }
}

Result<MergeRequest> parse_merge_request(const json::object& body) {
  MergeRequest out;
  std::vector<FieldError> errors;
  for (const auto& kv : body)
    if (kv.key() != "ids" && kv.key() != "values" && kv.key() != "dry_run")
      errors.push_back({std::string(kv.key()), "unknown", "is not part of a merge (ids, values, dry_run)"});
  parse_record_ids(body, "the ids of the records to merge, the survivor first", out.ids, errors);
  if (const auto* v = body.if_contains("values"); v && !v->is_null()) {
    if (!v->is_object()) {
      errors.push_back({"values", "type", "must be an object: field -> the id of the record whose value survives"});
    } else if (v->as_object().size() > 200) {
      errors.push_back({"values", "length", "names more than 200 fields"});
    } else {
      for (const auto& kv : v->as_object()) {
        const auto* s = kv.value().if_string();
        if (!s || std::find(out.ids.begin(), out.ids.end(), std::string_view(*s)) == out.ids.end()) {
          errors.push_back({"values." + std::string(kv.key()), "invalid", "must be one of ids: the record whose value survives"});
          continue;
        }
        out.values.emplace_back(std::string(kv.key()), std::string(*s));
      }
    }
  }
  if (const auto* d = body.if_contains("dry_run"); d && !d->is_null()) {
    if (!d->is_bool())
      errors.push_back({"dry_run", "type", "must be true or false"});
    else
      out.dry_run = d->as_bool();
  }
  if (!errors.empty()) return Problem::invalid(std::move(errors), "The merge request is not valid");
  return out;
}

Result<std::vector<FieldChoice>> plan_fields(const std::vector<json::object>& records, const std::vector<std::string>& fields,
                                             const std::vector<std::string>& custom, const MergeRequest& request) {
  std::vector<FieldChoice> out;
  auto add = [&](std::string name) {
    FieldChoice f{.field = std::move(name)};
    for (const auto& r : records) f.values.push_back(field_value(r, f.field));
    if (!has_value(f.values[0]))
      for (std::size_t i = 1; i < f.values.size(); ++i)
        if (has_value(f.values[i])) {
          f.chosen = i;
          break;
        }
    out.push_back(std::move(f));
  };
  for (const auto& f : fields) add(f);
  for (const auto& c : custom) add("custom." + c);
  std::vector<FieldError> errors;
  for (const auto& [field, id] : request.values) {
    auto it = std::find_if(out.begin(), out.end(), [&](const FieldChoice& f) { return f.field == field; });
    if (it == out.end()) {
      errors.push_back({"values." + field, "unknown", "is not a field of the record you may change"});
      continue;
    }
    auto at = std::find(request.ids.begin(), request.ids.end(), id);
    it->chosen = static_cast<std::size_t>(at - request.ids.begin());
    it->asked = true;
  }
  if (!errors.empty()) return Problem::invalid(std::move(errors), "The merge names fields it cannot choose");
  return out;
}

json::object merged_record(const json::object& survivor, const std::vector<FieldChoice>& plan) {
  json::object out = survivor;
  for (const auto& f : plan) {
    if (f.chosen == 0) continue;
    set_field(out, f.field, f.values[f.chosen]);
  }
  return out;
}

}  // namespace rapport::dedupe

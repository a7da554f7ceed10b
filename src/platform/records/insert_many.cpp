// records::insert_many (service.hpp): insert_new for many bodies, checked alike, written set-based.
#include <algorithm>
#include <unordered_map>

#include "platform/journal.hpp"
#include "platform/records/create_steps.hpp"
#include "platform/records/service.hpp"

namespace rapport::records {
namespace json = boost::json;

namespace {

// check_stored's questions for a batch: the references and unique values of all its bodies looked
// up once, then the unique values (and ids) of the bodies already checked, in the batch's order, so
// that each body sees what it would see had the ones before it been created alone.
class BatchChecks : public StoredChecks {
 public:
  BatchChecks(db::Connection& c, const identity::Context& ctx, const Store& store, const std::vector<Input>& inputs,
              const std::vector<bool>& skip)
      : object_(store.spec().object) {
    const ObjectSpec& spec = store.spec();
    for (const auto* fields : {&spec.fields, &system_fields()}) {
      for (const auto& f : *fields) {
        if (f.type != FieldType::Reference) continue;
        std::vector<std::string> ids = given(inputs, skip, f.name);
        if (ids.empty()) continue;
        auto found = existing_references(c, ctx, f.ref_table, ids, f.ref_policy);
        for (auto& id : ids) refs_[f.name + '\n' + id] = found.contains(id);
      }
    }
    for (const auto& u : spec.unique) {
      std::vector<std::string> values = given(inputs, skip, u.field);
      if (values.empty()) continue;
      taken_[u.field] = store.find_duplicates(c, ctx, *spec.field(u.field), values);
    }
  }

  bool reference_exists(db::Connection& c, const identity::Context& ctx, const FieldSpec& f, const std::string& id) override {
    if (auto it = refs_.find(f.name + '\n' + id); it != refs_.end() && it->second) return true;
    if (f.ref_table == object_ && ids_.contains(id)) return true;  // a record of this batch, checked before
    if (refs_.contains(f.name + '\n' + id)) return false;
    return StoredChecks::reference_exists(c, ctx, f, id);
  }

  std::optional<std::string> duplicate(db::Connection& c, const identity::Context& ctx, const Store& store, const FieldSpec& f,
                                       const std::string& value, const std::string& self_id) override {
    auto field = taken_.find(f.name);
    if (field == taken_.end()) return StoredChecks::duplicate(c, ctx, store, f, value, self_id);
    auto it = field->second.find(Store::duplicate_key(f, value));
    if (it == field->second.end() || it->second == self_id) return std::nullopt;
    return it->second;
  }

  std::optional<std::string> custom_duplicate(db::Connection& c, const identity::Context& ctx, const Store& store,
                                              const CustomFieldDef& d, const json::value& v, const std::string& self_id) override {
    if (auto it = custom_taken_.find(d.name + '\n' + json::serialize(v)); it != custom_taken_.end()) return it->second;
    return StoredChecks::custom_duplicate(c, ctx, store, d, v, self_id);
  }

  // `rec` passed its checks: its id and unique values are taken for the bodies after it.
  void taken_by(const ObjectSpec& spec, const std::vector<CustomFieldDef>& defs, const json::object& rec) {
    const std::string id(rec.at("id").as_string());
    ids_.insert(id);
    for (const auto& u : spec.unique) {
      auto* v = rec.if_contains(u.field);
      if (v && v->is_string()) taken_[u.field][Store::duplicate_key(*spec.field(u.field), v->as_string())] = id;
    }
    const auto& custom = rec.at("custom").as_object();
    for (const auto& d : defs)
      if (auto* v = custom.if_contains(d.name); d.unique && v && !v->is_null()) custom_taken_[d.name + '\n' + json::serialize(*v)] = id;
  }

 private:
  // The string values of `field` in the inputs not skipped.
  static std::vector<std::string> given(const std::vector<Input>& inputs, const std::vector<bool>& skip, const std::string& field) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      if (skip[i]) continue;
      if (auto* v = inputs[i].fields.if_contains(field); v && v->is_string()) out.emplace_back(v->as_string());
    }
    return out;
  }

  std::string object_;
  std::unordered_map<std::string, bool> refs_;  // "<field>\n<id>" -> counts as a target
  std::unordered_map<std::string, std::unordered_map<std::string, std::string>> taken_;  // field -> key -> id
  std::unordered_map<std::string, std::string> custom_taken_;  // "<name>\n<value JSON>" -> id (this batch's)
  std::unordered_set<std::string> ids_;                        // this batch's records checked so far
};

}  // namespace

CheckedBody check_body(const identity::Context& ctx, const ObjectSpec& spec, const std::vector<CustomFieldDef>& defs,
                       const json::object& body) {
  CheckedBody out;
  if (auto p = may_create(ctx, spec, body)) out.refused = std::move(*p);
  else out.input = validate_input(spec, defs, body, nullptr, out.errors);
  return out;
}

bool custom_fields_unchanged(const std::vector<CustomFieldDef>& a, const std::vector<CustomFieldDef>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](const CustomFieldDef& x, const CustomFieldDef& y) { return x.id == y.id && x.version == y.version; });
}

std::vector<Result<json::object>> insert_many(db::Connection& c, const identity::Context& ctx, const Store& store,
                                              const std::vector<json::object>& bodies, const ImportedFrom* imported) {
  auto defs = load_custom_fields(c, ctx.workspace_id, store.spec().object);
  std::vector<CheckedBody> checked;
  checked.reserve(bodies.size());
  for (const auto& body : bodies) checked.push_back(check_body(ctx, store.spec(), defs, body));
  return insert_checked(c, ctx, store, defs, std::move(checked), {}, imported);
}

std::vector<Result<json::object>> insert_checked(db::Connection& c, const identity::Context& ctx, const Store& store,
                                                 const std::vector<CustomFieldDef>& defs, std::vector<CheckedBody> bodies,
                                                 const std::vector<json::object>& added, const ImportedFrom* imported) {
  const ObjectSpec& spec = store.spec();
  const std::size_t n = bodies.size();
  std::vector<std::optional<Problem>> refused(n);
  std::vector<bool> skip(n, false);
  std::vector<Input> inputs(n);
  std::vector<std::vector<FieldError>> errors(n);
  for (std::size_t i = 0; i < n; ++i) {
    CheckedBody& b = bodies[i];
    if (!b.refused && i < added.size() && !added[i].empty()) {
      // The fields the write resolved: the same rules as the body's (the owner a role may give).
      if (auto p = may_create(ctx, spec, added[i])) {
        b.refused = std::move(*p);
      } else {
        Input more = validate_input(spec, defs, added[i], nullptr, b.errors);
        for (auto& kv : more.fields) b.input.fields[kv.key()] = std::move(kv.value());
        for (auto& kv : more.extras) b.input.extras[kv.key()] = std::move(kv.value());
      }
    }
    if (b.refused) {
      refused[i] = std::move(b.refused);
      skip[i] = true;
      continue;
    }
    inputs[i] = std::move(b.input);
    errors[i] = std::move(b.errors);
  }
  BatchChecks checks(c, ctx, store, inputs, skip);
  std::vector<json::object> written;
  std::vector<std::size_t> written_index(n, n);  // body -> its place in `written` (n: not written)
  for (std::size_t i = 0; i < n; ++i) {
    if (skip[i]) continue;
    json::object rec = new_record(c, ctx, spec, inputs[i]);
    if (auto p = check_stored(c, ctx, store, defs, rec, inputs[i], "", std::move(errors[i]), checks)) {
      refused[i] = std::move(*p);
      continue;
    }
    checks.taken_by(spec, defs, rec);
    written_index[i] = written.size();
    written.push_back(std::move(rec));
  }
  store.insert_many(c, ctx, written);
  std::vector<journal::AuditEntry> audits;
  std::vector<journal::Event> events;
  audits.reserve(written.size());
  events.reserve(written.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (written_index[i] == n) continue;
    json::object& rec = written[written_index[i]];
    const std::string id(rec.at("id").as_string());
    if (spec.hooks.after_write) spec.hooks.after_write(c, ctx, id, inputs[i].extras, rec);
    if (spec.hooks.decorate) spec.hooks.decorate(c, ctx, rec);
    if (imported) {
      audits.push_back({spec.object, id, "import", journal::import_changes(imported->import_id, imported->file_name)});
      events.push_back({spec.singular + ".created", spec.object, id, json::serialize(json::object{{"id", id}, {"import_id", imported->import_id}}),
                        journal::owner_of_record(rec), journal::team_of_record(spec.object, rec)});
      continue;
    }
    audits.push_back({spec.object, id, "create", journal::diff(json::object{}, rec)});
    events.push_back({spec.singular + ".created", spec.object, id, json::serialize(rec), journal::owner_of_record(rec)});
  }
  if (!written.empty()) store.count_live(c, ctx, static_cast<int64_t>(written.size()));
  journal::audit_many(c, ctx, audits);
  journal::emit_many(c, ctx, events);
  std::vector<Result<json::object>> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (written_index[i] == n) out.emplace_back(std::move(*refused[i]));
    else out.emplace_back(std::move(written[written_index[i]]));
  }
  return out;
}

}  // namespace rapport::records

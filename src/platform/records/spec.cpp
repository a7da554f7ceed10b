#include "platform/records/spec.hpp"
#include "platform/records/spec_of.hpp"

namespace rapport::records {

const char* type_name(FieldType t) {
  switch (t) {
    case FieldType::String: return "string";
    case FieldType::Text: return "text";
    case FieldType::Email: return "email";
    case FieldType::Phone: return "phone";
    case FieldType::Url: return "url";
    case FieldType::Domain: return "domain";
    case FieldType::Country: return "country";
    case FieldType::Currency: return "currency";
    case FieldType::Integer: return "integer";
    case FieldType::Money: return "money";
    case FieldType::Boolean: return "boolean";
    case FieldType::DateTime: return "datetime";
    case FieldType::Date: return "date";
    case FieldType::Enum: return "enum";
    case FieldType::Reference: return "reference";
    case FieldType::EmailList: return "email_list";
    case FieldType::PhoneList: return "phone_list";
    case FieldType::Tags: return "tags";
  }
  return "string";
}

const std::vector<FieldSpec>& system_fields() {
  static const std::vector<FieldSpec> f = [] {
    std::vector<FieldSpec> v;
    auto add = [&](std::string name, FieldType t, bool writable, bool sortable, std::string desc) {
      FieldSpec s;
      s.name = std::move(name);
      s.type = t;
      s.writable = writable;
      s.sortable = sortable;
      s.description = std::move(desc);
      v.push_back(std::move(s));
    };
    add("id", FieldType::String, false, false, "UUIDv7, assigned by the server");
    add("owner_id", FieldType::Reference, true, false, "The user who owns the record; defaults to its creator");
    v.back().ref_table = "users";
    v.back().ref_policy = ReferencePolicy::Active;
    v.back().export_labels = {{"owner", "email"}};
    add("created_at", FieldType::DateTime, false, true, "When the record was created");
    add("updated_at", FieldType::DateTime, false, true, "When the record last changed");
    add("created_by", FieldType::String, false, false, "The user (or API key) that created the record");
    add("version", FieldType::Integer, false, false, "Incremented by every change; the ETag");
    add("deleted_at", FieldType::DateTime, false, false, "Set while the record is in the recycle bin");
    return v;
  }();
  return f;
}

FieldSpec& ObjectSpec::add(std::string name, FieldType type, std::size_t max_length) {
  FieldSpec f;
  f.name = std::move(name);
  f.type = type;
  f.max_length = max_length;
  fields.push_back(std::move(f));
  return fields.back();
}

const FieldSpec* ObjectSpec::field(std::string_view name) const {
  for (const auto& f : fields)
    if (f.name == name) return &f;
  return nullptr;
}

const FieldSpec* find_field(const ObjectSpec& spec, std::string_view name) {
  if (auto* f = spec.field(name)) return f;
  for (const auto& f : system_fields())
    if (f.name == name) return &f;
  return nullptr;
}

const ObjectSpec* spec_of(const std::vector<const ObjectSpec*>& specs, std::string_view object) {
  for (const auto* s : specs)
    if (s->object == object) return s;
  return nullptr;
}

}  // namespace rapport::records

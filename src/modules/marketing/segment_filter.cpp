#include "modules/marketing/segment_filter.hpp"

#include "modules/marketing/related_facts.hpp"
#include "platform/records/filter_json.hpp"
#include "platform/records/list_query.hpp"
#include "platform/records/scope.hpp"

namespace rapport::marketing {
namespace json = boost::json;

namespace {

constexpr std::string_view kCompanyPrefix = "company.";

class Compiler {
 public:
  explicit Compiler(const FilterScope& scope) : scope_(scope) {}

  std::vector<FieldError> errors;

  // A group object: its keys ANDed. nullopt when something in it was refused.
  std::optional<Sql> group(const json::value& v, const std::string& path, int depth) {
    if (!v.is_object()) {
      errors.push_back({path, "type", "must be an object of conditions"});
      return std::nullopt;
    }
    if (depth > kMaxDepth) {
      errors.push_back({path, "depth", "groups (any, all, not) may nest at most " + std::to_string(kMaxDepth) + " deep"});
      return std::nullopt;
    }
    std::vector<Sql> parts;
    bool ok = true;
    for (const auto& [key, value] : v.as_object()) {
      const std::string at = path + "." + std::string(key);
      auto part = key == "any" || key == "all" ? list(value, at, depth, key == "any")
                  : key == "not"              ? negation(value, at, depth)
                                               : condition(std::string(key), value, at);
      if (part) parts.push_back(std::move(*part));
      else ok = false;
    }
    if (!ok) return std::nullopt;
    if (parts.empty()) {
      if (depth > 0) errors.push_back({path, "required", "an empty group; name at least one condition"});
      return depth > 0 ? std::nullopt : std::optional<Sql>(Sql{});
    }
    return join(std::move(parts), " AND ");
  }

 private:
  static Sql join(std::vector<Sql> parts, const char* op) {
    if (parts.size() == 1) return std::move(parts[0]);
    Sql out;
    out.text = "(";
    for (std::size_t i = 0; i < parts.size(); ++i) {
      if (i > 0) out.text += op;
      out.text += parts[i].text;
      out.params.insert(out.params.end(), parts[i].params.begin(), parts[i].params.end());
    }
    out.text += ")";
    return out;
  }

  std::optional<Sql> list(const json::value& v, const std::string& path, int depth, bool any) {
    if (!v.is_array() || v.as_array().empty()) {
      errors.push_back({path, "type", "must be a non-empty array of condition objects"});
      return std::nullopt;
    }
    std::vector<Sql> parts;
    bool ok = true;
    std::size_t i = 0;
    for (const auto& e : v.as_array()) {
      std::string at = path + ".";
      at += std::to_string(i++);
      if (auto part = group(e, at, depth + 1)) parts.push_back(std::move(*part));
      else ok = false;
    }
    if (!ok) return std::nullopt;
    return join(std::move(parts), any ? " OR " : " AND ");
  }

  std::optional<Sql> negation(const json::value& v, const std::string& path, int depth) {
    auto inner = group(v, path, depth + 1);
    if (!inner) return std::nullopt;
    // Not true: a contact the inner condition leaves unknown (a NULL field) is kept, as `ne` keeps it.
    const char* no = scope_.c.dialect() == db::Dialect::Postgres ? "FALSE" : "0";
    inner->text = "NOT coalesce(" + inner->text + ", " + no + ")";
    return inner;
  }

  bool count_one(const std::string& path) {
    if (++conditions_ <= kMaxConditions) return true;
    if (conditions_ == kMaxConditions + 1)
      errors.push_back({path, "too_many", "a filter holds at most " + std::to_string(kMaxConditions) + " conditions"});
    return false;
  }

  std::optional<Sql> condition(const std::string& key, const json::value& v, const std::string& path) {
    auto facts = related_facts().find(key);
    if (facts != related_facts().end()) {
      if (!count_one(path)) return std::nullopt;
      return facts->second(v, path, scope_, errors);
    }
    if (!v.is_object() || v.as_object().empty()) {
      errors.push_back({path, "type", "must be an object of operators and values, e.g. {\"eq\": \"DE\"}"});
      return std::nullopt;
    }
    const bool company = key.rfind(kCompanyPrefix, 0) == 0;
    const std::string field = company ? key.substr(kCompanyPrefix.size()) : key;
    const records::ObjectSpec& spec = company ? scope_.companies : scope_.contacts;
    if (records::is_hidden(scope_.caller, spec.object, field)) {
      errors.push_back({path, "forbidden", "Your role cannot filter on '" + field + "'"});
      return std::nullopt;
    }
    std::vector<Sql> parts;
    bool ok = true;
    for (const auto& [op, value] : v.as_object()) {
      const std::string at = path + "." + std::string(op);
      if (!count_one(at)) return std::nullopt;
      auto part = operation(spec, company ? scope_.company_fields : scope_.contact_fields, field, std::string(op), value, at);
      if (part) parts.push_back(std::move(*part));
      else ok = false;
    }
    if (!ok) return std::nullopt;
    Sql out = join(std::move(parts), " AND ");
    if (!company) return out;
    // The contact's company meets it: companies read by their own conditions, then the contacts by
    // the contacts_company index.
    Sql in{"company_id IN (SELECT id FROM " + spec.object + " WHERE workspace_id = ? AND deleted_at IS NULL AND " + out.text + ")",
           {scope_.caller.workspace_id}};
    in.params.insert(in.params.end(), out.params.begin(), out.params.end());
    return in;
  }

  // One operator on one field, compiled as the list compiles filter[field][op]=value.
  std::optional<Sql> operation(const records::ObjectSpec& spec, const std::vector<records::CustomFieldDef>& defs,
                               const std::string& field, const std::string& op, const json::value& value, const std::string& path) {
    if (op == "in" ? !value.is_array() : value.is_array()) {
      errors.push_back({path, "type", op == "in" ? "must be an array of values" : "must be a string, number or boolean"});
      return std::nullopt;
    }
    auto text = records::filter_value(value);
    if (!text || text->size() > 4096) {
      errors.push_back({path, "type", "must be a string, number or boolean (an array of them for in), at most 4096 bytes"});
      return std::nullopt;
    }
    records::ListParams params;
    params.filters.push_back({field, op, std::move(*text)});
    auto compiled = records::compile_list(spec, defs, params, scope_.c.dialect(), scope_.caller.workspace_id);
    if (!compiled) {
      errors.push_back({path, "invalid", compiled.problem().detail});
      return std::nullopt;
    }
    // compile_list's conditions are " AND a AND b ..." (a tag filter may make several).
    return Sql{"(" + compiled->where.substr(5) + ")", std::move(compiled->params)};
  }

  const FilterScope& scope_;
  std::size_t conditions_ = 0;
};

bool names_custom(const json::value& v) {
  if (v.is_array()) {
    for (const auto& e : v.as_array())
      if (names_custom(e)) return true;
    return false;
  }
  if (!v.is_object()) return false;
  for (const auto& [key, value] : v.as_object()) {
    if (key.starts_with("custom.") || key.starts_with("company.custom.")) return true;
    if ((key == "any" || key == "all" || key == "not") && names_custom(value)) return true;
  }
  return false;
}

}  // namespace

Result<Sql> compile_filter(const json::value& filter, const FilterScope& scope) {
  if (filter.is_object() && json::serialize(filter).size() > kMaxFilterBytes)
    return Problem::invalid({{"filter", "length", "must be at most " + std::to_string(kMaxFilterBytes) + " bytes as JSON"}});
  Compiler compiler(scope);
  auto sql = compiler.group(filter, "filter", 0);
  if (!sql) return Problem::invalid(std::move(compiler.errors), "The segment's filter has invalid conditions");
  if (!sql->text.empty()) sql->text = " AND " + sql->text;
  return std::move(*sql);
}

bool names_custom_fields(const json::value& filter) { return names_custom(filter); }

}  // namespace rapport::marketing

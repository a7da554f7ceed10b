#include "modules/automation/conditions.hpp"

#include "modules/automation/triggers.hpp"

namespace rapport::automation {
namespace json = boost::json;

bool is_changed_op(std::string_view op) { return op == "changed" || op == "changed_from" || op == "changed_to"; }

namespace {

std::string text_of(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

}  // namespace

std::vector<records::Filter> list_filters(const json::array& conditions) {
  std::vector<records::Filter> out;
  for (const auto& c : conditions) {
    const auto* o = c.if_object();
    if (!o || is_changed_op(text_of(*o, "op"))) continue;
    out.push_back(records::to_filter(*o));
  }
  return out;
}

bool changes_hold(const json::array& conditions, const json::array& changes) {
  static const json::value null_value;
  for (const auto& c : conditions) {
    const auto* o = c.if_object();
    if (!o) continue;
    const std::string op = text_of(*o, "op");
    if (!is_changed_op(op)) continue;
    const std::string field = text_of(*o, "field");
    const json::object* change = nullptr;
    for (const auto& ch : changes)
      if (const auto* co = ch.if_object(); co && text_of(*co, "field") == field) change = co;
    if (!change) return false;
    const json::value* want = o->if_contains("value");
    if (op == "changed_from" && !(want && same_value(*want, change->contains("before") ? change->at("before") : null_value)))
      return false;
    if (op == "changed_to" && !(want && same_value(*want, change->contains("after") ? change->at("after") : null_value)))
      return false;
  }
  return true;
}

}  // namespace rapport::automation

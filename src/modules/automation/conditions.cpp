#include "modules/automation/conditions.hpp"

#include "modules/automation/triggers.hpp"
#include "platform/json_field.hpp"

namespace rapport::automation {
namespace json = boost::json;

bool is_changed_op(std::string_view op) { return op == "changed" || op == "changed_from" || op == "changed_to"; }

std::vector<records::Filter> list_filters(const json::array& conditions) {
  std::vector<records::Filter> out;
  for (const auto& c : conditions) {
    const auto* o = c.if_object();
    if (!o || is_changed_op(json_field::text(*o, "op"))) continue;
    out.push_back(records::to_filter(*o));
  }
  return out;
}

bool changes_hold(const json::array& conditions, const json::array& changes) {
  static const json::value null_value;
  for (const auto& c : conditions) {
    const auto* o = c.if_object();
    if (!o) continue;
    const std::string op = json_field::text(*o, "op");
    if (!is_changed_op(op)) continue;
    const std::string field = json_field::text(*o, "field");
    const json::object* change = nullptr;
    for (const auto& ch : changes)
      if (const auto* co = ch.if_object(); co && json_field::text(*co, "field") == field) change = co;
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

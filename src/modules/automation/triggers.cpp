#include "modules/automation/triggers.hpp"

#include <algorithm>

namespace rapport::automation {
namespace json = boost::json;

const std::vector<std::string>& trigger_types() {
  static const std::vector<std::string> all = {"record_created", "record_updated", "record_deleted", "record_restored",
                                               "field_changed",  "stage_changed",  "lead_converted", "date_relative",
                                               "schedule",       "sla_warning",    "sla_breached",
                                               "reply_bounced",  "form_submitted"};
  return all;
}

bool update_like(std::string_view type) { return type == "record_updated" || type == "field_changed"; }

namespace {

std::string_view type_of(const json::object& trigger) {
  const auto* t = trigger.if_contains("type");
  return t && t->is_string() ? std::string_view(t->as_string()) : std::string_view{};
}

const json::value* option(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && !v->is_null() ? v : nullptr;
}

}  // namespace

std::string event_type_of(const json::object& trigger, std::string_view singular) {
  const std::string_view type = type_of(trigger);
  std::string s(singular);
  if (type == "record_created") return s + ".created";
  if (type == "record_updated" || type == "field_changed") return s + ".updated";
  if (type == "record_deleted") return s + ".deleted";
  if (type == "record_restored") return s + ".restored";
  if (type == "stage_changed") return "deal.stage_changed";
  if (type == "lead_converted") return "lead.converted";
  if (type == "sla_warning") return "ticket.sla_warning";
  if (type == "sla_breached") return "ticket.sla_breached";
  if (type == "reply_bounced") return "ticket.reply_bounced";
  if (type == "form_submitted") return "form.submitted";
  return {};
}

std::string record_of(const json::object& trigger, std::string_view object_type, const std::string& event_object_id,
                      const json::value& payload) {
  if (type_of(trigger) != "form_submitted") return event_object_id;
  const json::object* p = payload.if_object();
  const auto* kind = p ? p->if_contains("record_type") : nullptr;
  const auto* id = p ? p->if_contains("record_id") : nullptr;
  if (!kind || !id || !kind->is_string() || !id->is_string() || kind->as_string() != object_type) return {};
  return std::string(id->as_string());
}

bool same_value(const json::value& a, const json::value& b) {
  if (a.is_number() && b.is_number()) return a.to_number<double>() == b.to_number<double>();
  return a == b;
}

bool fires(const json::object& trigger, const json::value& payload) {
  const std::string_view type = type_of(trigger);
  const json::object* p = payload.if_object();
  if (type == "field_changed") {
    const auto* field = trigger.if_contains("field");
    const auto* changes = p ? p->if_contains("changes") : nullptr;
    if (!field || !changes || !changes->is_array()) return false;
    for (const auto& ch : changes->as_array()) {
      const auto* o = ch.if_object();
      if (!o || !o->contains("field") || o->at("field") != *field) continue;
      const auto* from = option(trigger, "from");
      const auto* to = option(trigger, "to");
      static const json::value null_value;
      const json::value& before = o->contains("before") ? o->at("before") : null_value;
      const json::value& after = o->contains("after") ? o->at("after") : null_value;
      return (!from || same_value(*from, before)) && (!to || same_value(*to, after));
    }
    return false;
  }
  if (type == "form_submitted") {
    // The event's object is the form: {"id": the form's id, "record_type", "record_id", ...}.
    const auto* want = option(trigger, "form_id");
    const auto* got = p ? p->if_contains("id") : nullptr;
    return !want || (got && *got == *want);
  }
  if (type == "stage_changed") {
    if (!p) return false;
    for (const auto* key : {"from_stage_id", "to_stage_id"}) {
      const auto* want = option(trigger, key);
      if (!want) continue;
      const auto* got = p->if_contains(key);
      if (!got || *got != *want) return false;
    }
  }
  return true;
}

}  // namespace rapport::automation

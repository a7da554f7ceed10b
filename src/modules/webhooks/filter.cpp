#include "modules/webhooks/filter.hpp"

#include "modules/webhooks/creator.hpp"
#include "modules/webhooks/event_types.hpp"
#include "platform/records/filter_json.hpp"
#include "platform/records/matches.hpp"
#include "platform/records/scope.hpp"

namespace rapport::webhooks {
namespace json = boost::json;

namespace {

std::string path_of(std::size_t i) {
  std::string p = "filter.";
  p += std::to_string(i);
  return p;
}

std::vector<records::Filter> filters_of(const json::array& conditions) {
  std::vector<records::Filter> out;
  for (const auto& c : conditions)
    if (const auto* o = c.if_object()) out.push_back(records::to_filter(*o));
  return out;
}

// The list's refusal of a filter on a field hidden from the caller (records::Service::list).
std::string hidden_message(const std::string& field) { return "Your role cannot filter on '" + field + "'"; }

}  // namespace

std::vector<FieldError> check_filter(db::Connection& c, const Specs& specs, const Webhook& w,
                                     const std::vector<const identity::Context*>& readers) {
  std::vector<FieldError> errors;
  if (w.filter.empty()) return errors;
  const auto object = record_object(w.event_types);
  const records::ObjectSpec* spec = object ? records::spec_of(specs, *object) : nullptr;
  if (!spec) {
    errors.push_back({"filter", "event_types",
                      "applies to event types about one record object (e.g. deal.created and deal.stage_changed), "
                      "not to \"*\", to several objects or to objects that are not records"});
    return errors;
  }
  const auto defs = records::load_custom_fields(c, w.workspace_id, spec->object);
  const auto filters = filters_of(w.filter);
  for (std::size_t i = 0; i < filters.size(); ++i) {
    if (auto st = records::check_filters(*spec, defs, {filters[i]}); !st) {
      errors.push_back({path_of(i), "filter", st.problem().detail});
      continue;
    }
    for (const auto* reader : readers)
      if (records::is_hidden(*reader, spec->object, filters[i].field)) {
        errors.push_back({path_of(i), "hidden", hidden_message(filters[i].field)});
        break;
      }
  }
  return errors;
}

FilterGate::Verdict FilterGate::ask(const Webhook& w, const events::Event& e) {
  if (w.filter.empty()) return {};
  const records::ObjectSpec* spec = records::spec_of(specs_, e.object_type);
  if (!spec) return {.deliver = false, .held_back = "not sent: the filter applies to records only"};
  auto creator = creators_.find(w.created_by);
  if (creator == creators_.end()) creator = creators_.emplace(w.created_by, creator_context(c_, w.workspace_id, w.created_by)).first;
  // No active creator: the delivery job disables the webhook and says why.
  if (!creator->second) return {};
  const std::pair<std::string, std::string> key{w.workspace_id, spec->object};
  auto defs = defs_.find(key);
  if (defs == defs_.end()) defs = defs_.emplace(key, records::load_custom_fields(c_, w.workspace_id, spec->object)).first;
  const auto filters = filters_of(w.filter);
  for (const auto& f : filters)
    if (records::is_hidden(*creator->second, spec->object, f.field))
      return {.deliver = false, .held_back = "not sent: the filter asks about '" + f.field + "', which the creator's role now hides"};
  auto met = records::matches_in_scope(c_, *creator->second, *spec, defs->second, filters, e.object_id, true);
  if (!met) return {.deliver = false, .held_back = "not sent: the filter no longer compiles: " + met.problem().detail};
  return {.deliver = *met, .held_back = std::nullopt};
}

}  // namespace rapport::webhooks

#include "modules/support/follow_up.hpp"

namespace rapport::support {
namespace json = boost::json;

namespace {

constexpr const char* kCopied[] = {"subject", "priority", "type", "channel", "requester_id", "company_id", "team_id"};

}  // namespace

json::object follow_up_body(const json::object& closed) {
  json::object ticket;
  for (const char* name : kCopied)
    if (auto* v = closed.if_contains(name); v && !v->is_null()) ticket[name] = *v;
  ticket["follow_up_of"] = closed.at("id");
  return ticket;
}

}  // namespace rapport::support

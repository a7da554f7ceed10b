#include "platform/events/event.hpp"

#include <boost/json.hpp>

#include "platform/json_text.hpp"

namespace rapport::events {
namespace {

void append_fields(std::string& out, const Event& e) {
  out.append("{\"op\":\"event\",\"id\":");
  out.append(std::to_string(e.id));
  out.append(",\"type\":");
  json_text::append_string(out, e.type);
  out.append(",\"object_type\":");
  json_text::append_string(out, e.object_type);
  out.append(",\"object_id\":");
  json_text::append_string(out, e.object_id);
  out.append(",\"occurred_at\":");
  json_text::append_string(out, e.occurred_at);
}

}  // namespace

std::string client_message(const Event& e) {
  std::string out;
  out.reserve(160);
  append_fields(out, e);
  out.push_back('}');
  return out;
}

std::string wire_message(const Event& e) {
  std::string out;
  out.reserve(200);
  append_fields(out, e);
  out.append(",\"workspace_id\":");
  json_text::append_string(out, e.workspace_id);
  if (!e.owner_id.empty()) {
    out.append(",\"owner_id\":");
    json_text::append_string(out, e.owner_id);
  }
  if (!e.team_id.empty()) {
    out.append(",\"team_id\":");
    json_text::append_string(out, e.team_id);
  }
  out.push_back('}');
  return out;
}

std::optional<Event> parse_wire_message(std::string_view text) {
  boost::system::error_code ec;
  auto v = boost::json::parse(text, ec);
  if (ec || !v.is_object()) return std::nullopt;
  const auto& o = v.as_object();
  auto str = [&](std::string_view k) -> const boost::json::string* {
    auto* f = o.if_contains(k);
    return f && f->is_string() ? &f->as_string() : nullptr;
  };
  auto* id = o.if_contains("id");
  // A node of the release before object_type was the one spelling wrote "object" (rolling upgrade).
  auto* object = str("object_type");
  if (!object) object = str("object");
  auto *type = str("type"), *object_id = str("object_id"), *at = str("occurred_at"),
       *ws = str("workspace_id");
  if (!id || !id->is_int64() || !type || !object || !object_id || !at || !ws) return std::nullopt;
  Event e;
  e.id = id->as_int64();
  e.workspace_id = std::string(*ws);
  e.type = std::string(*type);
  e.object_type = std::string(*object);
  e.object_id = std::string(*object_id);
  e.occurred_at = std::string(*at);
  if (auto* owner = str("owner_id")) e.owner_id = std::string(*owner);
  if (auto* team = str("team_id")) e.team_id = std::string(*team);
  return e;
}

}  // namespace rapport::events

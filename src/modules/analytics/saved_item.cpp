#include "modules/analytics/saved_item.hpp"

#include "platform/http/body_reader.hpp"
#include "platform/ids.hpp"
#include "platform/utf8.hpp"

namespace rapport::analytics {
namespace json = boost::json;

json::object SavedItem::audited() const {
  json::object o{{"name", name},
                 {"visibility", sharing.visibility},
                 {"team_id", sharing.team_id.empty() ? json::value(nullptr) : json::value(sharing.team_id)},
                 {kind->payload, payload}};
  if (kind->has_object) o["object"] = object_type;
  return o;
}

json::object SavedItem::to_json() const {
  json::object o{{"id", id}, {"name", name}};
  if (kind->has_object) o["object"] = object_type;
  o[kind->payload] = payload;
  o["visibility"] = sharing.visibility;
  o["team_id"] = sharing.team_id.empty() ? json::value(nullptr) : json::value(sharing.team_id);
  o["owner_id"] = sharing.owner_id;
  o["created_by"] = created_by;
  o["created_at"] = created_at;
  o["updated_at"] = updated_at;
  o["version"] = version;
  return o;
}

Result<ItemChange> read_item_body(const ItemKind& kind, const json::object& body, bool creating) {
  http::BodyReader in(body);
  const std::string payload = kind.payload;
  if (kind.has_object) in.only({"name", "visibility", "team_id", "definition"}, "a saved report (name, visibility, team_id, definition)");
  else in.only({"name", "visibility", "team_id", "widgets"}, "a dashboard (name, visibility, team_id, widgets)");
  ItemChange out;
  if (const auto* v = body.if_contains("name")) {
    auto points = v->is_string() ? utf8::decode(v->as_string()) : std::nullopt;
    if (!points || points->empty() || points->size() > kMaxItemNameChars)
      in.error("name", "length", "must be text of 1 to " + std::to_string(kMaxItemNameChars) + " characters");
    else out.name = std::string(v->as_string());
  } else if (creating) {
    in.error("name", "required", "is required");
  }
  if (const auto* v = body.if_contains("visibility")) {
    if (!v->is_string() || (v->as_string() != "private" && v->as_string() != "team" && v->as_string() != "workspace"))
      in.error("visibility", "enum", "must be private, team or workspace");
    else out.visibility = std::string(v->as_string());
  }
  if (const auto* v = body.if_contains("team_id")) {
    if (v->is_null()) out.team_id = "";
    else if (!v->is_string() || !ids::is_uuid(v->as_string())) in.error("team_id", "format", "must be a team's id, or null");
    else out.team_id = std::string(v->as_string());
  }
  if (const auto* v = body.if_contains(payload)) {
    if (kind.has_object ? !v->is_object() : !v->is_array())
      in.error(payload, "type", kind.has_object ? "must be a report definition (an object)" : "must be an array of widgets");
    else out.payload = *v;
  } else if (creating) {
    in.error(payload, "required", "is required");
  }
  if (!in.ok()) return in.problem();
  return out;
}

}  // namespace rapport::analytics

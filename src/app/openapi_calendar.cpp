// The calendar feeds' schemas (modules/activities/calendar_feed_routes.cpp).
#include "app/openapi_schema.hpp"

namespace rapport::app {
namespace json = boost::json;

void add_calendar_feed_schemas(json::object& schemas) {
  json::object props{{"id", json::object{{"type", "string"}, {"format", "uuid"}}},
                     {"name", str()},
                     {"created_at", json::object{{"type", "string"}, {"format", "date-time"}}},
                     {"last_used_at", described(nstr(), "When a calendar application last fetched the feed (to the minute)")}};
  json::array required{"id", "name", "created_at", "last_used_at"};
  json::object feed = obj(props, required);
  feed["additionalProperties"] = false;
  schemas["CalendarFeed"] = feed;
  json::object with_url = props;
  with_url["token"] = json::object{{"type", "string"}, {"pattern", "^rpc_[A-Za-z0-9_-]+$"},
                                   {"description", "The feed's token, part of its URL; shown only in this answer"}};
  with_url["url"] = described(str(), "The URL to subscribe to; anyone who has it can read the feed");
  required.push_back("token");
  required.push_back("url");
  json::object made = obj(with_url, required);
  made["additionalProperties"] = false;
  schemas["NewCalendarFeed"] = made;
  schemas["CalendarFeedList"] = obj({{"data", array_of(ref("CalendarFeed"))}}, {"data"});
  json::object input = obj({{"name", json::object{{"type", "string"}, {"minLength", 1}, {"maxLength", 100},
                                                 {"description", "How the calendar application shows it (default Rapport)"}}}});
  input["additionalProperties"] = false;
  schemas["CalendarFeedInput"] = input;
}

}  // namespace rapport::app

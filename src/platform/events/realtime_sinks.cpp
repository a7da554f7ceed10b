#include "platform/events/realtime_sinks.hpp"

#include "platform/json_text.hpp"

namespace rapport::events {

void LocalHubSink::committed(const std::vector<Event>& batch) {
  for (const auto& e : batch) hub_.publish(e);
}

void PgNotifySink::in_transaction(db::Connection& c, const std::vector<Event>& batch) {
  // One round trip for the whole batch: the notices travel as a JSON array of strings. Each is far
  // below NOTIFY's 8000-byte payload limit (ids, type names and a timestamp).
  std::string messages = "[";
  for (std::size_t i = 0; i < batch.size(); ++i) {
    if (i) messages.push_back(',');
    json_text::append_string(messages, wire_message(batch[i]));
  }
  messages.push_back(']');
  std::string sql = "SELECT count(pg_notify('";
  sql.append(kNotifyChannel).append("', m)) FROM json_array_elements_text(CAST(? AS json)) AS m");
  c.prepare(sql).bind(1, messages).run();
}

}  // namespace rapport::events

#include "platform/events/notice.hpp"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>

#include "platform/events/hub.hpp"
#include "platform/events/realtime_sinks.hpp"

namespace rapport::events {

std::string notice_wire_message(const Notice& n) {
  return boost::json::serialize(
      boost::json::object{{"op", "notice"}, {"workspace_id", n.workspace_id}, {"user_id", n.user_id}, {"message", n.message}});
}

std::optional<Notice> parse_notice_wire_message(std::string_view text) {
  boost::system::error_code ec;
  auto v = boost::json::parse(text, ec);
  if (ec || !v.is_object()) return std::nullopt;
  const auto& o = v.as_object();
  auto str = [&](std::string_view k) -> const boost::json::string* {
    auto* f = o.if_contains(k);
    return f && f->is_string() ? &f->as_string() : nullptr;
  };
  auto *op = str("op"), *ws = str("workspace_id"), *user = str("user_id"), *message = str("message");
  if (!op || *op != "notice" || !ws || !user || !message) return std::nullopt;
  return Notice{std::string(*ws), std::string(*user), std::string(*message)};
}

void LocalNotices::send(const Notice& n) { hub_.notify(n); }

void PgNotices::send(const Notice& n) {
  std::string wire = notice_wire_message(n);
  if (wire.size() > kMaxNoticeWireBytes) {
    spdlog::warn("events: a notice of {} bytes is too long for NOTIFY; dropped", wire.size());
    return;
  }
  try {
    Status st = db_.write([&](db::Connection& c) -> Status {
      c.prepare(std::string("SELECT pg_notify('") + kNotifyChannel + "', ?)").bind(1, wire).run();
      return ok_status();
    });
    if (!st) spdlog::warn("events: a notice was not sent: {}", st.problem().detail);
  } catch (const std::exception& e) {
    spdlog::warn("events: a notice was not sent: {}", e.what());
  }
}

}  // namespace rapport::events

// A notice for one user rather than about a record: the progress of work they started (an import),
// heard on their own sockets and their workspace's admins' sockets, never by other members. Unlike an
// event it is not kept in the outbox (a progress tick is stale a second later; no webhook wants it):
// it is handed to this node's hub at once (SQLite: one node), or sent with PostgreSQL's NOTIFY on the
// events channel so that every node's PgListener hands it to its hub. Best effort, like the sockets:
// a client that was away fetches the state through the API.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "platform/db/database.hpp"

namespace rapport::events {

class Hub;

struct Notice {
  std::string workspace_id;
  std::string user_id;  // who hears it, besides the workspace's admins
  std::string message;  // the JSON text the client gets, e.g. {"op":"import",...}
};

// NOTIFY's payload limit is 8000 bytes; a notice's wire form stays below this or is not sent.
inline constexpr std::size_t kMaxNoticeWireBytes = 7900;

// {"op":"notice","workspace_id":...,"user_id":...,"message":...}: the notice between nodes.
std::string notice_wire_message(const Notice& n);
// nullopt when the text is not a notice's wire form.
std::optional<Notice> parse_notice_wire_message(std::string_view text);

class NoticeSender {
 public:
  virtual ~NoticeSender() = default;
  // Never throws: a notice that cannot be sent is dropped (logged).
  virtual void send(const Notice& n) = 0;
};

// SQLite: this node's hub is every socket there is.
class LocalNotices final : public NoticeSender {
 public:
  explicit LocalNotices(Hub& hub) : hub_(hub) {}
  void send(const Notice& n) override;

 private:
  Hub& hub_;
};

// PostgreSQL: pg_notify on the events channel, in a write of its own (delivered when it commits).
class PgNotices final : public NoticeSender {
 public:
  explicit PgNotices(db::Database& db) : db_(db) {}
  void send(const Notice& n) override;

 private:
  db::Database& db_;
};

}  // namespace rapport::events

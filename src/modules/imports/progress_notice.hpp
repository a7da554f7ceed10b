// An import's progress as a real-time notice (platform/events/notice.hpp) to the user who started it
// and the workspace's admins, while it runs: {"op":"import","import":{"id","object","state",
// "dry_run","counts","progress","error"}}, the fields GET /api/v1/imports/{id} shows under the same
// names (without the mapping and columns, which do not change). A run reports after every batch;
// the notices are throttled to one per `every` per import, but a change of state always goes out.
#pragma once
#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

#include "modules/imports/run_import.hpp"
#include "platform/events/notice.hpp"

namespace rapport::imports {

// The client's message for import `i` at `now_ms` (its rate and time left are computed then).
std::string progress_message(const Import& i, int64_t now_ms);

// Which reports become notices: the first of an import, a new state, or one `every` after the last.
class ProgressThrottle {
 public:
  explicit ProgressThrottle(std::chrono::milliseconds every) : every_ms_(every.count()) {}
  bool due(const std::string& import_id, const std::string& state, int64_t now_ms);

 private:
  struct Last {
    std::string state;
    int64_t at_ms = 0;
  };
  int64_t every_ms_;
  std::mutex mu_;
  std::unordered_map<std::string, Last> last_;  // imports running; forgotten when they end
};

// The OnProgress that sends the notices (250 ms: at most 4 a second per import).
OnProgress progress_notices(events::NoticeSender& sender, std::chrono::milliseconds every = std::chrono::milliseconds(250));

}  // namespace rapport::imports

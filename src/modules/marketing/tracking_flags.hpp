// Which opens and clicks a person probably did not make: a security scanner or link checker (known
// agents, or no User-Agent at all) is flagged `bot`; a request within kPrefetchWindowS of the
// message being prepared, or from Apple Mail Privacy Protection's bare "Mozilla/5.0" agent, is
// flagged `prefetch` (a mail client or gateway fetching ahead). Flagged events are recorded; the
// results and the segment conditions leave them out. A heuristic: no list names every scanner.
#pragma once
#include <cstdint>
#include <string_view>

namespace rapport::marketing {

inline constexpr int64_t kPrefetchWindowS = 10;

struct EventFlags {
  bool bot = false, prefetch = false;
};

// issued_s: when the message was prepared (the token's); now_ms: the request's time.
EventFlags judge_event(std::string_view user_agent, int64_t issued_s, int64_t now_ms);

}  // namespace rapport::marketing

#include "platform/http/connection_limit.hpp"

#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include <algorithm>

namespace rapport::http {

std::size_t connection_limit(int requested, std::size_t reserve) {
  const std::size_t wanted = (requested > 0 ? static_cast<std::size_t>(requested) : kDefaultMaxConnections) + reserve;
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) != 0) return requested > 0 ? static_cast<std::size_t>(requested) : kDefaultMaxConnections;
  if (lim.rlim_cur != RLIM_INFINITY && lim.rlim_cur < wanted) {
    // The soft limit is often 1024 while the hard one allows far more: take what is needed.
    rlimit raised = lim;
    raised.rlim_cur = lim.rlim_max == RLIM_INFINITY ? wanted : std::min<rlim_t>(lim.rlim_max, wanted);
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) lim = raised;
  }
  std::size_t available = lim.rlim_cur == RLIM_INFINITY ? wanted : static_cast<std::size_t>(lim.rlim_cur);
  available = available > reserve + 16 ? available - reserve : 16;
  if (requested > 0) {
    auto n = static_cast<std::size_t>(requested);
    if (n <= available) return n;
    spdlog::warn("--max-connections {} is more than the descriptor limit ({}) allows with {} kept for the database "
                 "and logs; using {}",
                 n, static_cast<unsigned long long>(lim.rlim_cur), reserve, available);
    return available;
  }
  return std::min(kDefaultMaxConnections, available);
}

}  // namespace rapport::http

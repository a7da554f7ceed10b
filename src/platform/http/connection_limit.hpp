// How many connections the server may hold open at once. Each one is a file descriptor, and running
// out of descriptors breaks more than new connections: a SQLite read connection, a PostgreSQL
// reconnect or a log file could not be opened either. So the limit stays below the process's
// descriptor limit, less a reserve for those.
#pragma once
#include <cstddef>

namespace rapport::http {

inline constexpr std::size_t kDefaultMaxConnections = 10000;

// requested > 0: that many, lowered (with a warning) when the descriptor limit cannot hold them and
// the reserve. requested == 0: kDefaultMaxConnections, or what the descriptor limit allows when that
// is less. The soft descriptor limit is first raised towards the hard one as far as needed.
std::size_t connection_limit(int requested, std::size_t reserve);

}  // namespace rapport::http

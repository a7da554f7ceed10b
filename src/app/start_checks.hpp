// `rapport serve` and `rapport init` check every option before they create or change anything: a
// mistake leaves no data directory, database, key or admin behind (issue 11).
#pragma once
#include <optional>
#include <string>

#include "app/application.hpp"

namespace rapport::app {

// Why `listen` is not ADDRESS:PORT with an IP address and a port 0-65535 ([v6]:port for IPv6), or
// nullopt. For --listen and any other listen option.
std::optional<std::string> listen_problem(const std::string& option, const std::string& listen);
// Why nothing can listen on ADDRESS:PORT now (in use, not an address of this machine, a privileged
// port), or nullopt; port 0 always can. Binds and closes a socket.
std::optional<std::string> bind_problem(const std::string& listen);

// Throws std::runtime_error with the first problem among the options: the listen addresses (when
// `listens`: --listen and --metrics-listen), the database URL or the data directory, the master key, the port file's directory.
void check_start_options(const Config& cfg, bool listens);

}  // namespace rapport::app

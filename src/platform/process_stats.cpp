#include "platform/process_stats.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "platform/cached.hpp"
#include "platform/metrics.hpp"

namespace rapport {

namespace {

// The seconds since the epoch at which the machine booted (btime of /proc/stat).
std::optional<double> boot_time() {
  std::ifstream in("/proc/stat");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("btime ", 0) == 0) return std::stod(line.substr(6));
  return std::nullopt;
}

}  // namespace

std::optional<ProcessStats> read_process_stats() {
  std::ifstream in("/proc/self/stat");
  std::string text;
  if (!std::getline(in, text)) return std::nullopt;
  // The command name (field 2) is in parentheses and may hold spaces: fields are counted after its ')'.
  auto close = text.rfind(')');
  if (close == std::string::npos) return std::nullopt;
  std::istringstream rest(text.substr(close + 2));
  std::vector<std::string> f;  // f[0] is field 3 (state)
  for (std::string w; rest >> w;) f.push_back(w);
  if (f.size() < 22) return std::nullopt;
  static const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  static const double page = static_cast<double>(sysconf(_SC_PAGESIZE));
  static const std::optional<double> booted = boot_time();
  ProcessStats s;
  s.cpu_seconds = (std::stod(f[11]) + std::stod(f[12])) / ticks;  // utime, stime (fields 14, 15)
  s.start_time_s = booted.value_or(0) + std::stod(f[19]) / ticks;  // starttime (field 22), ticks after boot
  s.virtual_bytes = std::stod(f[20]);                              // vsize (field 23)
  s.resident_bytes = std::stod(f[21]) * page;                      // rss in pages (field 24)
  std::error_code ec;
  for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec); !ec && it != std::filesystem::directory_iterator();
       it.increment(ec))
    s.open_fds += 1;
  s.open_fds = std::max(0.0, s.open_fds - 1);  // less the descriptor the listing itself held open
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) == 0) s.max_fds = lim.rlim_cur == RLIM_INFINITY ? -1 : static_cast<double>(lim.rlim_cur);
  return s;
}

void add_process_metrics(Metrics& m) {
  // One read serves the six metrics of a scrape (listing the descriptors costs one entry per connection).
  auto stats = std::make_shared<Cached<std::optional<ProcessStats>>>(std::chrono::milliseconds(500), read_process_stats);
  auto field = [stats](double ProcessStats::*member) {
    return [stats, member]() -> std::optional<double> {
      auto s = stats->get();
      if (!s) return std::nullopt;
      return (*s).*member;
    };
  };
  m.add_gauge("process_resident_memory_bytes", "Resident memory size in bytes", field(&ProcessStats::resident_bytes));
  m.add_gauge("process_virtual_memory_bytes", "Virtual memory size in bytes", field(&ProcessStats::virtual_bytes));
  m.add_gauge("process_open_fds", "Open file descriptors (files, sockets, database connections)", field(&ProcessStats::open_fds));
  m.add_gauge("process_max_fds", "The soft limit on open file descriptors", field(&ProcessStats::max_fds));
  m.add_gauge("process_start_time_seconds", "Start time of the process since the Unix epoch in seconds",
              field(&ProcessStats::start_time_s));
  m.add_counter("process_cpu_seconds_total", "User and system CPU time spent in seconds", field(&ProcessStats::cpu_seconds));
}

}  // namespace rapport

// What the kernel says about this process (Linux /proc/self), for the conventional process_*
// metrics: memory, descriptors, CPU time and start time. Each read costs a few small file reads.
#pragma once
#include <optional>

namespace rapport {

struct ProcessStats {
  double resident_bytes = 0;   // resident set size
  double virtual_bytes = 0;    // virtual memory size
  double open_fds = 0;         // descriptors open now
  double max_fds = 0;          // the soft RLIMIT_NOFILE
  double cpu_seconds = 0;      // user + system CPU time since start
  double start_time_s = 0;     // start time, seconds since the Unix epoch
};

// nullopt when /proc is not mounted or not readable.
std::optional<ProcessStats> read_process_stats();

class Metrics;
// Registers process_resident_memory_bytes, process_virtual_memory_bytes, process_open_fds,
// process_max_fds, process_start_time_seconds and process_cpu_seconds_total.
void add_process_metrics(Metrics& m);

}  // namespace rapport

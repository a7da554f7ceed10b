#include "platform/must.hpp"

#include <spdlog/spdlog.h>

#include <cstdlib>

namespace rapport {

void invariant_broken(std::string_view what, std::source_location where) {
  spdlog::critical("invariant broken: {} ({}:{}, {})", what, where.file_name(), where.line(), where.function_name());
  spdlog::default_logger()->flush();  // the process ends here
  std::abort();
}

}  // namespace rapport

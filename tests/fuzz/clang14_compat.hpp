// Included first in the fuzz build only (-include): Debian 12's clang 14, the one with libFuzzer,
// lacks __builtin_source_location, so libstdc++ 12's <source_location> declares nothing; the
// project's headers (platform/problem.hpp) use std::source_location for messages only. An empty one
// stands in for it there; the server is built by GCC and never sees this file.
#pragma once
#include <source_location>
#if !defined(__cpp_lib_source_location)
namespace std {
struct source_location {
  static constexpr source_location current() noexcept { return {}; }
  constexpr const char* file_name() const noexcept { return "?"; }
  constexpr const char* function_name() const noexcept { return "?"; }
  constexpr unsigned line() const noexcept { return 0; }
  constexpr unsigned column() const noexcept { return 0; }
};
}  // namespace std
#endif

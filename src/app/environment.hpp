#pragma once
#include <cstdlib>
#include <string>

namespace rapport::app {

// An environment variable's value; "" when it is not set.
inline std::string environment_value(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

}  // namespace rapport::app

// Which build is running: the version (CMake's project version), the git commit it was built from
// and that commit's date. Generated at build time (cmake/build_info.cmake); shown by
// `rapport --version`, the startup log, /healthz, the rapport_build_info metric and the OpenAPI
// document's info.version.
#pragma once
#include <string>

namespace rapport::build {

const char* version();      // "0.1.0"
const char* commit();       // 12 hex digits, or "unknown" outside a git checkout
const char* commit_date();  // YYYY-MM-DD, or "unknown"

// "rapport 0.1.0 (commit 0123456789ab, 2026-12-03)"
inline std::string describe() {
  return std::string("rapport ") + version() + " (commit " + commit() + ", " + commit_date() + ")";
}

}  // namespace rapport::build

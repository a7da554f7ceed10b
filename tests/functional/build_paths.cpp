#include "build_paths.hpp"

namespace rapport::testing {
const char* rapport_binary() { return RAPPORT_BINARY; }
const char* source_dir() { return RAPPORT_SOURCE_DIR; }
}  // namespace rapport::testing

#pragma once
// Where this build's `rapport` binary and the source tree are. Defined in build_paths.cpp, the only
// functional test file compiled with those paths: the others' compiler cache entries then hold in every
// checkout (a path on their command lines would make each worktree compile them again).

namespace rapport::testing {
const char* rapport_binary();
const char* source_dir();
}  // namespace rapport::testing

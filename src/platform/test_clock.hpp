// For tests only (RAPPORT_TEST_CLOCK, app/main.cpp; docs/operations.md): from now on this process's
// clock::now_ms() reads `epoch_ms` and runs on from there, so a functional test can bring a
// schedule's moment within seconds. Called before any thread starts; production never calls it.
// (Apart from clock.hpp so that the many files reading the clock do not see it.)
#pragma once
#include <cstdint>

namespace rapport::clock {

void start_at(int64_t epoch_ms);

}  // namespace rapport::clock

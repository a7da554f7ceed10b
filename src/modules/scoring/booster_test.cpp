// XGBoost works on the calling thread only: the scoring jobs share the machine with the server's
// requests (BoostParams::threads). XGBoost's default is a thread per core, which OpenMP starts on the
// first prediction and keeps for the calling thread's life; a model loaded from the database did not
// carry the training's setting, so each job worker that scored with it kept an extra thread per core.
#include "modules/scoring/booster.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <thread>

namespace rapport::scoring {
namespace {

int threads_of_this_process() {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("Threads:", 0) == 0) return std::stoi(line.substr(8));
  return -1;
}

TEST(ScoringBooster, TrainsLoadsAndPredictsOnTheCallingThreadOnly) {
  Matrix x{.rows = 400, .cols = 2, .values = {}};
  std::vector<float> y;
  for (std::size_t i = 0; i < x.rows; ++i) {
    x.values.push_back(static_cast<float>(i % 7));
    x.values.push_back(static_cast<float>(i % 3));
    y.push_back(i % 7 > 3 ? 1.0f : 0.0f);
  }
  int before = 0, after = 0;
  std::size_t predicted = 0;
  // A thread of its own: OpenMP's threads belong to the thread that started them and end with it.
  std::thread worker([&] {
    before = threads_of_this_process();
    BoostParams p;
    p.rounds = 5;
    const std::string saved = Booster::train(x, y, p).save();
    Booster loaded = Booster::load(saved);
    predicted = loaded.margins(x).size() + loaded.contributions(x).size();
    after = threads_of_this_process();
  });
  worker.join();
  EXPECT_EQ(predicted, x.rows + x.rows * (x.cols + 1));
  EXPECT_EQ(after, before) << "threads started by XGBoost (" << std::thread::hardware_concurrency() << " cores)";
}

}  // namespace
}  // namespace rapport::scoring

#include "modules/scoring/trainer.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

namespace rapport::scoring {

namespace {

// Generated leads over a year: a source (no signal), a job title or not (no signal) and meetings in
// the last 14 days. With a signal, each meeting multiplies the odds of converting by e (from about
// 12% without a meeting); without, every lead converts with the same chance.
std::vector<Example> generated(std::size_t n, bool signal, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(0, 1);
  std::poisson_distribution<int> meetings(1.5);
  const char* sources[] = {"web", "event", "referral", "partner"};
  std::vector<Example> out;
  for (std::size_t i = 0; i < n; ++i) {
    Example e;
    e.id = std::to_string(100000 + i);
    e.ref_ms = 1'700'000'000'000 + static_cast<int64_t>(i) * 3'600'000;
    const int m = meetings(rng);
    e.numbers["meetings_14d"] = m;
    e.numbers["has_job_title"] = u(rng) < 0.5 ? 1 : 0;
    e.categories["source"] = sources[rng() % 4];
    const double p = signal ? 1 / (1 + std::exp(-(m - 2.0))) : 0.4;
    e.label = u(rng) < p ? 1 : 0;
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace

TEST(ScoringTrainer, FindsAKnownSignalCalibratesAndNamesItInTheFactors) {
  auto examples = generated(3000, true, 1);
  auto r = train(examples, {}, nullptr, "leads");
  ASSERT_EQ(r.outcome, "active") << r.reason << " " << boost::json::serialize(r.evaluation);
  EXPECT_GT(r.evaluation.at("auc").to_number<double>(), 0.75);
  EXPECT_GT(r.evaluation.at("auc").to_number<double>(), r.evaluation.at("baseline").at("auc").to_number<double>() + 0.1);
  EXPECT_LT(r.evaluation.at("log_loss").to_number<double>(), r.evaluation.at("baseline").at("log_loss").to_number<double>());
  EXPECT_EQ(r.evaluation.at("data").at("test").at("records").as_int64(), 600);
  // Calibrated on the newest fifth: each well-filled bin's rate is near its mean prediction.
  for (const auto& bin : r.evaluation.at("calibration_table").as_array()) {
    if (bin.at("records").as_int64() < 60) continue;
    EXPECT_NEAR(bin.at("observed_rate").to_number<double>(), bin.at("mean_predicted").to_number<double>(), 0.15) << boost::json::serialize(bin);
  }

  // A lead with 5 meetings scores high and says why; one with none scores low and says why.
  Example many, none;
  many.numbers = {{"meetings_14d", 5}, {"has_job_title", 1}};
  none.numbers = {{"meetings_14d", 0}, {"has_job_title", 1}};
  many.categories = none.categories = {{"source", "web"}};
  auto scored = score(*r.model, {&many, &none});
  EXPECT_GT(scored[0].score, 80);
  EXPECT_LT(scored[1].score, 30);
  ASSERT_FALSE(scored[0].factors.empty());
  EXPECT_EQ(scored[0].factors[0].rfind("5 meetings in the last 14 days: +", 0), 0u) << scored[0].factors[0];
  // Ups first (strongest first), then downs (strongest first): its strongest down is the meetings.
  auto down = std::find_if(scored[1].factors.begin(), scored[1].factors.end(), [](const std::string& f) { return f.find(": -") != std::string::npos; });
  ASSERT_NE(down, scored[1].factors.end());
  EXPECT_EQ(down->rfind("0 meetings in the last 14 days: -", 0), 0u) << *down;

  // A second model on the same data does not beat the first by much: kept only if not worse.
  auto again = train(examples, {}, &*r.model, "leads");
  EXPECT_FALSE(again.evaluation.at("previous").is_null());
}

TEST(ScoringTrainer, ClaimsNothingWithoutASignal) {
  auto r = train(generated(3000, false, 2), {}, nullptr, "leads");
  EXPECT_EQ(r.outcome, "rejected") << boost::json::serialize(r.evaluation);
  EXPECT_FALSE(r.model);
  EXPECT_NEAR(r.evaluation.at("auc").to_number<double>(), 0.5, 0.06);
}

TEST(ScoringTrainer, TooLittleHistoryTurnsScoringOffAndSaysWhy) {
  auto examples = generated(3000, true, 3);
  std::size_t positives = 0;
  std::vector<Example> mostly_lost;
  for (const auto& e : examples) {
    if (e.label == 1 && ++positives > 40) continue;
    mostly_lost.push_back(e);
  }
  auto r = train(mostly_lost, {}, nullptr, "leads");
  EXPECT_EQ(r.outcome, "insufficient_data");
  EXPECT_NE(r.reason.find("at least 50 leads of each outcome; there are 40 positive"), std::string::npos) << r.reason;
  EXPECT_FALSE(r.model);
}

TEST(ScoringFeatures, CategoriesAreBucketedAndMissingNumbersStayMissing) {
  std::vector<Example> rows(30);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    rows[i].categories["source"] = i < 20 ? "web" : i < 26 ? "event" : "rare" + std::to_string(i);
    if (i % 2 == 0) rows[i].numbers["days_since_activity"] = static_cast<double>(i);
  }
  std::vector<const Example*> ptrs;
  for (const auto& r : rows) ptrs.push_back(&r);
  auto f = choose_features(ptrs, {});
  ASSERT_EQ(f.size(), 3u);  // days_since_activity, source=web, source=event (the rare ones are nothing)
  EXPECT_EQ(f[0].name(), "days_since_activity");
  EXPECT_EQ(f[1].name(), "source=web");
  EXPECT_EQ(f[2].name(), "source=event");
  auto m = to_matrix(ptrs, f);
  EXPECT_TRUE(std::isnan(m.values[1 * 3 + 0]));
  EXPECT_EQ(f[0].describe(m.values[1 * 3 + 0]), "no activity yet");
  EXPECT_EQ(f[0].describe(m.values[2 * 3 + 0]), "no activity for 2 days");
  EXPECT_EQ(f[0].describe(1), "no activity for 1 day");
  EXPECT_EQ(f[2].describe(1), "source is event");
  EXPECT_EQ(f[1].describe(0), "source is not web");
  // Stored with the model and read back alike.
  boost::json::array a;
  for (const auto& x : f) a.push_back(x.to_json());
  auto back = Feature::list_from_json(a);
  ASSERT_EQ(back.size(), 3u);
  EXPECT_EQ(back[2].describe(1), "source is event");
  EXPECT_EQ(back[0].describe(NAN), "no activity yet");
}

}  // namespace rapport::scoring

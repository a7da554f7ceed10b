// XGBoost's C API behind a small owner: a gradient-boosted tree model for a yes/no outcome, trained
// on a dense matrix (NaN for a missing value), its margins (log-odds) and its per-feature tree SHAP
// contributions, saved and loaded as XGBoost's JSON. Every XGBoost failure throws
// std::runtime_error with XGBoost's message: a caller cannot cause one (the matrix is ours).
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace rapport::scoring {

// Row-major rows × cols values.
struct Matrix {
  std::size_t rows = 0, cols = 0;
  std::vector<float> values;
};

struct BoostParams {
  int rounds = 120;
  int max_depth = 3;
  double eta = 0.08;
  double subsample = 0.8;
  double min_child_weight = 3;
  int threads = 1;  // the job shares the machine with the server
};

class Booster {
 public:
  Booster();  // empty: train or load next
  ~Booster();
  Booster(Booster&& other) noexcept;
  Booster& operator=(Booster&& other) noexcept;
  Booster(const Booster&) = delete;
  Booster& operator=(const Booster&) = delete;

  // Trains a binary:logistic model on x with labels y (0 or 1), weighting each class so that both
  // count alike.
  static Booster train(const Matrix& x, const std::vector<float>& y, const BoostParams& p);
  static Booster load(const std::string& json_model);
  std::string save() const;

  // The log-odds of each row.
  std::vector<float> margins(const Matrix& x) const;
  // Tree SHAP: per row, cols + 1 values (the last the bias); their sum is the row's margin.
  std::vector<float> contributions(const Matrix& x) const;

 private:
  void* handle_ = nullptr;
};

}  // namespace rapport::scoring

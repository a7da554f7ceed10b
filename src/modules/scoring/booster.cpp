#include "modules/scoring/booster.hpp"

#include <omp.h>  // libgomp, XGBoost's OpenMP runtime (linked; nothing here is compiled with -fopenmp)
#include <xgboost/c_api.h>

#include <cmath>
#include <stdexcept>
#include <string>

namespace rapport::scoring {

namespace {

void check(int rc, const char* what) {
  if (rc != 0) throw std::runtime_error(std::string("xgboost ") + what + ": " + XGBGetLastError());
}

// A DMatrix for the duration of one call.
class DMatrix {
 public:
  explicit DMatrix(const Matrix& x) {
    check(XGDMatrixCreateFromMat(x.values.data(), x.rows, x.cols, std::nanf(""), &h_), "matrix");
  }
  ~DMatrix() { XGDMatrixFree(h_); }
  DMatrix(const DMatrix&) = delete;
  DMatrix& operator=(const DMatrix&) = delete;
  DMatrixHandle get() const { return h_; }

 private:
  DMatrixHandle h_ = nullptr;
};

std::vector<float> predict(void* booster, const Matrix& x, int type) {
  if (x.rows == 0) return {};
  DMatrix d(x);
  std::string config = "{\"type\": ";
  config += std::to_string(type);
  config += ", \"training\": false, \"iteration_begin\": 0, \"iteration_end\": 0, \"strict_shape\": false}";
  bst_ulong const* shape = nullptr;
  bst_ulong dims = 0;
  float const* out = nullptr;
  check(XGBoosterPredictFromDMatrix(booster, d.get(), config.c_str(), &shape, &dims, &out), "predict");
  std::size_t n = 1;
  for (bst_ulong i = 0; i < dims; ++i) n *= shape[i];
  return std::vector<float>(out, out + n);
}

}  // namespace

Booster::Booster() = default;
Booster::~Booster() {
  if (handle_) XGBoosterFree(handle_);
}
Booster::Booster(Booster&& other) noexcept : handle_(other.handle_) { other.handle_ = nullptr; }
Booster& Booster::operator=(Booster&& other) noexcept {
  if (this != &other) {
    if (handle_) XGBoosterFree(handle_);
    handle_ = other.handle_;
    other.handle_ = nullptr;
  }
  return *this;
}

Booster Booster::train(const Matrix& x, const std::vector<float>& y, const BoostParams& p) {
  if (x.rows == 0 || y.size() != x.rows) throw std::runtime_error("xgboost train: no rows or labels that do not match them");
  DMatrix d(x);
  check(XGDMatrixSetFloatInfo(d.get(), "label", y.data(), y.size()), "labels");
  // Each class weighs alike: a workspace converting 5% of its leads still learns what converts.
  double positives = 0;
  for (float v : y) positives += v;
  const double negatives = static_cast<double>(y.size()) - positives;
  std::vector<float> w(y.size());
  for (std::size_t i = 0; i < y.size(); ++i)
    w[i] = static_cast<float>(y[i] > 0.5f ? y.size() / (2.0 * positives) : y.size() / (2.0 * negatives));
  check(XGDMatrixSetFloatInfo(d.get(), "weight", w.data(), w.size()), "weights");
  Booster b;
  DMatrixHandle ds[] = {d.get()};
  check(XGBoosterCreate(ds, 1, &b.handle_), "create");
  auto set = [&](const char* k, const std::string& v) { check(XGBoosterSetParam(b.handle_, k, v.c_str()), k); };
  set("objective", "binary:logistic");
  set("tree_method", "hist");
  set("max_depth", std::to_string(p.max_depth));
  set("eta", std::to_string(p.eta));
  set("subsample", std::to_string(p.subsample));
  set("min_child_weight", std::to_string(p.min_child_weight));
  set("nthread", std::to_string(p.threads));
  set("seed", "17");
  set("verbosity", "0");
  for (int i = 0; i < p.rounds; ++i) check(XGBoosterUpdateOneIter(b.handle_, i, d.get()), "boost");
  return b;
}

Booster Booster::load(const std::string& json_model) {
  // The saved model keeps no thread count, and XGBoost's default is one per core: its predictions
  // would compete with the server's requests, as training does not (BoostParams::threads). The load
  // itself runs OpenMP loops that ignore the parameter and follow the calling thread's OpenMP
  // setting, so that is one thread while it loads; OpenMP keeps a thread it started for the caller's
  // whole life (a job worker's).
  const int threads = BoostParams{}.threads;
  struct OpenMpThreads {
    int before = omp_get_max_threads();
    explicit OpenMpThreads(int n) { omp_set_num_threads(n); }
    ~OpenMpThreads() { omp_set_num_threads(before); }
  } during_the_load(threads);
  Booster b;
  check(XGBoosterCreate(nullptr, 0, &b.handle_), "create");
  check(XGBoosterSetParam(b.handle_, "nthread", std::to_string(threads).c_str()), "nthread");
  check(XGBoosterLoadModelFromBuffer(b.handle_, json_model.data(), json_model.size()), "load");
  return b;
}

std::string Booster::save() const {
  bst_ulong len = 0;
  char const* data = nullptr;
  check(XGBoosterSaveModelToBuffer(handle_, "{\"format\": \"json\"}", &len, &data), "save");
  return std::string(data, len);
}

std::vector<float> Booster::margins(const Matrix& x) const { return predict(handle_, x, 1); }
std::vector<float> Booster::contributions(const Matrix& x) const { return predict(handle_, x, 2); }

}  // namespace rapport::scoring

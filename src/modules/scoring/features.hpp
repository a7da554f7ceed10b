// What a model sees of a lead or deal. An Example holds a record's facts as they stood when its
// outcome was known (or now, for an open record): counts and amounts by key, categorical values by
// key. A model's Features, chosen from its training examples, turn those facts into the matrix
// columns XGBoost reads (a missing number stays missing: NaN), and each column can say in words
// what it means for one record ("3 meetings in the last 14 days", "source is Referral").
// Pure, tested in trainer_test.cpp.
#pragma once
#include <boost/json.hpp>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "modules/scoring/booster.hpp"

namespace rapport::scoring {

struct Example {
  std::string id;
  int label = -1;       // 1 converted or won, 0 disqualified or lost, -1 open
  int64_t ref_ms = 0;   // when the outcome was known; now for an open record
  std::map<std::string, double> numbers;
  std::map<std::string, std::string> categories;
};

// How a number reads: Count "{n} meetings in the last 14 days", Days "no activity for {n} days",
// Flag "has an email address" / "no email address", Number "amount {n}".
enum class FeatureKind { Count, Days, Flag, Number, Category };

// One column: a number (key) or one value of a category (key = value).
struct Feature {
  std::string key;
  FeatureKind kind = FeatureKind::Number;
  std::string value;    // Category: the bucket this column is 1 for
  std::string text;     // Count/Days/Number: words around {n}; Flag: the yes words; Category: the field's name
  std::string no_text;  // Flag: the no words; Count/Days/Number: the words when missing

  boost::json::object to_json() const;
  static std::vector<Feature> list_from_json(const boost::json::value& v);
  // In words, for a record whose value of this column is x (NaN: missing).
  std::string describe(float x) const;
  // The word under which GET /api/v1/scoring/models lists it: "meetings_14d", "source=Referral".
  std::string name() const;
};

// The words of a number key, declared where the facts are read (history.cpp).
struct NumberWords {
  FeatureKind kind;
  std::string text, no_text;
};
const std::map<std::string, NumberWords>& number_words();

inline constexpr std::size_t kMaxCategoryValues = 20;  // per category: the most frequent
inline constexpr std::size_t kMinCategoryCount = 5;    // rarer values are "other"
inline constexpr std::size_t kMaxFeatures = 250;

// The columns for these examples: each number present in at least one of them, each category's most
// frequent values (at least kMinCategoryCount examples each). `labels` names custom fields' keys.
std::vector<Feature> choose_features(const std::vector<const Example*>& train, const std::map<std::string, std::string>& labels);
Matrix to_matrix(const std::vector<const Example*>& rows, const std::vector<Feature>& features);

}  // namespace rapport::scoring

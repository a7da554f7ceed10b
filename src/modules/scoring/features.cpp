#include "modules/scoring/features.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>

namespace rapport::scoring {
namespace json = boost::json;

namespace {

const char* kind_name(FeatureKind k) {
  switch (k) {
    case FeatureKind::Count: return "count";
    case FeatureKind::Days: return "days";
    case FeatureKind::Flag: return "flag";
    case FeatureKind::Number: return "number";
    case FeatureKind::Category: return "category";
  }
  return "number";
}

FeatureKind kind_of(std::string_view s) {
  if (s == "count") return FeatureKind::Count;
  if (s == "days") return FeatureKind::Days;
  if (s == "flag") return FeatureKind::Flag;
  if (s == "category") return FeatureKind::Category;
  return FeatureKind::Number;
}

std::string number_text(float x) {
  if (std::abs(x - std::round(x)) < 1e-6 && std::abs(x) < 1e15) return std::to_string(static_cast<int64_t>(std::llround(x)));
  std::ostringstream o;
  o.precision(4);
  o << x;
  return o.str();
}

// "{n} meeting{s}": the number, and the plural ending unless it is one.
std::string fill(const std::string& text, float x) {
  std::string out = text;
  if (auto at = out.find("{n}"); at != std::string::npos) {
    out.erase(at, 3);
    out.insert(at, number_text(x));
  }
  if (auto at = out.find("{s}"); at != std::string::npos) {
    out.erase(at, 3);
    if (x != 1.0f) out.insert(at, "s");
  }
  return out;
}

// Words in a factor are separated by "; " in score_factors: a value never brings its own.
std::string clean(std::string s) {
  std::replace(s.begin(), s.end(), ';', ',');
  if (s.size() > 60) s = s.substr(0, 60);  // may cut a UTF-8 character: valid_utf8 below mends it
  while (!s.empty() && (static_cast<unsigned char>(s.back()) & 0xC0) == 0x80) s.pop_back();
  if (!s.empty() && (static_cast<unsigned char>(s.back()) & 0x80)) s.pop_back();
  return s;
}

}  // namespace

json::object Feature::to_json() const {
  json::object o{{"key", key}, {"kind", kind_name(kind)}, {"text", text}};
  if (kind == FeatureKind::Category) o["value"] = value;
  if (!no_text.empty()) o["no_text"] = no_text;
  o["name"] = name();
  return o;
}

std::vector<Feature> Feature::list_from_json(const json::value& v) {
  std::vector<Feature> out;
  if (!v.is_array()) return out;
  for (const auto& e : v.as_array()) {
    if (!e.is_object()) continue;
    const auto& o = e.as_object();
    auto str = [&](const char* k) {
      auto* x = o.if_contains(k);
      return x && x->is_string() ? std::string(x->as_string()) : std::string();
    };
    out.push_back({str("key"), kind_of(str("kind")), str("value"), str("text"), str("no_text")});
  }
  return out;
}

std::string Feature::name() const { return kind == FeatureKind::Category ? key + "=" + value : key; }

std::string Feature::describe(float x) const {
  if (kind == FeatureKind::Category) return clean(text + (x > 0.5f ? " is " : " is not ") + value);
  if (std::isnan(x)) return no_text.empty() ? "no " + text : no_text;
  if (kind == FeatureKind::Flag) return x > 0.5f ? text : no_text;
  return clean(fill(text, x));
}

const std::map<std::string, NumberWords>& number_words() {
  static const std::map<std::string, NumberWords> words = [] {
    std::map<std::string, NumberWords> w;
    for (const char* type : {"call", "meeting", "email", "note", "task"}) {
      std::string t = type;
      w[t + "s_14d"] = {FeatureKind::Count, "{n} " + t + "{s} in the last 14 days", ""};
      w[t + "s_total"] = {FeatureKind::Count, "{n} " + t + "{s} in all", ""};
    }
    w["days_since_activity"] = {FeatureKind::Days, "no activity for {n} day{s}", "no activity yet"};
    w["days_open"] = {FeatureKind::Days, "open for {n} day{s}", ""};
    w["days_in_stage"] = {FeatureKind::Days, "{n} day{s} in its stage", ""};
    w["amount"] = {FeatureKind::Number, "amount of {n}", "no amount"};
    w["emails_opened"] = {FeatureKind::Count, "{n} campaign email{s} opened by its contacts", ""};
    w["links_clicked"] = {FeatureKind::Count, "{n} campaign email{s} clicked through by its contacts", ""};
    w["contacts"] = {FeatureKind::Count, "{n} contact{s} involved", ""};
    w["company_employees"] = {FeatureKind::Number, "company of {n} employees", "company size unknown"};
    for (const char* f : {"email address", "phone number", "company name", "domain", "job title", "website"}) {
      std::string key = "has_";
      for (const char* p = f; *p; ++p) key += *p == ' ' ? '_' : *p;
      w[key] = {FeatureKind::Flag, std::string("has a ") + f, std::string("no ") + f};
    }
    w["has_email_address"].text = "has an email address";
    return w;
  }();
  return words;
}

std::vector<Feature> choose_features(const std::vector<const Example*>& train, const std::map<std::string, std::string>& labels) {
  std::set<std::string> numbers;
  std::map<std::string, std::map<std::string, std::size_t>> values;
  for (const auto* e : train) {
    for (const auto& [k, v] : e->numbers) numbers.insert(k);
    for (const auto& [k, v] : e->categories) ++values[k][v];
  }
  auto label_of = [&](const std::string& key) {
    auto it = labels.find(key);
    return it == labels.end() ? key : it->second;
  };
  std::vector<Feature> out;
  const auto& words = number_words();
  for (const auto& k : numbers) {
    if (out.size() >= kMaxFeatures) break;
    auto w = words.find(k);
    if (w != words.end()) out.push_back({k, w->second.kind, "", w->second.text, w->second.no_text});
    else out.push_back({k, FeatureKind::Number, "", label_of(k) + " {n}", label_of(k) + " not given"});
  }
  for (const auto& [key, counts] : values) {
    std::vector<std::pair<std::size_t, std::string>> ranked;
    for (const auto& [v, n] : counts)
      if (n >= kMinCategoryCount) ranked.emplace_back(n, v);
    std::sort(ranked.begin(), ranked.end(), [](const auto& l, const auto& r) { return l.first != r.first ? l.first > r.first : l.second < r.second; });
    if (ranked.size() > kMaxCategoryValues) ranked.resize(kMaxCategoryValues);
    for (const auto& [n, v] : ranked) {
      if (out.size() >= kMaxFeatures) break;
      out.push_back({key, FeatureKind::Category, v, label_of(key), ""});
    }
  }
  return out;
}

Matrix to_matrix(const std::vector<const Example*>& rows, const std::vector<Feature>& features) {
  Matrix m{rows.size(), features.size(), std::vector<float>(rows.size() * features.size(), std::nanf(""))};
  for (std::size_t r = 0; r < rows.size(); ++r)
    for (std::size_t c = 0; c < features.size(); ++c) {
      const auto& f = features[c];
      float& cell = m.values[r * features.size() + c];
      if (f.kind == FeatureKind::Category) {
        auto it = rows[r]->categories.find(f.key);
        cell = it != rows[r]->categories.end() && it->second == f.value ? 1.0f : 0.0f;
      } else if (auto it = rows[r]->numbers.find(f.key); it != rows[r]->numbers.end()) {
        cell = static_cast<float>(it->second);
      }
    }
  return m;
}

}  // namespace rapport::scoring

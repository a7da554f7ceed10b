// What generated demo data is drawn from: the deterministic random generator, weighted picks, and the
// word lists (names, job titles, company names, cities with their phone formats, activity texts).
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace rapport::app::demo {

// ---------------------------------------------------------------------------------------------------
// Deterministic randomness: splitmix64 (std distributions differ between standard libraries).

struct Rng {
  uint64_t s;
  uint64_t next() {
    uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n); n > 0.
  uint64_t below(uint64_t n) { return static_cast<uint64_t>((static_cast<unsigned __int128>(next()) * n) >> 64); }
  int64_t range(int64_t lo, int64_t hi) { return lo + static_cast<int64_t>(below(static_cast<uint64_t>(hi - lo + 1))); }
  bool chance(int percent) { return below(100) < static_cast<uint64_t>(percent); }
  template <class T, std::size_t N>
  const T& pick(const std::array<T, N>& a) {
    return a[below(N)];
  }
};

template <class T>
struct Weighted {
  T value;
  int weight;
};
template <class T, std::size_t N>
const T& pick_weighted(Rng& r, const std::array<Weighted<T>, N>& a) {
  int total = 0;
  for (const auto& w : a) total += w.weight;
  int x = static_cast<int>(r.below(static_cast<uint64_t>(total)));
  for (const auto& w : a) {
    if (x < w.weight) return w.value;
    x -= w.weight;
  }
  return a.back().value;
}

// ---------------------------------------------------------------------------------------------------
// Vocabulary (defined in vocabulary.cpp).

extern const std::array<std::string_view, 200> kFirstNames;
extern const std::array<std::string_view, 200> kLastNames;
extern const std::array<std::string_view, 40> kJobTitles;
extern const std::array<std::string_view, 80> kCompanyPrefixes;

// A company name's last word and the industry it implies.
struct Suffix {
  std::string_view word;
  std::string_view industry;
};
extern const std::array<Suffix, 40> kCompanySuffixes;

// A city, its ISO 3166 alpha-2 country, and how to make a plausible, valid E.164 number there:
// prefix + `digits` random digits (the first of them 1-9 when nonzero_first). The US/CA numbers use
// the fictional 555-01xx range; the GB ones Ofcom's drama ranges. All pass libphonenumber's IsValidNumber.
struct City {
  std::string_view name;
  std::string_view country;
  std::string_view phone_prefix;
  int digits;
  bool nonzero_first;
};
extern const std::array<City, 24> kCities;
// Where companies are: more US than elsewhere (the first six cities).
inline int pick_city(Rng& r) {
  if (r.chance(45)) return static_cast<int>(r.below(6));  // US
  return static_cast<int>(r.below(kCities.size()));
}

struct Size {
  std::string_view label;
  int64_t lo, hi;
};
extern const std::array<Weighted<Size>, 6> kSizes;
extern const std::array<Weighted<std::string_view>, 8> kStages;  // contacts' lifecycle stages

extern const std::array<std::string_view, 3> kFreeMailDomains;  // for contacts without a company

// Activity texts.
extern const std::array<std::string_view, 24> kTopics;
extern const std::array<std::string_view, 12> kNextSteps;
extern const std::array<std::string_view, 8> kNoteSubjects;
extern const std::array<std::string_view, 8> kTaskVerbs;
extern const std::array<std::string_view, 6> kMeetingKinds;
extern const std::array<std::string_view, 8> kEmailLines;
extern const std::array<std::string_view, 4> kVirtualLocations;
extern const std::array<Weighted<std::string_view>, 5> kActivityTypes;
extern const std::array<Weighted<std::string_view>, 5> kOutcomes;  // of calls

}  // namespace rapport::app::demo

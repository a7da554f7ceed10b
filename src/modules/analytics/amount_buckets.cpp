#include "modules/analytics/amount_buckets.hpp"

#include <cstdint>

namespace rapport::analytics {

namespace {

// 10^(digits of |bucket| - 2) for |bucket| >= 100: how much truncation may take off a bucket's amounts.
int64_t unit_of(int64_t value) {
  // The magnitude as unsigned: |INT64_MIN| does not fit an int64.
  uint64_t m = value < 0 ? uint64_t{0} - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  int64_t unit = 1;
  for (; m >= 100; m /= 10) unit *= 10;
  return unit;
}

}  // namespace

int64_t amount_bucket(int64_t amount) {
  if (amount >= -99 && amount <= 99) return amount;
  const int64_t unit = unit_of(amount);
  return amount / unit * unit;  // C++, SQLite and PostgreSQL all truncate toward zero
}

int64_t amount_bucket_floor(int64_t bucket) {
  if (bucket > -100) return bucket;  // -99..99 are their own bucket; a positive bucket starts at itself
  int64_t out = 0;
  if (__builtin_sub_overflow(bucket, unit_of(bucket) - 1, &out)) return INT64_MIN;
  return out;
}

int64_t amount_bucket_ceiling(int64_t bucket) {
  if (bucket < 100) return bucket;  // -99..99 are their own bucket; a negative bucket ends at itself
  int64_t out = 0;
  if (__builtin_add_overflow(bucket, unit_of(bucket) - 1, &out)) return INT64_MAX;
  return out;
}

}  // namespace rapport::analytics

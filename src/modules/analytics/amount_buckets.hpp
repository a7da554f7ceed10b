// Buckets of deal amounts, as migration 0084 keeps them (deal_amount_buckets, and 0089's
// deal_stage_amount_buckets): an amount truncated toward zero to two significant digits, -99..99
// being their own bucket (1,234,567 is in 1,200,000; -1,234 in -1,200). Buckets are ordered as their
// amounts, each holds one interval of amounts, and one is at most a hundredth of its amounts'
// magnitude wide. Pure functions, tested alone (amount_buckets_test.cpp).
#pragma once
#include <cstdint>

namespace rapport::analytics {

// The bucket of an amount: the SQL expression of the migrations, for any int64.
int64_t amount_bucket(int64_t amount);
// The least amount a bucket holds: the bucket itself when positive or within -99..99, else the bucket
// less what truncation may have taken off (-1,200 holds -1,299 to -1,200), at least INT64_MIN.
int64_t amount_bucket_floor(int64_t bucket);
// The greatest amount a bucket holds (1,200 holds 1,200 to 1,299), at most INT64_MAX.
int64_t amount_bucket_ceiling(int64_t bucket);

}  // namespace rapport::analytics

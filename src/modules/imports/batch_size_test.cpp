#include "modules/imports/batch_size.hpp"

#include <gtest/gtest.h>

namespace rapport::imports {
namespace {

using std::chrono::milliseconds;

TEST(NextBatchRows, AloneOnTheWriterBatchesAreBig) {
  EXPECT_EQ(next_batch_rows(false, std::nullopt, 1000), kBulkBatchRows);
  EXPECT_EQ(next_batch_rows(false, BatchTiming{1000, milliseconds(900)}, 1000), kBulkBatchRows) << "however slow";
}

TEST(NextBatchRows, BeforeAnyTimingTheFirstSize) {
  EXPECT_EQ(next_batch_rows(true, std::nullopt, 1000), 1000u);
  EXPECT_EQ(next_batch_rows(true, BatchTiming{0, milliseconds(5)}, 1000), 1000u);
  EXPECT_EQ(next_batch_rows(true, BatchTiming{500, milliseconds(0)}, 1000), 1000u);
}

TEST(NextBatchRows, WithRequestsWritingABatchFitsTheBudget) {
  // 1,000 rows in 250 ms (a large table's indexes): 80 rows would fit 20 ms, the floor is kMinBatchRows.
  EXPECT_EQ(next_batch_rows(true, BatchTiming{1000, milliseconds(250)}, 1000), kMinBatchRows);
  // 1,000 rows in 50 ms: 400 fit.
  EXPECT_EQ(next_batch_rows(true, BatchTiming{1000, milliseconds(50)}, 1000), 400u);
  // 100 rows in 4 ms (the table grew slowly faster to write): 500 fit.
  EXPECT_EQ(next_batch_rows(true, BatchTiming{100, milliseconds(4)}, 1000), 500u);
  // Fast rows never make a batch bigger than the first size.
  EXPECT_EQ(next_batch_rows(true, BatchTiming{1000, milliseconds(2)}, 1000), 1000u);
  // A stalled batch (minutes) still leaves room for kMinBatchRows.
  EXPECT_EQ(next_batch_rows(true, BatchTiming{4000, std::chrono::minutes(3)}, 1000), kMinBatchRows);
}

}  // namespace
}  // namespace rapport::imports

#include "modules/imports/batch_size.hpp"

#include <algorithm>

namespace rapport::imports {

std::size_t next_batch_rows(bool requests_writing, const std::optional<BatchTiming>& last, std::size_t first) {
  if (!requests_writing) return kBulkBatchRows;
  if (!last || last->rows == 0) return first;
  const auto took = std::chrono::duration_cast<std::chrono::microseconds>(last->took).count();
  if (took <= 0) return first;
  const auto budget = std::chrono::duration_cast<std::chrono::microseconds>(kBatchBudget).count();
  // Rows that fit the budget at the last batch's pace (in doubles: no product overflows).
  const double fit = static_cast<double>(last->rows) * static_cast<double>(budget) / static_cast<double>(took);
  if (fit >= static_cast<double>(first)) return first;
  return std::max(kMinBatchRows, static_cast<std::size_t>(fit));
}

}  // namespace rapport::imports

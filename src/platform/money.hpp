// Money: amounts in integer minor units of their currency (cents, pence, yen), never floating point,
// with one stated maximum and checked arithmetic. Every amount the server accepts or computes (a
// deal's amount, a product's price, a line's total, a custom money field) lies within ±kMax; sums of
// many amounts (board totals, reports) are exact in 128 bits and say when they do not fit int64,
// which the caller answers as a clear problem, never a wrapped number or a 500.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "platform/problem.hpp"

namespace rapport::money {

// The largest amount one value may hold: 10^15 minor units, i.e. 10 trillion units of a currency
// with two decimals (10^15 yen, 10^12 dinars of a three-decimal currency). Chosen because
//  - it is below 2^53, so every amount is exact as an IEEE double, which is how JavaScript clients
//    and many JSON libraries read numbers;
//  - it is far above any real deal, yet leaves int64 room: a deal's 200 line items sum to at most
//    2·10^17, an amount × a probability (0-100) is at most 10^17, and 9,223 amounts at the maximum
//    still sum within int64 (larger sums go through Total).
inline constexpr int64_t kMax = 1'000'000'000'000'000;

// Whether one amount is within ±kMax.
constexpr bool in_range(int64_t amount) { return amount >= -kMax && amount <= kMax; }

// The message of a FieldError "range" for an amount beyond +kMax (sign > 0) or -kMax.
std::string range_message(int sign);

// The sum of many amounts, exact: a 128-bit accumulator that also notices if even that overflows
// (it cannot with int64 inputs and fewer than 2^63 of them, but every step is checked anyway).
class Total {
 public:
  Total() = default;
  void add(int64_t amount) { add128(amount); }
  // amount × factor (e.g. a stage probability); exact in 128 bits.
  void add_product(int64_t amount, int64_t factor) { add128(static_cast<__int128>(amount) * factor); }
  // The two columns of sum_sql: Σ(amount / kSplit) and Σ(amount % kSplit).
  void add_parts(int64_t high, int64_t low);
  void add(const Total& other);
  // This total × factor (e.g. a stage's probability times the sum of its deals).
  Total times(int64_t factor) const;
  // The sum as int64; nullopt when it does not fit.
  std::optional<int64_t> value() const;
  // sum / divisor rounded half away from zero (half up for the non-negative amounts of deals); nullopt
  // when the result does not fit int64. divisor > 0.
  std::optional<int64_t> divided(int64_t divisor) const;
  bool operator==(const Total& o) const = default;

 private:
  void add128(__int128 v);
  __int128 v_ = 0;
  bool overflow_ = false;
};

// SQL sums of an integer column without overflow on either engine. SQLite's sum() throws "integer
// overflow" past int64 and PostgreSQL's sum(bigint) is numeric, whose cast back to BIGINT fails:
// instead each amount a is split into a / kSplit and a % kSplit (both engines truncate toward zero,
// as C++ does, so a == high·kSplit + low exactly), summed separately and joined in Total.
// Why the two sums fit int64: for amounts within kMax, |a / kSplit| <= 10^6 and |a % kSplit| < 10^9,
// so both sums fit for up to 9·10^9 rows (for any int64 a, stored before this rule: 9·10^8 rows); a
// workspace with even a billion deals would need hundreds of gigabytes of deal rows alone.
inline constexpr int64_t kSplit = 1'000'000'000;
// "CAST(coalesce(sum((expr) / 1000000000), 0) AS BIGINT), CAST(coalesce(sum((expr) % 1000000000), 0) AS BIGINT)":
// two result columns to pass to Total::add_parts.
std::string sum_sql(std::string_view expr);

// A line item's total: quantity × unit_price less discount_percent, rounded half up to the minor unit
// once, from exact integers: the quantity in millionths (6 decimals), the discount in ten-thousandths
// of a percent (4 decimals), all intermediates in 128 bits. nullopt when an input is outside its
// domain (quantity 0-10^12 millionths, price 0-kMax, discount 0-10^6) or the total exceeds kMax.
inline constexpr int64_t kQuantityScale = 1'000'000;
inline constexpr int64_t kDiscountScale = 10'000;
std::optional<int64_t> line_total(int64_t quantity_millionths, int64_t unit_price, int64_t discount_scaled);
// A JSON number as a fixed-point integer with `scale` steps per unit, rounded half away from zero;
// nullopt when not finite or beyond ±2^53.
std::optional<int64_t> to_fixed(double value, int64_t scale);

// An amount in minor units as the decimal text of its major unit with `digits` decimals (a
// currency's minor digits): 150000, 2 -> "1500.00"; -5, 2 -> "-0.05"; 1500, 0 -> "1500". What an
// export writes, so that a spreadsheet shows the amount and an import reads it back exactly.
// digits outside 0-9 give the minor units unchanged.
std::string decimal_text(int64_t minor, int digits);

// The problem for a sum a report or total cannot state: 422, naming the currency.
Problem sum_too_large(std::string_view currency, std::string_view what);

}  // namespace rapport::money

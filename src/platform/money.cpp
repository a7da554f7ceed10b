#include "platform/money.hpp"

#include <cmath>
#include <limits>

namespace rapport::money {

namespace {
constexpr __int128 kInt64Min = std::numeric_limits<int64_t>::min();
constexpr __int128 kInt64Max = std::numeric_limits<int64_t>::max();
}  // namespace

std::string decimal_text(int64_t minor, int digits) {
  if (digits <= 0 || digits > 9) return std::to_string(minor);
  // The magnitude as unsigned: -INT64_MIN does not fit int64.
  uint64_t magnitude = minor < 0 ? 0 - static_cast<uint64_t>(minor) : static_cast<uint64_t>(minor);
  std::string d = std::to_string(magnitude);
  const auto width = static_cast<std::size_t>(digits);
  if (d.size() <= width) d.insert(0, width + 1 - d.size(), '0');
  d.insert(d.size() - width, 1, '.');
  if (minor < 0) d.insert(0, 1, '-');
  return d;
}

std::string range_message(int sign) {
  std::string out = sign > 0 ? "must be at most " : "must be at least -";
  out += std::to_string(kMax);
  out += " minor units (the largest amount)";
  return out;
}

void Total::add128(__int128 v) {
  if (__builtin_add_overflow(v_, v, &v_)) overflow_ = true;
}

void Total::add_parts(int64_t high, int64_t low) {
  add_product(high, kSplit);
  add(low);
}

void Total::add(const Total& other) {
  add128(other.v_);
  overflow_ = overflow_ || other.overflow_;
}

Total Total::times(int64_t factor) const {
  Total out;
  out.overflow_ = overflow_ || __builtin_mul_overflow(v_, static_cast<__int128>(factor), &out.v_);
  return out;
}

std::optional<int64_t> Total::value() const {
  if (overflow_ || v_ < kInt64Min || v_ > kInt64Max) return std::nullopt;
  return static_cast<int64_t>(v_);
}

std::optional<int64_t> Total::divided(int64_t divisor) const {
  if (overflow_ || divisor <= 0) return std::nullopt;
  // Half away from zero: |v| / d rounded half up, with v's sign. |v| + d/2 cannot overflow while
  // |v| < 2^126, and a v beyond that does not fit int64 after the division by any d < 2^62 anyway.
  __int128 magnitude = v_ < 0 ? -v_ : v_;
  if (magnitude > (static_cast<__int128>(1) << 126)) return std::nullopt;
  __int128 q = (magnitude + divisor / 2) / divisor;
  if (v_ < 0) q = -q;
  if (q < kInt64Min || q > kInt64Max) return std::nullopt;
  return static_cast<int64_t>(q);
}

std::string sum_sql(std::string_view expr) {
  const std::string e(expr), split = std::to_string(kSplit);
  return "CAST(coalesce(sum((" + e + ") / " + split + "), 0) AS BIGINT), CAST(coalesce(sum((" + e + ") % " + split +
         "), 0) AS BIGINT)";
}

std::optional<int64_t> line_total(int64_t quantity_millionths, int64_t unit_price, int64_t discount_scaled) {
  constexpr int64_t kMaxQuantity = 1'000'000 * kQuantityScale;  // a million units
  constexpr int64_t kWhole = 100 * kDiscountScale;               // 100 %
  if (quantity_millionths < 0 || quantity_millionths > kMaxQuantity || unit_price < 0 || unit_price > kMax ||
      discount_scaled < 0 || discount_scaled > kWhole)
    return std::nullopt;
  // At most 10^12 · 10^15 · 10^6 = 10^33 < 2^127: no overflow in 128 bits.
  const __int128 numerator = static_cast<__int128>(quantity_millionths) * unit_price * (kWhole - discount_scaled);
  const __int128 denominator = static_cast<__int128>(kQuantityScale) * kWhole;
  const __int128 total = (numerator + denominator / 2) / denominator;
  if (total > kMax) return std::nullopt;
  return static_cast<int64_t>(total);
}

std::optional<int64_t> to_fixed(double value, int64_t scale) {
  if (!std::isfinite(value)) return std::nullopt;
  const double scaled = value * static_cast<double>(scale);
  if (!(std::fabs(scaled) <= 9007199254740992.0)) return std::nullopt;  // 2^53: exact in a double
  return static_cast<int64_t>(std::llround(scaled));
}

Problem sum_too_large(std::string_view currency, std::string_view what) {
  std::string detail = "The ";
  detail += currency;
  detail += " amounts of ";
  detail += what;
  detail += " add up to more than 9223372036854775807 minor units, more than can be stated; narrow the request";
  return Problem{422, "Unprocessable Content", std::move(detail), {}, "amount-overflow"};
}

}  // namespace rapport::money

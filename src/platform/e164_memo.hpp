// Phone numbers already found valid, in their E.164 form, so that a number is parsed by libphonenumber
// once (~50 µs) however many times it is checked: an import converts a cell to E.164, then the record
// engine checks that value again when it validates the record (formats::to_e164 asks the process's
// memo first). An E.164 text ("+" and digits) means the same number whatever the default region, so
// the form alone is the key. Bounded: past `capacity` numbers the memo starts again empty.
// Thread-safe (the import plans rows on one thread and writes them on another).
#pragma once
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_set>

namespace rapport::formats {

class E164Memo {
 public:
  explicit E164Memo(std::size_t capacity) : capacity_(capacity) {}
  // Whether `number` is the E.164 form of a valid number found before.
  bool knows(std::string_view number) const;
  // A valid number's E.164 form, as to_e164 made it.
  void remember(const std::string& e164);
  std::size_t size() const;
  // The numbers parsed because the memo did not know them (to_e164 counts each parse here).
  void count_parse() { parses_.fetch_add(1, std::memory_order_relaxed); }
  uint64_t parses() const { return parses_.load(std::memory_order_relaxed); }

 private:
  const std::size_t capacity_;
  mutable std::mutex mu_;
  std::unordered_set<std::string> known_;
  std::atomic<uint64_t> parses_{0};
};

// The process's memo (16,384 numbers: two import batches of 1000 rows with several phones each, and
// the API's traffic), which formats::to_e164 asks and tells.
E164Memo& known_e164_numbers();

}  // namespace rapport::formats

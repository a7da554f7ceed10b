// Values that cannot be missing unless the program itself is wrong (never because of a request):
// `must(opt, "why")` is the value, or stops the process with a message saying what was missing and
// where. Unchecked, such a value is undefined behaviour (`*opt`) or a bad_optional_access that the
// server answers as a 500 without a word in the log about its cause. Where a request can make the
// value missing, answer a Problem instead.
#pragma once
#include <optional>
#include <source_location>
#include <string_view>
#include <utility>

namespace rapport {

// Logs "invariant broken: <what> (file:line, function)" and aborts.
[[noreturn]] void invariant_broken(std::string_view what, std::source_location where = std::source_location::current());

template <class T>
T& must(std::optional<T>& value, std::string_view what, std::source_location where = std::source_location::current()) {
  if (!value) invariant_broken(what, where);
  return *value;
}

template <class T>
const T& must(const std::optional<T>& value, std::string_view what,
              std::source_location where = std::source_location::current()) {
  if (!value) invariant_broken(what, where);
  return *value;
}

template <class T>
T must(std::optional<T>&& value, std::string_view what, std::source_location where = std::source_location::current()) {
  if (!value) invariant_broken(what, where);
  return std::move(*value);
}

}  // namespace rapport

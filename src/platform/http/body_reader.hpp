// Reads the fields of a small JSON request body (users, teams, roles, ...) and collects a field
// error for each bad one, so that one 422 names every failing field.
#pragma once
#include <boost/json.hpp>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/problem.hpp"

namespace rapport::http {

class BodyReader {
 public:
  explicit BodyReader(const boost::json::object& body) : body_(body) {}

  // An error for every key not in `allowed`.
  void only(std::initializer_list<std::string_view> allowed, std::string_view what);
  bool has(std::string_view key) const { return body_.contains(key); }
  // Absent: nullopt (an error when required). Present: a string of min..max characters (null is
  // accepted as "" when nullable).
  std::optional<std::string> text(std::string_view key, std::size_t min, std::size_t max, bool required = false,
                                  bool nullable = false);
  std::optional<bool> boolean(std::string_view key);
  // An array of distinct UUID strings (at most max).
  std::optional<std::vector<std::string>> ids(std::string_view key, std::size_t max);
  void error(std::string field, std::string code, std::string message) {
    errors_.push_back({std::move(field), std::move(code), std::move(message)});
  }
  bool ok() const { return errors_.empty(); }
  std::vector<FieldError>& errors() { return errors_; }
  Problem problem() { return Problem::invalid(std::move(errors_)); }

 private:
  const boost::json::object& body_;
  std::vector<FieldError> errors_;
};

}  // namespace rapport::http

// Errors a caller can cause travel as a Problem (RFC 9457) inside a Result; they become HTTP in one
// place (http/respond). Exceptions are kept for the truly unexpected.
#pragma once
#include <boost/json.hpp>
#include <source_location>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "platform/must.hpp"

namespace rapport {

struct FieldError {
  std::string field;    // JSON path of the offending field, e.g. "email" or "custom.tier"
  std::string code;     // machine-readable: required, type, format, length, range, unique, unknown, ...
  std::string message;  // one sentence for a person
  boost::json::object extra = {};  // e.g. {"existing_id": "..."} for a uniqueness conflict
};

struct Problem {
  int status = 500;
  std::string title;
  std::string detail;
  std::vector<FieldError> errors;
  std::string type_slug;  // appended to https://rapport.dev/problems/ ; empty means about:blank

  static Problem bad_request(std::string detail) { return {400, "Bad Request", std::move(detail), {}, "bad-request"}; }
  static Problem unauthorized(std::string detail = "Authentication required") {
    return {401, "Unauthorized", std::move(detail), {}, "unauthorized"};
  }
  static Problem forbidden(std::string detail) { return {403, "Forbidden", std::move(detail), {}, "forbidden"}; }
  static Problem not_found(std::string detail = "No such record") { return {404, "Not Found", std::move(detail), {}, "not-found"}; }
  static Problem conflict(std::string detail, std::vector<FieldError> errors = {}) {
    return {409, "Conflict", std::move(detail), std::move(errors), "conflict"};
  }
  // A write lost a race to a concurrent one on a unique value; reading again and retrying may succeed.
  static Problem concurrent_change() {
    return {409, "Conflict", "A concurrent change conflicts with this one; read the data again and retry", {},
            "concurrent-change"};
  }
  static Problem precondition_failed(std::string detail) {
    return {412, "Precondition Failed", std::move(detail), {}, "precondition-failed"};
  }
  static Problem invalid(std::vector<FieldError> errors, std::string detail = "The request has invalid fields") {
    return {422, "Unprocessable Content", std::move(detail), std::move(errors), "validation"};
  }
  static Problem unavailable(std::string detail) { return {503, "Service Unavailable", std::move(detail), {}, "unavailable"}; }
  static Problem internal() { return {500, "Internal Server Error", "An unexpected error occurred", {}, ""}; }

  boost::json::object to_json(const std::string& instance = {}) const;
};

// A value or the Problem that prevented it. [[nodiscard]]: a Problem dropped on the floor is a
// failure nobody hears of; a caller that means to ignore one says why, with `(void)`.
// Reading the side it does not hold is a bug in the caller (it did not test ok() first): it stops
// the process with a message instead of throwing bad_variant_access, a 500 that says nothing.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Problem p) : v_(std::move(p)) {}
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value(std::source_location where = std::source_location::current()) {
    if (!ok()) invariant_broken("the value of a Result that holds a problem: " + problem().detail, where);
    return std::get<0>(v_);
  }
  const T& value(std::source_location where = std::source_location::current()) const {
    if (!ok()) invariant_broken("the value of a Result that holds a problem: " + problem().detail, where);
    return std::get<0>(v_);
  }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Problem& problem(std::source_location where = std::source_location::current()) const {
    if (ok()) invariant_broken("the problem of a Result that holds a value", where);
    return std::get<1>(v_);
  }
  Problem take_problem(std::source_location where = std::source_location::current()) {
    if (ok()) invariant_broken("the problem of a Result that holds a value", where);
    return std::move(std::get<1>(v_));
  }

 private:
  std::variant<T, Problem> v_;
};

struct Unit {};
using Status = Result<Unit>;
inline Status ok_status() { return Unit{}; }

}  // namespace rapport

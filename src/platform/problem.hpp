// Errors a caller can cause travel as a Problem (RFC 9457) inside a Result; they become HTTP in one
// place (http/respond). Exceptions are kept for the truly unexpected.
#pragma once
#include <boost/json.hpp>
#include <ostream>
#include <source_location>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "platform/must.hpp"

namespace rapport {

// What a problem `type` means, for the clients that branch on it (listed in the OpenAPI document).
struct ProblemTypeInfo {
  std::string_view slug;  // the URI is https://rapport.dev/problems/<slug>
  int status;             // the HTTP status it travels with
  std::string_view meaning;
};

// Every problem type the server can answer with. A Problem names its type by a slug from this list,
// checked while compiling (ProblemType), so the document's list cannot miss one the code produces.
inline constexpr ProblemTypeInfo kProblemTypes[] = {
    {"bad-request", 400, "The request is malformed: a body that is not a JSON object, an unknown or malformed query "
                         "parameter, a bad cursor, a header or target that cannot be parsed. Fix the request."},
    {"unauthorized", 401, "No credentials, or a token, key or password that is unknown, expired or revoked."},
    {"mfa-required", 401, "The account uses multi-factor authentication: sign in again with `code` (a current "
                          "authenticator code or a recovery code); also a wrong or used code."},
    {"forbidden", 403, "The caller's role does not allow this action, field or record, or the route needs a signed-in "
                       "person (not an API key)."},
    {"mfa-enrollment-required", 403, "The caller's role requires MFA and it is not confirmed yet: only enrolment, "
                                     "/api/v1/auth/me and logout are open."},
    {"csrf-token-missing", 403, "A state-changing request authenticated by the session cookie did not send the "
                                "session's CSRF token in X-CSRF-Token."},
    {"origin-not-allowed", 403, "A WebSocket connection from a browser page of an origin the server does not allow."},
    {"not-found", 404, "No such route, or no such record in the caller's workspace and scope (a record the caller may "
                       "not read is not found)."},
    {"method-not-allowed", 405, "The path exists but not with this method; the Allow header lists those it takes."},
    {"request-timeout", 408, "The request (its header or body) was not received in time."},
    {"conflict", 409, "The change conflicts with stored data (a unique value that is taken, a stage still in use, ...); "
                      "`errors` may name the field and the record holding the value."},
    {"concurrent-change", 409, "A concurrent change conflicts with this one; read the data again and retry."},
    {"precondition-failed", 412, "If-Match does not name the record's current version: someone changed it since you "
                                 "read it. Read it again (new ETag) and retry."},
    {"body-too-large", 413, "The request body is larger than the route accepts."},
    {"unsupported-media-type", 415, "The request body is not sent as application/json."},
    {"validation", 422, "One or more fields are invalid: `errors` lists every failing field with a machine-readable "
                        "code."},
    {"amount-overflow", 422, "A sum of money would exceed the largest amount the server keeps (int64 minor units), or "
                             "a report's sum of a number field the largest number it can state."},
    {"idempotency-key-reused", 422, "This Idempotency-Key was used for a different request; use a new key."},
    {"upgrade-required", 426, "The route speaks WebSocket only: send an Upgrade: websocket request."},
    {"rate-limited", 429, "The caller sent more requests than the server's rate limit allows; wait Retry-After "
                          "seconds."},
    {"login-throttled", 429, "Too many failed sign-ins (or password or code checks) for this account or address; "
                             "wait Retry-After seconds."},
    {"unavailable", 503, "A temporary condition: the database is not reachable, the server is shutting down or has "
                         "as many connections open as it accepts. Retry after Retry-After seconds; nothing was "
                         "written."},
    {"insufficient-storage", 507, "The database's storage is full; nothing was written. Reads go on; writes succeed "
                                  "again once an operator has freed space."},
};

// A problem's type: about:blank (empty) or a slug of kProblemTypes. The constructor from a string
// literal is consteval, so a slug that is not in the list does not compile.
class ProblemType {
 public:
  constexpr ProblemType() = default;
  consteval ProblemType(const char* slug) : slug_(lookup(slug)) {}
  constexpr bool empty() const { return slug_.empty(); }
  constexpr std::string_view slug() const { return slug_; }
  friend constexpr bool operator==(ProblemType a, std::string_view b) { return a.slug_ == b; }
  friend std::ostream& operator<<(std::ostream& os, ProblemType t) { return os << t.slug_; }

 private:
  static consteval std::string_view lookup(std::string_view slug) {
    for (const auto& t : kProblemTypes)
      if (t.slug == slug) return t.slug;
    throw "a problem type that is not in kProblemTypes (platform/problem.hpp)";
  }
  std::string_view slug_;
};

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
  ProblemType type_slug;  // appended to https://rapport.dev/problems/ ; empty means about:blank

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
  static Problem insufficient_storage() {
    return {507, "Insufficient Storage", "The database's storage is full; nothing was written. Retry once space is freed", {},
            "insufficient-storage"};
  }
  static Problem internal() { return {500, "Internal Server Error", "An unexpected error occurred", {}, {}}; }  // about:blank

  boost::json::object to_json(const std::string& instance = {}) const;
};

// The `type` URI of a slug of kProblemTypes.
std::string problem_type_uri(std::string_view slug);

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

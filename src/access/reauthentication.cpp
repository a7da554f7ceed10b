#include "access/reauthentication.hpp"

#include "access/passwords.hpp"

namespace rapport::access {

namespace {

std::pair<std::string, std::string> email_and_hash(db::Database& db, const Context& ctx) {
  return db.read([&](db::Connection& c) {
    auto& st = c.prepare("SELECT email, password_hash FROM users WHERE workspace_id = ? AND id = ?");
    st.bind_all({ctx.workspace_id, ctx.user_id});
    std::pair<std::string, std::string> out;
    if (st.step()) out = {st.text(0), st.text(1)};
    st.reset();
    return out;
  });
}

}  // namespace

Reauthentication::Reauthentication(db::Database& db, const LoginThrottle& throttle, const Context& ctx,
                                   std::string_view client_address)
    : Reauthentication(db, throttle, email_and_hash(db, ctx), client_address) {}

Reauthentication::Reauthentication(db::Database& db, const LoginThrottle& throttle,
                                   std::pair<std::string, std::string> email_and_hash, std::string_view client_address)
    : db_(db),
      email_(std::move(email_and_hash.first)),
      password_hash_(std::move(email_and_hash.second)),
      check_(throttle, email_, client_address) {}

std::optional<http::Response> Reauthentication::begin(const http::Request& req) {
  int64_t wait = 0;
  auto begun = db_.write([&](db::Connection& c) -> Status {
    wait = check_.begin(c);
    return ok_status();
  });
  if (!begun) return http::fail(begun.problem(), req);
  if (wait <= 0) return std::nullopt;
  http::Response r = http::fail(throttled_problem(wait), req);
  r.header("Retry-After", std::to_string(wait));
  return r;
}

bool Reauthentication::password_matches(std::string_view password) {
  const bool matches = verify_password(password_hash_.empty() ? decoy_hash() : password_hash_, password) &&
                       !password_hash_.empty();
  if (!matches) failed();
  return matches;
}

void Reauthentication::failed() {
  // The failure is best effort: the answer is a refusal whether or not it could be recorded.
  (void)db_.write([&](db::Connection& c) -> Status {
    check_.failed(c);
    return ok_status();
  });
}

}  // namespace rapport::access

// Customer satisfaction (issue 15, part 6). When a workspace turns the survey on (its support
// settings), a ticket that becomes solved enqueues, in the transaction that solves it, a job that
// emails the requester two links ("good", "bad") to a page of this server (the server's
// --public-url) holding a survey token (satisfaction_token.hpp). The page shows the choice made by
// the link and a comment box; its POST records the rating on the ticket (`satisfaction`,
// `satisfaction_comment`, `satisfaction_at`), as a change of the ticket (version, history, event)
// by "satisfaction-survey". Following a link records nothing by itself: mail scanners open links.
// The requester may change their rating while the link works (30 days).
#pragma once
#include <boost/json.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "platform/db/database.hpp"
#include "platform/http/rate_limiter.hpp"
#include "platform/identity/context.hpp"
#include "platform/jobs/job.hpp"
#include "platform/problem.hpp"
#include "platform/records/spec.hpp"
#include "platform/vault.hpp"

namespace rapport::support {

inline constexpr const char* kSurveyJob = "support.satisfaction_survey";
inline constexpr std::size_t kMaxSatisfactionComment = 2000;  // characters

struct SupportSettings {
  bool satisfaction_survey = false;
  std::optional<std::string> updated_at;  // never written: nullopt
};

SupportSettings read_support_settings(db::Connection& c, const std::string& workspace_id);
boost::json::object support_settings_json(const SupportSettings& s);
// PUT /api/v1/support/settings: {"satisfaction_survey": bool}; 422 naming it when it is turned on
// on a server without a public URL (its links would lead nowhere).
Result<SupportSettings> put_support_settings(db::Database& db, const identity::Context& ctx, const boost::json::object& body,
                                             bool has_public_url);

// Called by the ticket's hook when a ticket becomes solved: enqueues the survey's email in that
// transaction when the workspace sends surveys.
void enqueue_survey(db::Connection& c, const std::string& workspace_id, const std::string& ticket_id);

struct SurveyDeps {
  db::Database& db;
  const Vault& vault;
  std::string public_url;  // scheme://host[/prefix], no trailing slash
  std::vector<const records::ObjectSpec*> specs;
};
jobs::JobType survey_job_type(SurveyDeps deps);

// What the survey page shows.
struct SurveyTicket {
  std::string ticket_id;
  int64_t number = 0;
  std::string subject;
  std::optional<std::string> rating, comment;
};

class SurveyService {
 public:
  SurveyService(db::Database& db, const Vault& vault);
  // 404 for a token that is not valid (any more) or a ticket that is gone.
  Result<SurveyTicket> open(std::string_view token);
  // Records a rating (good or bad: 422 `rating`) and a comment (at most kMaxSatisfactionComment
  // characters: 422 `comment`); 429 beyond a few changes a minute for one ticket.
  Result<SurveyTicket> rate(std::string_view token, const std::string& rating, const std::string& comment);

 private:
  db::Database& db_;
  const Vault& vault_;
  std::unique_ptr<http::RateLimiter> per_ticket_;
};

}  // namespace rapport::support

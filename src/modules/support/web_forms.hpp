// Public web forms (issue 15, part 7): an admin makes a form for a queue; anyone may open a ticket
// through it without signing in, from a plain HTML <form> pasted into a customer's site (embed_html)
// or a script posting JSON (from the form's allowed origins). A hidden honeypot field catches most
// bots (their submission is answered as a success and dropped, counted as spam_caught), and each
// client address may submit a few times a minute per form (rate limits kept in this node's memory).
// A submission finds its requester among the workspace's contacts by email, or creates the contact,
// and opens the ticket (channel web, the form's team and priority) in one transaction, audited as
// the form's work ("web-form:<id>"); the requester is emailed a confirmation in it when the form
// says so (web_form_confirmation.hpp).
#pragma once
#include <boost/json.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "modules/support/web_form_store.hpp"
#include "platform/db/database.hpp"
#include "platform/http/public_form.hpp"
#include "platform/identity/context.hpp"
#include "platform/problem.hpp"

namespace rapport::support {

inline constexpr const char* kWebFormKeyPrefix = "rwf_";
inline constexpr const char* kHoneypotField = "website";
inline constexpr std::size_t kMaxSubmissionMessage = 10'000;  // characters (public bodies are 16 KiB at most)
inline constexpr int kMaxWebForms = 50;                       // per workspace

// What a person typed into the form.
struct Submission {
  std::string name, email, subject, message;
  bool honeypot_filled = false;
};

// 422 naming each bad field: email (required, an address), subject (1 to 255), message (1 to
// kMaxSubmissionMessage), name (at most 200). `field` answers a field's first value or nullptr, so
// this reads a JSON body and an HTML form's fields alike.
Result<Submission> read_submission(const std::function<const std::string*(std::string_view)>& field);

// {"id", "name", "key", "team_id", "priority", "allowed_origins", "redirect_url", "enabled",
//  "confirm_email", "submissions", "spam_caught", "created_at", "updated_at", "submit_url", "embed_html"}; submit_url
// is built on `base` (scheme://host as the caller reached this server).
boost::json::object web_form_json(const WebForm& f, const std::string& base);

class WebFormService {
 public:
  explicit WebFormService(db::Database& db);

  std::vector<WebForm> list(const identity::Context& ctx);
  Result<WebForm> get(const identity::Context& ctx, const std::string& id);
  // The body's fields (name required; team_id, priority, allowed_origins, redirect_url, enabled,
  // confirm_email);
  // 422 naming each bad one, 409 at kMaxWebForms forms.
  Result<WebForm> create(const identity::Context& ctx, const boost::json::object& body);
  Result<WebForm> update(const identity::Context& ctx, const std::string& id, const boost::json::object& body);
  Status remove(const identity::Context& ctx, const std::string& id);

  // The enabled form behind a public key, or 404 (unknown, disabled: both the same to the public).
  Result<WebForm> form_for(const std::string& key);
  // 429 (with the seconds to wait in retry_after) when this client address or the form as a whole
  // submits too often; charged per submission.
  Status admit(const WebForm& form, const std::string& client_address, int& retry_after);
  // Opens the ticket (or drops a honeypot submission); answers the ticket's number, or nullopt for
  // a dropped one.
  Result<std::optional<int64_t>> submit(const WebForm& form, const Submission& s);

 private:
  db::Database& db_;
  http::SubmissionLimiter limiter_;
};

}  // namespace rapport::support

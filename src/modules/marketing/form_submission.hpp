// A stored form submission (table `form_submissions`, migration 0053): which record it made or
// updated, the consents ticked with their exact text and version, and where the visit came from
// (UTM parameters and referrer). What the visitor typed is on the record, not here.
#pragma once
#include <boost/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "platform/db/connection.hpp"

namespace rapport::marketing {

constexpr std::size_t kMaxVisitChars = 500;  // a UTM parameter; the referrer may have 2048

// The visit: utm_source, utm_medium, utm_campaign, utm_term, utm_content and referrer, in that order.
inline const std::vector<std::string>& visit_keys() {
  static const std::vector<std::string> v = {"utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "referrer"};
  return v;
}

struct FormSubmission {
  std::string id, form_id, object_type, record_id;
  bool created = false;
  boost::json::array consents;  // [{"channel", "text", "version"}]
  std::vector<std::optional<std::string>> visit;  // by visit_keys()
  std::string submitted_at;

  boost::json::object to_json() const;
};

// The note of a consent a submission recorded: "Web form <id>, consent text version <n>, submission <id>".
std::string consent_note(const std::string& form_id, int64_t version, const std::string& submission_id);

namespace submission_store {

void insert(db::Connection& c, const std::string& workspace_id, const FormSubmission& s);
// Newest first: at most `limit` submissions of the form older than `before` (a submission's id; empty: from the newest).
std::vector<FormSubmission> page(db::Connection& c, const std::string& workspace_id, const std::string& form_id,
                                 const std::string& before, int limit);
int64_t count(db::Connection& c, const std::string& workspace_id, const std::string& form_id);

}  // namespace submission_store
}  // namespace rapport::marketing

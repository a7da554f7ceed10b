// An email the workspace sends, as stored and as GET /api/v1/emails/{id} shows it, and a template.
#pragma once
#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace rapport::email {

inline constexpr std::size_t kMaxRecipients = 50;  // to and cc together
inline constexpr std::size_t kMaxSubjectChars = 998;  // RFC 5322's line limit
inline constexpr std::size_t kMaxBodyBytes = 1 << 20;

// The records an email concerns: the keys of a POST and of the row's `links`.
inline constexpr const char* kLinkKeys[] = {"contact_id", "company_id", "lead_id", "deal_id"};

// before + n + after for messages, built by appending (GCC 12 warns falsely, -Wstringop-overflow and
// -Warray-bounds, on "literal" + std::to_string(n)).
std::string counted(std::string_view before, std::size_t n, std::string_view after);

struct Email {
  std::string id, workspace_id, created_by;
  std::string status = "queued";  // queued, sent, failed
  std::string sender;
  std::vector<std::string> to, cc;
  std::string subject, text_body, html_body;
  std::optional<std::string> template_id;
  boost::json::object links;  // {"contact_id": "...", ...}: only the ones given
  std::string message_id;     // without angle brackets
  int64_t attempts = 0;
  std::optional<std::string> error, job_id;
  std::string created_at;
  std::optional<std::string> sent_at;

  boost::json::object to_json() const;
};

struct Template {
  std::string id, workspace_id, name, subject, text_body, html_body;
  int64_t version = 1;
  std::string created_by, created_at, updated_at;

  boost::json::object to_json() const;
};

}  // namespace rapport::email

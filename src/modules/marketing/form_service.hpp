// The rules of lead capture forms, each use case one transaction:
// - only an admin or a role that exports every contact (the marketing role: audience_access.hpp)
//   reads, creates, changes and deletes forms and reads their submissions (403 before the body or
//   the id is read); another workspace's form is 404;
// - a form's fields name fields of its target (a lead's or a contact's writable text-like fields:
//   text, email, phone, URL, domain, country, choice, date) or its custom fields (custom.<name> of
//   type text, email, phone, url or select); `email` must be one of them and required, since a
//   submission finds the record to update by it. list_id names a static list of the workspace and
//   needs the target contact. Each failure a field error of one 422, nothing stored;
// - a consent's version is the form's version at which its text was last set, so a changed text
//   never shares a version with the one before it;
// - names are unique in the workspace, case-insensitively (409); at most kMaxForms a workspace;
// - writes are audited (object "forms"); PATCH and DELETE take If-Match; deleting a form deletes its
//   submissions (the records and consents they made stay).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "modules/marketing/form.hpp"
#include "modules/marketing/form_input.hpp"
#include "modules/marketing/form_submission.hpp"
#include "platform/db/database.hpp"
#include "platform/identity/context.hpp"

namespace rapport::marketing {

constexpr int kMaxSubmissionsPage = 100;

struct SubmissionsPage {
  std::vector<FormSubmission> data;
  std::optional<std::string> next_cursor;
  std::optional<int64_t> total;  // with count=true
};

class FormService {
 public:
  explicit FormService(db::Database& db) : db_(db) {}

  Result<std::vector<Form>> list(const identity::Context& ctx);
  Result<Form> get(const identity::Context& ctx, const std::string& id);
  Result<Form> create(const identity::Context& ctx, const FormChange& in);
  Result<Form> update(const identity::Context& ctx, const std::string& id, const FormChange& in, std::string_view if_match);
  Status remove(const identity::Context& ctx, const std::string& id, std::string_view if_match);
  // Newest first; `cursor` is the last id of the page before (400 when it is not one); limit 1..100.
  Result<SubmissionsPage> submissions(const identity::Context& ctx, const std::string& id, const std::string& cursor, int limit,
                                      bool count);

 private:
  db::Database& db_;
};

// 403 unless the caller manages forms (before a body is read).
Status may_manage_forms(const identity::Context& ctx);

}  // namespace rapport::marketing

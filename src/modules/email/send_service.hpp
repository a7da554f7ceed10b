// Sending an email (POST /api/v1/emails) and reading its state (GET /api/v1/emails/{id}).
// - who: a member whose role may create activities (the sent email is logged as one on the
//   timelines; 403 otherwise), and who can read every record named (contact_id, company_id,
//   lead_id, deal_id: one they cannot read is a 422 naming the key, as a reference would be);
// - what: subject and body (optional html), or a template rendered now with the named records'
//   values as the sender reads them (scope, hidden fields); a template that uses an object whose
//   record is not named is a 422 naming template_id;
// - the workspace must have email settings (409 otherwise);
// - the email is stored `queued` with an `email.send` job in the same transaction (202); the job
//   (send_job.hpp) sends it and makes it `sent` or, out of attempts, `failed` with the reason;
// - files go with an email as attachment_ids: uploads of the sender's own not sent yet (422 otherwise),
//   at most EmailLimits::outbound_files_bytes() together;
// - a reply (in_reply_to: an email the sender can read) joins its parent's thread, with In-Reply-To
//   and References naming the parent and the chain before it;
// - an email is read by admins, by whoever sent it (or logged it through their BCC address), and by
//   whoever can read a contact, lead or deal a message of its thread concerns (sent mail's links,
//   received mail's matched contacts): the timelines of those records log it already. A company
//   does not open its mail (every sales rep reads every company). Anyone else gets 404;
// - GET /api/v1/emails lists a contact's, lead's or deal's threads to whoever can read the record,
//   a company's (its contacts' mail, and mail sent naming it) to whoever can read the company, less
//   the threads they may not read (404 when they cannot read the record); without a record, the
//   caller's own mail (admins: the workspace's).
#pragma once
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "modules/email/email_record.hpp"
#include "modules/email/email_store.hpp"
#include "modules/email/send_input.hpp"
#include "platform/db/database.hpp"
#include "platform/identity/context.hpp"
#include "platform/records/service.hpp"

namespace rapport::email {

inline constexpr const char* kSendJob = "email.send";

// The record service of an object ("contacts", ...), nullptr when there is none.
using Services = std::function<records::Service*(std::string_view object)>;

// Stores an email `queued` and enqueues its email.send job, in the caller's write transaction `c`:
// the template (in.template_id) compiled again now and rendered with `values` (merge values of the
// records named), or in.subject/body/html as they are. 409 when the workspace has no email settings;
// 422 naming template_id (unknown, no longer compiling) or the *_id of an object the template uses
// without its record. created_by: the user the email is sent for (the owner of its activities).
// Audited as `emails` `send` by ctx.
struct QueueOptions {
  const Email* parent = nullptr;  // the email it answers (in.in_reply_to, read by the caller)
  std::size_t files_bytes = kMaxOutboundAttachmentBytes;  // its files together at most (EmailLimits)
};
Result<Email> queue_email(db::Connection& c, const identity::Context& ctx, const std::vector<const records::ObjectSpec*>& specs,
                          const SendRequest& in, const std::map<std::string, std::string>& values, const std::string& created_by,
                          const QueueOptions& options = {});

// The records a reader of the list names: at most one of contact_id, company_id, lead_id, deal_id.
struct ListRequest {
  store::EmailFilter filter;  // created_by is set by the service, never from the request
  int limit = 50;
  std::optional<records::keyset::Position> after;
};

// A reply names at most this many Message-IDs in References (the nearest ones).
inline constexpr std::size_t kMaxReplyReferences = 20;

// Whether the caller may read the files a record of another module holds (store::hold_uploads): that
// module answers for its record (support: a ticket's internal note, read by whoever reads the ticket).
using HeldFileAccess = std::function<bool(db::Connection& c, const identity::Context& ctx, const std::string& holder_id)>;

class EmailService {
 public:
  EmailService(db::Database& db, Services services, std::vector<const records::ObjectSpec*> specs, EmailLimits limits = {},
               HeldFileAccess held_access = {})
      : db_(db), services_(std::move(services)), specs_(std::move(specs)), limits_(limits), held_access_(std::move(held_access)) {}

  const EmailLimits& limits() const { return limits_; }

  // Whether the caller may send at all (403 otherwise): asked before the body is read, so a refusal
  // says nothing about the body.
  Status may_send(const identity::Context& ctx) const;
  Result<Email> send(const identity::Context& ctx, const SendRequest& in);
  Result<Email> get(const identity::Context& ctx, const std::string& id);
  // 404 naming the record when the caller cannot read the record the filter names.
  Result<store::EmailPage> list(const identity::Context& ctx, ListRequest in);
  // A file of an email the caller may read (get()), a file held by a record the caller may read
  // (HeldFileAccess), or an unsent upload of theirs; 404 otherwise.
  Result<store::StoredFile> attachment(const identity::Context& ctx, const std::string& id);
  // A file for an email to send (POST /api/v1/attachments): who may send (may_send), a file name,
  // a body of 1 to limits().attachment_bytes bytes (the route's limit); the media type kept when it is one.
  Result<Attachment> upload(const identity::Context& ctx, const std::string& file_name, std::string_view content_type,
                            std::string_view bytes);

 private:
  // Whether the caller can read a record one of the thread's messages concerns.
  bool reads_thread(const identity::Context& ctx, const std::string& thread_id);

  db::Database& db_;
  Services services_;
  std::vector<const records::ObjectSpec*> specs_;
  EmailLimits limits_;
  HeldFileAccess held_access_;
};

}  // namespace rapport::email

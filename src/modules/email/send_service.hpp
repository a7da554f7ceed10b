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
//   at most kMaxOutboundAttachmentBytes together;
// - an email is read by whoever sent it and by admins; a received one (inbound_service.hpp) also
//   by whoever can read one of the contacts it was matched to; anyone else gets 404.
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
Result<Email> queue_email(db::Connection& c, const identity::Context& ctx, const std::vector<const records::ObjectSpec*>& specs,
                          const SendRequest& in, const std::map<std::string, std::string>& values, const std::string& created_by);

class EmailService {
 public:
  EmailService(db::Database& db, Services services, std::vector<const records::ObjectSpec*> specs)
      : db_(db), services_(std::move(services)), specs_(std::move(specs)) {}

  // Whether the caller may send at all (403 otherwise): asked before the body is read, so a refusal
  // says nothing about the body.
  Status may_send(const identity::Context& ctx) const;
  Result<Email> send(const identity::Context& ctx, const SendRequest& in);
  Result<Email> get(const identity::Context& ctx, const std::string& id);
  // A file of an email the caller may read (get()), or an unsent upload of theirs; 404 otherwise.
  Result<store::StoredFile> attachment(const identity::Context& ctx, const std::string& id);
  // A file for an email to send (POST /api/v1/attachments): who may send (may_send), a file name,
  // a body of 1 to kMaxUploadBytes bytes (the route's limit); the media type kept when it is one.
  Result<Attachment> upload(const identity::Context& ctx, const std::string& file_name, std::string_view content_type,
                            std::string_view bytes);

 private:
  db::Database& db_;
  Services services_;
  std::vector<const records::ObjectSpec*> specs_;
};

}  // namespace rapport::email

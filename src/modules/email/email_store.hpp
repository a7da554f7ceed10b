// The SQL of email settings, templates and emails (tables of migration 0028; each email's records in
// email_record_links, migration 0069, written with it). Every statement names
// the workspace, so no call reaches another workspace's rows.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "modules/email/email_record.hpp"
#include "modules/email/settings.hpp"
#include "platform/db/connection.hpp"
#include "platform/records/keyset.hpp"

namespace rapport::email::store {

std::optional<SmtpSettings> find_settings(db::Connection& c, const std::string& workspace_id);
// Inserts or replaces the workspace's settings row.
void put_settings(db::Connection& c, const SmtpSettings& s);

std::optional<Template> find_template(db::Connection& c, const std::string& workspace_id, const std::string& id);
// By name, then id.
std::vector<Template> list_templates(db::Connection& c, const std::string& workspace_id);
int64_t count_templates(db::Connection& c, const std::string& workspace_id);
void insert_template(db::Connection& c, const Template& t);
void update_template(db::Connection& c, const Template& t);
void remove_template(db::Connection& c, const std::string& workspace_id, const std::string& id);

std::optional<Email> find_email(db::Connection& c, const std::string& workspace_id, const std::string& id);
void insert_email(db::Connection& c, const Email& e);
// Writes the state columns: status, attempts, error, job_id, sent_at.
void update_email_state(db::Connection& c, const Email& e);

// Received emails (migration 0032), by id and by Message-ID (unique per workspace).
std::optional<Email> find_received(db::Connection& c, const std::string& workspace_id, const std::string& id);
// A bounce of the sent email with this Message-ID: marks it bounced (now) with the reason in `error`,
// and answers it as it reads then; nullopt when the workspace sent no such email.
std::optional<Email> mark_bounced(db::Connection& c, const std::string& workspace_id, const std::string& message_id,
                                  const std::string& reason, const std::string& now);
std::optional<Email> find_received_by_message_id(db::Connection& c, const std::string& workspace_id, const std::string& message_id);
void insert_received(db::Connection& c, const Email& e);
// A file with its bytes.
struct StoredFile {
  Attachment attachment;
  std::string email_id;  // empty: uploaded, not sent yet
  std::string held_by;   // the record of another module keeping it instead of an email (hold_uploads), or empty
  std::string uploaded_by, bytes;
};

// An email's attachments, in order (without their bytes).
std::vector<Attachment> attachments_of(db::Connection& c, const std::string& workspace_id, const std::string& email_id);
// Stores a file of an email; `a` gets its id, size and sha256.
void insert_attachment(db::Connection& c, const std::string& workspace_id, const std::string& email_id, int64_t position,
                       Attachment& a, std::string_view bytes);
// Stores a file uploaded by `user` for an email to come; `a` gets its id, size and sha256.
void insert_upload(db::Connection& c, const std::string& workspace_id, const std::string& user, Attachment& a, std::string_view bytes);
// The uploads of `user` among `ids` not yet sent with an email nor held (the others are missing).
std::vector<Attachment> unsent_uploads(db::Connection& c, const std::string& workspace_id, const std::string& user,
                                       const std::vector<std::string>& ids);
// Gives the uploads to an email, in the order given.
void attach_uploads(db::Connection& c, const std::string& workspace_id, const std::string& email_id, const std::vector<std::string>& ids);
// Gives the uploads, in the order given, to a record of another module that keeps them instead of an
// email (a ticket's internal note: `holder_id` is its id), so they are never sent; the holder's
// module says who may read them (EmailService::set_held_file_access).
void hold_uploads(db::Connection& c, const std::string& workspace_id, const std::string& holder_id, const std::vector<std::string>& ids);
// The files each holder keeps, in order (without their bytes).
std::map<std::string, std::vector<Attachment>> held_files(db::Connection& c, const std::string& workspace_id,
                                                          const std::vector<std::string>& holder_ids);
// The files of each of these emails (sent or received), in order (without their bytes).
std::map<std::string, std::vector<Attachment>> files_of_emails(db::Connection& c, const std::string& workspace_id,
                                                               const std::vector<std::string>& email_ids);
// How each of these sent emails stands (a missing one is not in the map): its status (queued, sent,
// failed; bounced once a bounce came back, as kSentSelect reads it) and `error`, the reason of the
// last failed attempt or of the bounce. One query.
struct Delivery {
  std::string status;
  std::optional<std::string> error;
};
std::map<std::string, Delivery> deliveries_of(db::Connection& c, const std::string& workspace_id, const std::vector<std::string>& email_ids);
// The files of an email with their bytes, in order.
std::vector<StoredFile> files_of(db::Connection& c, const std::string& workspace_id, const std::string& email_id);
// An attachment's email and bytes, or nullopt.
std::optional<StoredFile> find_attachment(db::Connection& c, const std::string& workspace_id, const std::string& id);

// The thread of each of these Message-IDs the workspace knows (received or sent): Message-ID -> thread id.
std::map<std::string, std::string> threads_of(db::Connection& c, const std::string& workspace_id,
                                              const std::vector<std::string>& message_ids);

// GET /api/v1/emails: what a page lists. A record (record_key one of kLinkKeys, record_id its id)
// lists every message of the threads that concern it: sent mail naming it (links), received mail
// matched to it (a contact) or to one of its live contacts (a company), found through
// email_record_links (record_links.hpp). created_by limits the list to the
// mail a user sent or logged through their BCC address. Newest first (ids are UUIDv7).
struct EmailFilter {
  std::string record_key, record_id;
  std::optional<std::string> thread_id, direction, status, created_by;
};
const records::keyset::Order& email_order();
struct EmailPage {
  std::vector<Email> emails;  // with their attachments
  std::optional<std::string> next_cursor;
};
EmailPage list_emails(db::Connection& c, const std::string& workspace_id, const EmailFilter& f, int limit,
                      const std::optional<records::keyset::Position>& after);

// The records whose readers read a thread, as (link key, id), e.g. ("contact_id", ...): the contact,
// lead and deal sent mail names, received mail's matched contacts (email_record_links); at most `max`
// of them. Companies
// are not among them: every sales rep reads every company, while its contacts' mail is their owners'.
std::vector<std::pair<std::string, std::string>> thread_records(db::Connection& c, const std::string& workspace_id,
                                                                const std::string& thread_id, std::size_t max);

}  // namespace rapport::email::store

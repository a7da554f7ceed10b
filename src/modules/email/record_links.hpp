// The records each email concerns, one row a record in `email_record_links` (migration 0069): a sent
// email's links, a received or BCC-logged one's matched contacts. Written by the store with the email,
// in its transaction; read for the list of a record's emails and for who reads a thread. Every
// statement names the workspace.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "modules/email/email_record.hpp"
#include "platform/db/connection.hpp"

namespace rapport::email::record_links {

// A link key (one of kLinkKeys) as the table's object, "contact_id" -> "contacts", and back; an
// unknown one answers empty.
std::string_view object_of(std::string_view link_key);
std::string_view key_of(std::string_view object);

// The rows of a sent email (its `links`) and of a received or BCC-logged one (its `contact_ids`); a
// record named twice is one row.
void insert_sent(db::Connection& c, const Email& e);
void insert_received(db::Connection& c, const Email& e);

// SQL answering the thread_id of every message that concerns the record (`link_key` one of
// kLinkKeys, never request text): sent mail naming it, received mail matched to it (a contact) or to
// one of its live contacts (a company). Index look-ups: the links' primary key, then each email's.
std::string threads_sql(std::string_view link_key, const std::string& workspace_id, const std::string& record_id,
                        std::vector<db::Value>& params);

// The records of the messages of a thread as (link key, id), sent mail's first, at most `limit` rows
// read; companies left out (see thread_records).
std::vector<std::pair<std::string, std::string>> of_thread(db::Connection& c, const std::string& workspace_id,
                                                           const std::string& thread_id, int limit);

}  // namespace rapport::email::record_links

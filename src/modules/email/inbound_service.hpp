// Mail posted to POST /api/v1/inbound-email by an MTA pipe or a forwarding service, and the
// workspace's inbound secret that authenticates it (inbound_secret.hpp).
// - the secret: made (and rotated) and revoked by admins, shown once; it acts in its workspace for
//   the admin who made it (the owner of activities whose contacts have no active owner) and stops
//   working when that admin is deactivated, as an API key does;
// - a message: at most limits().message_bytes (the route's body limit: 413), each file at most
//   limits().attachment_bytes; parsed whole (mime_parser.hpp: a 422 naming what is wrong, nothing stored) before
//   the write; then, in one transaction: a Message-ID the workspace already received answers the
//   stored message (a redelivery: nothing new), else the message is stored, threaded by In-Reply-To
//   then References (nearest first) against received and sent Message-IDs, its From, To and Cc
//   matched to live contacts by their folded email key (the first kMaxMatchedAddresses distinct
//   addresses), and logged as an inbound `email` activity linked to those contacts and their
//   companies (none matched: stored, not logged);
// - a message that reached a user's BCC address (bcc_address.hpp; Bcc, X-Original-To, Delivered-To,
//   the envelope recipient, To or Cc) is that user's own mail: stored as outbound, created_by the
//   user, its To and Cc matched to contacts and logged as an outbound email owned by the user.
#pragma once
#include <boost/json.hpp>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "modules/email/email_record.hpp"
#include "modules/email/inbound_secret.hpp"
#include "modules/email/mime_parser.hpp"
#include "modules/email/send_service.hpp"
#include "platform/db/database.hpp"
#include "platform/identity/context.hpp"

namespace rapport::email {

inline constexpr std::size_t kMaxMatchedAddresses = 100;

// The signed-in user's BCC address (bcc_address.hpp): null until made, or while the workspace has no
// inbound domain.
struct BccView {
  std::optional<std::string> address, domain, created_at;
};

struct Receipt {
  Email email;
  bool stored = false;  // false: a redelivery of a message stored before
  boost::json::value ticket = nullptr;  // what the hook answered (support: the ticket it made or joined)
};

// What else mail from outside sets off, in the transaction that stores it: support's tickets
// (modules/support/inbound_tickets.hpp, wired by the app, since email does not call support). Called
// for every inbound message (not a user's BCC copy), redelivered or not; a Problem fails the whole
// delivery (nothing stored), and its value is the receipt's `ticket`.
using InboundHook = std::function<Result<boost::json::value>(db::Connection& c, const identity::Context& ctx, const Email& stored,
                                                             const InboundMessage& m, const std::optional<std::string>& envelope_to,
                                                             bool redelivered)>;

class InboundService {
 public:
  InboundService(db::Database& db, Services services, EmailLimits limits = {}, InboundHook hook = {})
      : db_(db), services_(std::move(services)), limits_(limits), hook_(std::move(hook)) {}

  const EmailLimits& limits() const { return limits_; }

  // The context of a caller presenting `authorization` ("Bearer rpi_…"): 401 unless it is a live
  // secret whose admin is active.
  Result<identity::Context> authenticate(std::string_view authorization) const;
  // envelope_to: the recipient the MTA delivered to, when it says (a BCC address may be named only there).
  Result<Receipt> receive(const identity::Context& ctx, std::string_view raw, const std::optional<std::string>& envelope_to);
  // The caller's BCC address; rotate: a new one (403 without an activity create scope, 409 without
  // an inbound domain).
  Result<BccView> bcc_address(const identity::Context& ctx, bool rotate);

  // Admins only (the routes check): a new secret (the live one revoked), its value shown once.
  Result<std::pair<InboundSecret, std::string>> make_secret(const identity::Context& ctx);
  std::optional<InboundSecret> secret(const identity::Context& ctx);
  Status revoke_secret(const identity::Context& ctx);

 private:
  db::Database& db_;
  Services services_;
  EmailLimits limits_;
  InboundHook hook_;
};

}  // namespace rapport::email

// The email.send job: sends one stored email through the workspace's SMTP server and records how it
// went.
//
// A run reads the email (gone, or no longer queued: nothing to do) and the settings (removed since:
// the email fails for good), opens the password (vault, "smtp:<workspace>"), builds the message
// (mime_builder.hpp) and sends it (net::SmtpClient: the host vetted again, pinned addresses,
// STARTTLS/TLS, authentication, connect 10 s / total 60 s). Sent: the email becomes `sent` and is
// logged as an outbound email activity linked to every record it concerns, in the transaction that
// marks the job done. Not sent: the error is kept on the email and the job retried after 1 min,
// 5 min, 30 min and 2 h (times `time_scale`); after the fifth attempt the email is `failed` with the
// reason, and the failure is logged on the records' timelines too.
//
// At least once: an email whose 250 answer was lost (a crash between the server's acceptance and
// the commit) is sent again, with the same Message-ID, which receivers' duplicate filters know.
#pragma once
#include "modules/email/send_service.hpp"
#include "platform/jobs/job.hpp"
#include "platform/net/address_policy.hpp"
#include "platform/net/resolver.hpp"
#include "platform/vault.hpp"

namespace rapport::email {

inline constexpr int kSendAttempts = 5;

struct SendDeps {
  db::Database& db;
  const Vault& vault;
  net::AllowList allow;
  Services services;
  double time_scale = 1.0;  // (0, 1]: tests shorten the waits between attempts
  net::Resolver resolver = net::resolve_system;
  std::string ca_file;  // certificate authorities to trust instead of the system's (tests only)
};

jobs::JobType send_job_type(SendDeps deps);

}  // namespace rapport::email

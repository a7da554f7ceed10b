// The webhook.deliver job: sends one event to one webhook, signed per Standard Webhooks, and logs
// the attempt.
//
// A run reads the webhook (deleted: done, nothing to send or log; disabled: logged `skipped`, done)
// and its creator (no longer active: the webhook is disabled with a reason, webhook.disabled is
// emitted, the delivery logged `skipped`). The body's data is the record as GET answers it to the
// creator now (records::Service::get under their Context: record scope, hidden fields); a record
// they cannot read, or one gone since, is never sent: the delivery is logged `skipped`. Deleted
// records and objects that are not records send {"id", "object_type"} only.
//
// The request carries webhook-id (the message id, the same for every attempt and redelivery of the
// event), webhook-timestamp and webhook-signature (the current secret's signature, and the previous
// one's while a rotation's grace lasts), goes out through net::HttpClient (the SSRF guard again,
// pinned addresses, no redirects, connect 5 s, total 15 s, at most 1 KB of the answer read), and
// the attempt is logged (status, HTTP status, duration, excerpt, error). A 2xx is success; anything
// else is retried on the schedule of schedule.hpp, and a webhook failing for 5 days is disabled.
#pragma once
#include <functional>
#include <optional>
#include <string>

#include "modules/webhooks/schedule.hpp"
#include "platform/db/database.hpp"
#include "platform/identity/context.hpp"
#include "platform/jobs/job.hpp"
#include "platform/net/http_client.hpp"
#include "platform/vault.hpp"

namespace rapport::webhooks {

// The record `object`/`id` as GET /api/v1/{object}/{id} answers it to ctx (JSON text), a problem
// when it does not (404: gone or out of scope; 403: the role reads none of the object); nullopt
// when `object` is not a record type.
using RecordReader =
    std::function<std::optional<Result<std::string>>(const identity::Context&, const std::string& object, const std::string& id)>;

struct DeliveryDeps {
  db::Database& db;
  const Vault& vault;
  net::AllowList allow;
  RecordReader read_record;
  Timing timing;
  net::Resolver resolver = net::resolve_system;
};

jobs::JobType delivery_job_type(DeliveryDeps deps);

}  // namespace rapport::webhooks

// The support report's kept counts (migration 0082, kept by triggers on both engines in the same
// transaction as every write of a ticket or an SLA target): tickets created and solved per UTC
// quarter-hour (ticket_volume_quarters) and per UTC day and channel, assignee or team
// (ticket_volume_days), and the unmet SLA targets per UTC quarter-hour of their due time, target,
// policy and ticket priority (ticket_sla_unmet_quarters). A report range is cut at bucket boundaries
// (cut): the whole buckets inside it are read from these, the parts outside them (its edges: under a
// quarter-hour or a day at each end) from the tickets, so the figures are those of the tickets to
// the ticket. The local days of the workspace's zone are whole quarter-hours (every zone's offset is),
// so the volume's days come from the quarters.
//
// Used only when nothing narrows the tickets but what the keys hold (may_use_kept): the counts hold
// neither the team, assignee and channel filters together nor a caller's ticket scope.
// kpi_kept_test.cpp checks the counts against the tickets after every kind of write on both engines.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "access/context.hpp"
#include "modules/support/kpi_query.hpp"
#include "platform/db/connection.hpp"

namespace rapport::support::kpi {

inline constexpr int64_t kQuarterMs = 15 * 60'000;

// [from, to) cut at the boundaries of buckets of `size` ms counted from the epoch (UTC quarter-hours
// and days): the whole buckets inside it, [whole_from, whole_to) (none when equal), and the parts
// of the range outside them, at most one at each end.
struct Cut {
  int64_t whole_from = 0, whole_to = 0;
  std::vector<std::pair<int64_t, int64_t>> edges;
};
Cut cut(int64_t from, int64_t to, int64_t size);

// The keys of the bucket holding the instant `ms`: "YYYY-MM-DDTHH:" and the quarter's digit (0-3),
// and "YYYY-MM-DD"; as the triggers write them from the stored text.
std::string quarter_key(int64_t ms);
std::string day_key(int64_t ms);
// The start of a quarter's key (nullopt when it does not read).
std::optional<int64_t> quarter_start(std::string_view key);

// Whether the kept counts answer for this caller and query: no team, assignee or channel filter, no
// priority filter unless `by_priority` (the SLA's counts are keyed by priority, the volume's not),
// and a ticket scope that limits nothing.
bool may_use_kept(const access::Context& ctx, const Query& q, bool by_priority);

// The kept volume of the whole quarters [from, to) (instants at quarter boundaries): `add(quarter
// key, created (else solved), tickets)` per group with tickets.
void kept_volume_quarters(db::Connection& c, const std::string& workspace_id, int64_t from, int64_t to,
                          const std::function<void(std::string_view, bool, int64_t)>& add);
// The kept volume of the whole UTC days [from, to): `add(dimension, value, created, tickets)`,
// dimension "channel", "assignee" or "team", value "" for none.
void kept_volume_days(db::Connection& c, const std::string& workspace_id, int64_t from, int64_t to,
                      const std::function<void(std::string_view, std::string_view, bool, int64_t)>& add);
// The kept unmet SLA targets due in the whole quarters [from, to), of `priority` ("" any):
// `add(target, policy_id, priority, targets)`.
void kept_unmet_targets(db::Connection& c, const std::string& workspace_id, int64_t from, int64_t to, const std::string& priority,
                        const std::function<void(std::string_view, std::string_view, std::string_view, int64_t)>& add);

}  // namespace rapport::support::kpi

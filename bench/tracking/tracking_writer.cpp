// How fast the tracking recorder's write path stores events, without HTTP in front (bench/
// tracking_writer.sh runs it on both engines): `rounds` rounds, each writing `events` opens and
// clicks of the contacts of the workspace with the most contacts, in transactions of `batch` events,
// once through insert_tracking_events (the recorder's path: one look-up of the batch's contacts,
// then db::bulk_insert, which is COPY on PostgreSQL) and once through the statement the recorder
// used before (multi-row INSERTs of 512 rows, each row checked against contacts with EXISTS), the two
// alternating so that both see the same machine; and a third time as COPY alone, to show what the
// contacts look-up costs. Prints one line per path: events/s (best and median
// round) and this process's CPU time per event (on PostgreSQL the server's own work is not in it).
// Usage: rapport_tracking_writer --data DIR | --database URL [--events N] [--batch N] [--rounds N]
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <iostream>
#include <span>
#include <string>
#include <vector>

#include "app/application.hpp"
#include "modules/marketing/tracking_recorder.hpp"
#include "platform/clock.hpp"
#include "platform/db/bulk_insert.hpp"
#include "platform/db/multi_row.hpp"
#include "platform/ids.hpp"

using namespace rapport;
using marketing::TrackingEvent;

namespace {

double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

const std::vector<std::string> kTypes = {"TEXT", "TEXT", "TEXT", "TEXT", "TEXT", "BIGINT", "TEXT", "BIGINT", "BIGINT"};

std::vector<db::Value> values_of(std::span<const TrackingEvent> events) {
  std::vector<db::Value> values;
  for (const auto& e : events) {
    values.emplace_back(ids::uuid_v7());
    values.emplace_back(e.workspace_id);
    values.emplace_back(e.campaign_id);
    values.emplace_back(e.contact_id);
    values.emplace_back(std::string(e.click ? "click" : "open"));
    if (e.link) values.emplace_back(*e.link);
    else values.emplace_back(nullptr);
    values.emplace_back(clock::format_ms(e.at_ms));
    values.emplace_back(int64_t{e.bot ? 1 : 0});
    values.emplace_back(int64_t{e.prefetch ? 1 : 0});
  }
  return values;
}

// The recorder's statement before issue 16's change, kept here as the baseline.
void insert_checked_per_row(db::Connection& c, std::span<const TrackingEvent> events) {
  db::run_rows(c, kTypes, values_of(events), [](std::string_view rows) {
    std::string sql = "WITH v(id, workspace_id, campaign_id, contact_id, kind, link_idx, occurred_at, bot, prefetch) AS (VALUES ";
    sql += rows;
    sql +=
        ") INSERT INTO tracking_events(id, workspace_id, campaign_id, contact_id, kind, link_idx, occurred_at, bot, prefetch) "
        "SELECT v.id, v.workspace_id, v.campaign_id, v.contact_id, v.kind, v.link_idx, v.occurred_at, v.bot, v.prefetch FROM v "
        "WHERE EXISTS (SELECT 1 FROM contacts k WHERE k.workspace_id = v.workspace_id AND k.id = v.contact_id "
        "AND k.erased_at IS NULL)";
    return sql;
  });
}

struct Path {
  std::string name;
  std::function<void(db::Connection&, std::span<const TrackingEvent>)> write;
  std::vector<double> rates;
  double cpu = 0;
};

}  // namespace

int main(int argc, char** argv) {
  std::string data, url;
  std::size_t events = 100'000, batch = 2'000, rounds = 3;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i], v = argv[i + 1];
    if (a == "--data") data = v;
    else if (a == "--database") url = v;
    else if (a == "--events") events = std::stoul(v);
    else if (a == "--batch") batch = std::stoul(v);
    else if (a == "--rounds") rounds = std::stoul(v);
    else {
      std::cerr << "unknown argument " << a << "\n";
      return 2;
    }
  }
  if ((data.empty() && url.empty()) || events == 0 || batch == 0 || rounds == 0) {
    std::cerr << "usage: rapport_tracking_writer --data DIR | --database URL [--events N] [--batch N] [--rounds N]\n";
    return 2;
  }
  std::unique_ptr<Vault> vault;
  auto db = app::open_database(data, 2, url, 4, "", &vault, app::Opening::Existing);
  std::string ws;
  std::vector<std::string> contacts;
  db->read([&](db::Connection& c) {
    auto most = c.scalar("SELECT workspace_id FROM contacts GROUP BY workspace_id ORDER BY COUNT(*) DESC LIMIT 1");
    if (!std::holds_alternative<std::string>(most)) return;
    ws = std::get<std::string>(most);
    auto& q = c.prepare("SELECT id FROM contacts WHERE workspace_id = ? AND erased_at IS NULL");
    q.bind_all({ws});
    while (q.step()) contacts.push_back(q.text(0));
    q.reset();
  });
  if (contacts.empty()) {
    std::cerr << "no contacts: run rapport generate first\n";
    return 1;
  }
  // Opens and clicks of random contacts of one campaign, as wrk's requests make them.
  // The campaign exists: the recorder skips events of a deleted one.
  const std::string campaign = ids::uuid_v7();
  Status made = db->write([&](db::Connection& c) -> Status {
    const std::string now = clock::now_text();
    c.prepare("INSERT INTO campaigns (id, workspace_id, name, name_key, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)")
        .bind_all({campaign, ws, "Writer bench " + campaign, "writer bench " + campaign, now, now})
        .run();
    return ok_status();
  });
  if (!made) {
    std::cerr << "campaign: " << made.problem().detail << "\n";
    return 1;
  }
  std::vector<TrackingEvent> all;
  uint64_t seed = 88172645463325252ull;
  for (std::size_t i = 0; i < events; ++i) {
    seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
    const bool click = i % 2 == 1;
    all.push_back({ws, campaign, contacts[seed % contacts.size()], click, click ? std::optional<int64_t>(static_cast<int64_t>(i % 3)) : std::nullopt,
                   clock::now_ms(), false, false});
  }
  std::vector<Path> paths = {{"COPY after one look-up of the batch's contacts and campaigns (now)", marketing::insert_tracking_events, {}, 0},
                             {"multi-row INSERT, EXISTS per row (before)", insert_checked_per_row, {}, 0},
                             {"COPY alone, no contacts look-up (what the look-up costs)",
                              [](db::Connection& c, std::span<const TrackingEvent> events) {
                                db::bulk_insert(c, "tracking_events",
                                                {"id", "workspace_id", "campaign_id", "contact_id", "kind", "link_idx", "occurred_at", "bot", "prefetch"},
                                                kTypes, values_of(events));
                              },
                              {}, 0}};
  for (std::size_t r = 0; r < rounds; ++r)
    for (auto& p : paths) {
      const double cpu0 = cpu_seconds();
      const auto t0 = std::chrono::steady_clock::now();
      for (std::size_t at = 0; at < all.size(); at += batch) {
        const auto slice = std::span<const TrackingEvent>(all).subspan(at, std::min(batch, all.size() - at));
        Status st = db->write([&](db::Connection& c) -> Status {
          p.write(c, slice);
          return ok_status();
        });
        if (!st) {
          std::cerr << p.name << ": " << st.problem().detail << "\n";
          return 1;
        }
      }
      const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      p.rates.push_back(static_cast<double>(all.size()) / secs);
      p.cpu += cpu_seconds() - cpu0;
    }
  for (auto& p : paths) {
    std::sort(p.rates.begin(), p.rates.end());
    std::printf("RESULT path=\"%s\" best=%.0f median=%.0f client_cpu_us=%.2f\n", p.name.c_str(), p.rates.back(), p.rates[p.rates.size() / 2],
                p.cpu * 1e6 / static_cast<double>(all.size() * rounds));
  }
  return 0;
}

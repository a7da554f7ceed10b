// How fast the tracking recorder's write path stores events, without HTTP in front (bench/
// tracking_writer.sh runs it on both engines): `rounds` rounds, each writing `events` opens and
// clicks of the contacts of the workspace with the most contacts (each a recipient the campaign was
// sent to, their opens and clicks reset before every round), in transactions of `batch` events,
// once through insert_tracking_events (the recorder's path: one look-up of the batch's contacts,
// db::bulk_insert, which is COPY on PostgreSQL, then one UPDATE ... FROM VALUES per 512 recipients),
// once as the recorder wrote before session 24 (the same, but one UPDATE a recipient and kind), the
// two alternating so that both see the same machine; and a third time as COPY alone, to show what
// the rest costs. Prints one line per path: events/s (best and median round), this process's CPU
// time per event and, with --server-pid (PostgreSQL's postmaster), the server's: the postmaster and
// its children (backends, WAL writer, checkpointer), the CPU that decides whether the writer keeps
// up on a machine whose cores also answer the routes.
// Usage: rapport_tracking_writer --data DIR | --database URL [--events N] [--batch N] [--rounds N] [--server-pid PID]
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <tuple>
#include <functional>
#include <iostream>
#include <span>
#include <sstream>
#include <string>
#include <vector>

#include "app/application.hpp"
#include "modules/marketing/tracking_recorder.hpp"
#include "platform/clock.hpp"
#include "platform/db/bulk_insert.hpp"
#include "platform/ids.hpp"

using namespace rapport;
using marketing::TrackingEvent;

namespace {

double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// User and system CPU of process `pid` and of its children, from /proc (0 when pid is 0).
double tree_cpu_seconds(long pid) {
  if (pid <= 0) return 0;
  static const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  double total = 0;
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || !std::all_of(name.begin(), name.end(), ::isdigit)) continue;
    std::ifstream in(entry.path() / "stat");
    std::string line;
    if (!std::getline(in, line)) continue;
    const auto close = line.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream rest(line.substr(close + 2));
    std::string field;
    std::vector<std::string> f;  // from field 3 (state) on
    while (rest >> field && f.size() < 13) f.push_back(field);
    if (f.size() < 13) continue;
    const long self = std::stol(name), parent = std::stol(f[1]);
    if (self != pid && parent != pid) continue;
    total += (std::stod(f[11]) + std::stod(f[12])) / ticks;  // utime, stime: fields 14 and 15
  }
  return total;
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

// The recipients' results as the recorder wrote them before session 24: one UPDATE a recipient and
// kind of the batch (recipient_results.cpp now sends them as VALUES lists), after the same COPY.
void insert_updating_per_recipient(db::Connection& c, std::span<const TrackingEvent> events) {
  // insert_tracking_events with every event flagged: the same look-up and COPY, no recipient updates.
  std::vector<TrackingEvent> flagged(events.begin(), events.end());
  for (auto& e : flagged) e.bot = true;
  std::map<std::tuple<std::string, std::string, std::string, bool>, int64_t> first;
  for (const auto& e : events) {
    auto [it, added] = first.try_emplace({e.workspace_id, e.campaign_id, e.contact_id, e.click}, e.at_ms);
    if (!added && e.at_ms < it->second) it->second = e.at_ms;
  }
  marketing::insert_tracking_events(c, flagged);
  const std::string now = clock::now_text();
  for (const auto& [key, at_ms] : first) {
    const auto& [workspace_id, campaign_id, contact_id, click] = key;
    const std::string at = clock::format_ms(at_ms);
    if (click)
      c.prepare("UPDATE campaign_recipients SET clicked_at = COALESCE(clicked_at, ?), opened_at = COALESCE(opened_at, ?), "
                "state = CASE WHEN state IN ('sent', 'opened') THEN 'clicked' ELSE state END, updated_at = ? "
                "WHERE workspace_id = ? AND campaign_id = ? AND contact_id = ? AND sent_at IS NOT NULL AND email IS NOT NULL "
                "AND (clicked_at IS NULL OR opened_at IS NULL OR state IN ('sent', 'opened'))")
          .bind_all({at, at, now, workspace_id, campaign_id, contact_id})
          .run();
    else
      c.prepare("UPDATE campaign_recipients SET opened_at = COALESCE(opened_at, ?), "
                "state = CASE WHEN state = 'sent' THEN 'opened' ELSE state END, updated_at = ? "
                "WHERE workspace_id = ? AND campaign_id = ? AND contact_id = ? AND sent_at IS NOT NULL AND email IS NOT NULL "
                "AND (opened_at IS NULL OR state = 'sent')")
          .bind_all({at, now, workspace_id, campaign_id, contact_id})
          .run();
  }
}

struct Path {
  std::string name;
  std::function<void(db::Connection&, std::span<const TrackingEvent>)> write;
  std::vector<double> rates;
  double cpu = 0, server_cpu = 0;
};

}  // namespace

int main(int argc, char** argv) {
  std::string data, url;
  std::size_t events = 100'000, batch = 2'000, rounds = 3;
  long server_pid = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i], v = argv[i + 1];
    if (a == "--data") data = v;
    else if (a == "--database") url = v;
    else if (a == "--events") events = std::stoul(v);
    else if (a == "--batch") batch = std::stoul(v);
    else if (a == "--rounds") rounds = std::stoul(v);
    else if (a == "--server-pid") server_pid = std::stol(v);
    else {
      std::cerr << "unknown argument " << a << "\n";
      return 2;
    }
  }
  if ((data.empty() && url.empty()) || events == 0 || batch == 0 || rounds == 0) {
    std::cerr << "usage: rapport_tracking_writer --data DIR | --database URL [--events N] [--batch N] [--rounds N] [--server-pid PID]\n";
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
    // Every contact a recipient the message went to, so that opens and clicks move their rows.
    for (const auto& id : contacts)
      c.prepare("INSERT INTO campaign_recipients (workspace_id, campaign_id, contact_id, email, state, sent_at, updated_at) "
                "VALUES (?, ?, ?, ?, 'sent', ?, ?)")
          .bind_all({ws, campaign, id, "r" + id + "@example.com", now, now})
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
  std::vector<Path> paths = {{"look-up, COPY, recipients updated from VALUES lists (now)", marketing::insert_tracking_events, {}, 0, 0},
                             {"look-up, COPY, one UPDATE a recipient (before)", insert_updating_per_recipient, {}, 0, 0},
                             {"COPY alone: no look-up, no recipient updates",
                              [](db::Connection& c, std::span<const TrackingEvent> events) {
                                db::bulk_insert(c, "tracking_events",
                                                {"id", "workspace_id", "campaign_id", "contact_id", "kind", "link_idx", "occurred_at", "bot", "prefetch"},
                                                kTypes, values_of(events));
                              },
                              {}, 0, 0}};
  for (std::size_t r = 0; r < rounds; ++r)
    for (auto& p : paths) {
      Status reset = db->write([&](db::Connection& c) -> Status {
        c.prepare("UPDATE campaign_recipients SET state = 'sent', opened_at = NULL, clicked_at = NULL WHERE workspace_id = ? AND campaign_id = ?")
            .bind_all({ws, campaign})
            .run();
        return ok_status();
      });
      if (!reset) {
        std::cerr << "reset: " << reset.problem().detail << "\n";
        return 1;
      }
      const double cpu0 = cpu_seconds(), server0 = tree_cpu_seconds(server_pid);
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
      p.server_cpu += tree_cpu_seconds(server_pid) - server0;
    }
  for (auto& p : paths) {
    std::sort(p.rates.begin(), p.rates.end());
    const double n = static_cast<double>(all.size() * rounds);
    std::printf("RESULT path=\"%s\" best=%.0f median=%.0f client_cpu_us=%.2f server_cpu_us=%.2f\n", p.name.c_str(), p.rates.back(),
                p.rates[p.rates.size() / 2], p.cpu * 1e6 / n, p.server_cpu * 1e6 / n);
  }
  return 0;
}

// The tracking benchmark's requests (bench/tracking.sh builds and runs it): one campaign message,
// with three links and the open pixel, prepared through register_links for each of N contacts of the
// workspace with the most contacts, as the campaigns' send prepares them (an hour ago, so that the
// requests are not flagged as prefetches). Writes the pixel paths to <out>.opens, the link paths
// to <out>.clicks and the unsubscribe pages' paths to <out>.unsubscribes, one a line.
// Usage: rapport_tracking_paths --data DIR | --database URL --count N --out PREFIX
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "app/application.hpp"
#include "modules/marketing/tracking_links.hpp"
#include "platform/clock.hpp"
#include "platform/ids.hpp"

using namespace rapport;

namespace {

constexpr std::string_view kBase = "http://bench.invalid";

// Every address after `route` in html, as paths.
void collect(const std::string& html, const std::string& route, std::vector<std::string>& out) {
  const std::string prefix = std::string(kBase) + route;
  for (std::size_t at = html.find(prefix); at != std::string::npos; at = html.find(prefix, at + 1)) {
    const auto end = html.find('"', at);
    out.push_back(html.substr(at + kBase.size(), end - at - kBase.size()));
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::string data, url, out;
  int64_t count = 10000;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i], v = argv[i + 1];
    if (a == "--data") data = v;
    else if (a == "--database") url = v;
    else if (a == "--count") count = std::stoll(v);
    else if (a == "--out") out = v;
    else {
      std::cerr << "unknown argument " << a << "\n";
      return 2;
    }
  }
  if (out.empty() || (data.empty() && url.empty())) {
    std::cerr << "usage: rapport_tracking_paths --data DIR | --database URL --count N --out PREFIX\n";
    return 2;
  }
  std::unique_ptr<Vault> vault;
  auto db = app::open_database(data, 2, url, 4, "", &vault, app::Opening::Existing);
  const marketing::TrackingSetup setup{*vault, std::string(kBase)};
  const std::string html =
      "<html><body><p>Our spring sale: <a href=\"https://shop.example/sale\">see the offers</a>, "
      "<a href=\"https://shop.example/new\">what is new</a> and <a href=\"https://shop.example/stores\">our stores</a>.</p>"
      "</body></html>";
  std::vector<std::string> opens, clicks, unsubscribes;
  const std::string campaign = ids::uuid_v7();
  Status st = db->write([&](db::Connection& c) -> Status {
    auto most = c.scalar("SELECT workspace_id FROM contacts GROUP BY workspace_id ORDER BY COUNT(*) DESC LIMIT 1");
    if (!std::holds_alternative<std::string>(most)) return Problem::not_found("no contacts: run rapport generate first");
    const std::string ws = std::get<std::string>(most);
    std::vector<std::string> contacts;
    auto& q = c.prepare("SELECT id FROM contacts WHERE workspace_id = ? AND deleted_at IS NULL LIMIT ?");
    q.bind_all({ws, count});
    while (q.step()) contacts.push_back(q.text(0));
    q.reset();
    // The campaign and its recipients, sent an hour ago: the recorder writes events of existing
    // campaigns only and moves their recipients to opened and clicked (recipient_results.hpp).
    const std::string sent = clock::format_ms(clock::now_ms() - 3'600'000);
    std::string name = "tracking benchmark ";  // lower case: its own name_key
    name += campaign;
    c.prepare("INSERT INTO campaigns(id, workspace_id, name, name_key, status, created_at, updated_at) VALUES (?, ?, ?, ?, 'sent', ?, ?)")
        .bind_all({campaign, ws, name, name, sent, sent})
        .run();
    for (const auto& contact : contacts)
      c.prepare("INSERT INTO campaign_recipients(workspace_id, campaign_id, contact_id, email, state, sent_at, updated_at) "
                "VALUES (?, ?, ?, 'bench@example.com', 'sent', ?, ?)")
          .bind_all({ws, campaign, contact, sent, sent})
          .run();
    for (const auto& contact : contacts) {
      const marketing::TrackedMessage m{ws, campaign, contact, {}, true, clock::now_ms() - 3'600'000};
      auto r = marketing::register_links(c, setup, m, html);
      if (!r) return r.take_problem();
      unsubscribes.push_back(marketing::unsubscribe_url(setup, m).substr(kBase.size()));
      collect(*r, "/t/o/", opens);
      collect(*r, "/t/c/", clicks);
    }
    return ok_status();
  });
  if (!st) {
    std::cerr << st.problem().detail << "\n";
    return 1;
  }
  for (const auto& [suffix, paths] : {std::pair<const char*, const std::vector<std::string>*>{".opens", &opens},
                                      {".clicks", &clicks},
                                      {".unsubscribes", &unsubscribes}}) {
    std::ofstream file(out + suffix);
    for (const auto& p : *paths) file << p << "\n";
  }
  std::cout << opens.size() << " messages of campaign " << campaign << ": " << opens.size() << " pixels, " << clicks.size()
            << " links\n";
  db->shutdown();
  return 0;
}

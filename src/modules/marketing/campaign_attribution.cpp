#include "modules/marketing/campaign_attribution.hpp"

#include <map>
#include <optional>

#include "platform/clock.hpp"
#include "platform/money.hpp"
#include "platform/records/scope.hpp"

namespace rapport::marketing {
namespace json = boost::json;

namespace {

// A click is a touch when neither flag is set (tracking_flags.hpp).
constexpr const char* kTouch = "e.kind = 'click' AND e.bot = 0 AND e.prefetch = 0";

struct Touch {
  int64_t at_ms = 0;
  std::string event_id, campaign_id;
};

struct Deal {
  std::string stage_type;  // open, won or lost
  std::optional<int64_t> amount;
  std::string currency;
  std::optional<Touch> credited;  // the first or last touch within the window
};

bool earlier(const Touch& a, const Touch& b) { return a.at_ms != b.at_ms ? a.at_ms < b.at_ms : a.event_id < b.event_id; }

Result<json::value> sums(const std::map<std::string, money::Total>& by_currency, std::string_view what) {
  json::array out;
  for (const auto& [currency, total] : by_currency) {
    auto v = total.value();
    if (!v) return money::sum_too_large(currency, what);
    out.push_back(json::object{{"currency", currency}, {"amount", *v}});
  }
  return json::value(std::move(out));
}

}  // namespace

Result<json::object> campaign_attribution(db::Connection& c, const identity::Context& ctx, const std::string& campaign_id,
                                          const AttributionQuery& q) {
  // Every touch, by any campaign, of the contacts of the live deals one of whose contacts touched
  // this campaign, up to the deal's creation: the window and the choice of touch are applied here.
  const std::string sql = std::string(
      "SELECT d.id, d.created_at, d.amount, d.currency, s.type, e.campaign_id, e.occurred_at, e.id FROM deals d "
      "JOIN pipeline_stages s ON s.id = d.stage_id "
      "JOIN deal_contacts dc ON dc.workspace_id = d.workspace_id AND dc.deal_id = d.id "
      "JOIN tracking_events e ON e.workspace_id = dc.workspace_id AND e.contact_id = dc.contact_id AND ") + kTouch +
      " AND e.occurred_at <= d.created_at "
      "WHERE d.workspace_id = ? AND d.deleted_at IS NULL AND d.id IN (SELECT dc2.deal_id FROM tracking_events e "
      "JOIN deal_contacts dc2 ON dc2.workspace_id = e.workspace_id AND dc2.contact_id = e.contact_id "
      "WHERE e.workspace_id = ? AND e.campaign_id = ? AND " + kTouch + ")";
  auto& st = c.prepare(sql);
  st.bind_all({ctx.workspace_id, ctx.workspace_id, campaign_id});
  const int64_t window_ms = q.window_days * int64_t{86'400'000};
  const bool first = q.model == "first_touch";
  std::map<std::string, Deal> deals;
  while (st.step()) {
    const auto created = clock::parse_datetime(st.text(1));
    const auto touched = clock::parse_datetime(st.text(6));
    if (!created || !touched || *touched < *created - window_ms) continue;
    Deal& d = deals[st.text(0)];
    d.stage_type = st.text(4);
    if (!st.is_null(2)) d.amount = st.int64(2);
    d.currency = st.is_null(3) ? "" : st.text(3);
    Touch t{*touched, st.text(7), st.text(5)};
    if (!d.credited || (first ? earlier(t, *d.credited) : earlier(*d.credited, t))) d.credited = std::move(t);
  }
  st.reset();

  int64_t credited = 0, open = 0, won = 0, lost = 0;
  std::map<std::string, money::Total> open_amount, won_amount;
  for (const auto& [id, d] : deals) {
    if (!d.credited || d.credited->campaign_id != campaign_id) continue;
    ++credited;
    const bool is_won = d.stage_type == "won", is_lost = d.stage_type == "lost";
    (is_won ? won : is_lost ? lost : open) += 1;
    if (d.amount && !d.currency.empty() && !is_lost) (is_won ? won_amount : open_amount)[d.currency].add(*d.amount);
  }
  const bool amounts_shown =
      ctx.scope("deals", identity::Action::Read) == identity::Scope::All && !records::is_hidden(ctx, "deals", "amount");
  json::object out{{"model", q.model}, {"window_days", q.window_days}, {"touch", "click"}, {"deals", credited},
                   {"open_deals", open}, {"won_deals", won}, {"lost_deals", lost}, {"amounts_shown", amounts_shown},
                   {"open_amount", nullptr}, {"won_amount", nullptr}};
  if (amounts_shown) {
    auto o = sums(open_amount, "the open deals this campaign influenced");
    if (!o) return o.take_problem();
    auto w = sums(won_amount, "the deals won this campaign influenced");
    if (!w) return w.take_problem();
    out["open_amount"] = std::move(*o);
    out["won_amount"] = std::move(*w);
  }
  return out;
}

}  // namespace rapport::marketing

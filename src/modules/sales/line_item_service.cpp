#include "modules/sales/line_item_service.hpp"

#include "modules/sales/line_item_store.hpp"
#include "modules/sales/specs.hpp"
#include "platform/clock.hpp"
#include "platform/ids.hpp"
#include "platform/money.hpp"
#include "platform/records/scope.hpp"
#include "platform/records/service.hpp"
#include "platform/must.hpp"

namespace rapport::sales {
namespace json = boost::json;

namespace {

const records::Store& deal_store() {
  static const records::Store s(deal_spec());
  return s;
}

std::string beyond_largest(const char* what) {
  std::string out(what);
  out += " more than ";
  out += std::to_string(money::kMax);
  out += " minor units (the largest amount)";
  return out;
}

// Writes the deal with its amount set to its line items' sum (and `currency` when the first product
// gave it one) as a change of the deal: version, history entry with the line item's change, event.
Status settle(db::Connection& c, const access::Context& ctx, const json::object& deal, const std::string& currency,
              const std::string& action, json::array item_changes) {
  auto [count, sum] = line_item_sum(c, ctx.workspace_id, std::string(deal.at("id").as_string()));
  if (count > 0 && !sum) return Problem::invalid({FieldError{"amount", "range", beyond_largest("the deal's line items would sum to")}});
  json::object after = deal;
  // Without line items the amount stays what it last was (and becomes editable again).
  if (count > 0) after["amount"] = *sum;
  after["currency"] = currency;
  auto written = records::write_change(c, ctx, deal_store(), deal, std::move(after), action, std::move(item_changes));
  if (!written) return written.take_problem();
  return ok_status();
}

// The deal if the caller may change it: 404 when they cannot read it, 403 when they cannot change it.
// On PostgreSQL (READ COMMITTED) two writers could both count a deal's lines and choose the same
// position or both pass the cap: the deal's row is locked first, so every line-item write holds it
// until its transaction ends and they take turns.
Result<json::object> writable_deal(db::Connection& c, const access::Context& ctx, const std::string& id) {
  lock_deal_row(c, ctx.workspace_id, id);
  auto deal = deal_store().find(c, ctx, id);
  if (!deal) return Problem::not_found();
  if (!deal_store().in_scope(c, ctx, id, access::Action::Update)) return records::not_allowed(access::Action::Update, "deal");
  if (records::is_hidden(ctx, "deals", "amount") || ctx.field("deals", "amount") == access::FieldAccess::ReadOnly)
    return Problem::forbidden("Your role cannot change deal amounts, which line items set");
  return std::move(*deal);
}

json::object answer(db::Connection& c, const access::Context& ctx, const std::string& deal_id, json::object item) {
  const auto deal = must(deal_store().find(c, ctx, deal_id), "the deal whose line items were just written");
  return json::object{{"item", std::move(item)}, {"deal_amount", deal.at("amount")}, {"deal_version", deal.at("version")}};
}

json::array item_change(json::value before, json::value after) {
  return json::array{json::object{{"field", "line_item"}, {"before", std::move(before)}, {"after", std::move(after)}}};
}

}  // namespace

double kept(double v, int64_t scale) {
  auto f = money::to_fixed(v, scale);
  return f ? static_cast<double>(*f) / static_cast<double>(scale) : v;
}

std::optional<int64_t> line_total(double quantity, int64_t unit_price, double discount, std::vector<FieldError>& errors) {
  auto q = money::to_fixed(quantity, money::kQuantityScale);
  auto d = money::to_fixed(discount, money::kDiscountScale);
  auto total = q && d ? money::line_total(*q, unit_price, *d) : std::nullopt;
  if (!total) errors.push_back(FieldError{"total", "range", beyond_largest("quantity × unit_price less the discount would be")});
  return total;
}

Result<json::object> list_line_items(db::Database& db, const access::Context& ctx, const std::string& deal_id) {
  if (records::is_hidden(ctx, "deals", "amount")) return Problem::forbidden("Your role does not see deal amounts, which line items make");
  return db.read([&](db::Connection& c) -> Result<json::object> {
    if (!deal_store().find(c, ctx, deal_id)) return Problem::not_found();
    return json::object{{"data", line_items_of(c, ctx.workspace_id, deal_id)}, {"next_cursor", nullptr}};
  });
}

Result<json::object> add_line_item(db::Database& db, const access::Context& ctx, const std::string& deal_id, const ItemInput& in) {
  json::object out;
  auto st = db.write([&](db::Connection& c) -> Status {
    auto deal = writable_deal(c, ctx, deal_id);
    if (!deal) return deal.take_problem();
    LineRow row;
    row.id = ids::uuid_v7();
    row.deal_id = deal_id;
    row.product_id = in.product_id;
    row.name = in.name.value_or("");
    row.unit_price = in.unit_price.value_or(0);
    std::string currency = deal->at("currency").is_string() ? std::string(deal->at("currency").as_string()) : "";
    if (in.product_id) {
      auto p = live_product(c, ctx.workspace_id, *in.product_id);
      if (!p) return Problem::invalid({{"product_id", "not_found", "refers to no live product of this workspace"}});
      if (!p->active) return Problem::invalid({{"product_id", "inactive", "is an inactive product"}});
      if (!currency.empty() && p->currency != currency)
        return Problem::invalid({{"product_id", "currency", "is priced in " + p->currency + " but the deal is in " + currency}});
      if (currency.empty()) currency = p->currency;
      if (!in.name) row.name = p->name;
      if (!in.unit_price) row.unit_price = p->unit_price;
    }
    if (currency.empty())
      return Problem::invalid({{"unit_price", "currency", "the deal has no currency: set the deal's currency first or add a product"}});
    // The position follows the last one (not the count, which a removal lowers).
    auto lines = line_positions(c, ctx.workspace_id, deal_id);
    if (lines.count >= kMaxLineItems) return Problem::conflict("A deal has at most 200 line items");
    row.quantity = *in.quantity;
    row.discount_percent = in.discount.value_or(0);
    std::vector<FieldError> errors;
    auto total = line_total(row.quantity, row.unit_price, row.discount_percent, errors);
    if (!total) return Problem::invalid(std::move(errors));
    row.total = *total;
    row.position = lines.last + 1;
    insert_line_item(c, ctx.workspace_id, row, clock::now_text());
    json::object item = *line_item_of(c, ctx.workspace_id, deal_id, row.id);
    auto settled = settle(c, ctx, *deal, currency, "line_item_added", item_change(nullptr, item));
    if (!settled) return settled;
    out = answer(c, ctx, deal_id, std::move(item));
    return ok_status();
  });
  if (!st) return st.take_problem();
  return out;
}

Result<json::object> change_line_item(db::Database& db, const access::Context& ctx, const std::string& deal_id,
                                      const std::string& item_id, const ItemInput& in) {
  json::object out;
  auto st = db.write([&](db::Connection& c) -> Status {
    auto deal = writable_deal(c, ctx, deal_id);
    if (!deal) return deal.take_problem();
    auto before = line_item_of(c, ctx.workspace_id, deal_id, item_id);
    if (!before) return Problem::not_found("No such line item on this deal");
    LineRow row;
    row.id = item_id;
    row.deal_id = deal_id;
    row.name = in.name ? *in.name : std::string(before->at("name").as_string());
    row.quantity = in.quantity.value_or(before->at("quantity").to_number<double>());
    row.unit_price = in.unit_price.value_or(before->at("unit_price").as_int64());
    row.discount_percent = in.discount.value_or(before->at("discount_percent").to_number<double>());
    std::vector<FieldError> errors;
    auto total = line_total(row.quantity, row.unit_price, row.discount_percent, errors);
    if (!total) return Problem::invalid(std::move(errors));
    row.total = *total;
    update_line_item(c, ctx.workspace_id, row, clock::now_text());
    json::object after = *line_item_of(c, ctx.workspace_id, deal_id, item_id);
    auto settled = settle(c, ctx, *deal, std::string(deal->at("currency").as_string()), "line_item_changed", item_change(*before, after));
    if (!settled) return settled;
    out = answer(c, ctx, deal_id, std::move(after));
    return ok_status();
  });
  if (!st) return st.take_problem();
  return out;
}

Status remove_line_item(db::Database& db, const access::Context& ctx, const std::string& deal_id, const std::string& item_id) {
  return db.write([&](db::Connection& c) -> Status {
    auto deal = writable_deal(c, ctx, deal_id);
    if (!deal) return deal.take_problem();
    auto before = line_item_of(c, ctx.workspace_id, deal_id, item_id);
    if (!before) return Problem::not_found("No such line item on this deal");
    delete_line_item(c, ctx.workspace_id, item_id);
    return settle(c, ctx, *deal, std::string(deal->at("currency").as_string()), "line_item_removed", item_change(*before, nullptr));
  });
}

}  // namespace rapport::sales

// A deal's line items: products (or free lines) with quantity, unit price and discount. While a deal
// has line items its amount is their sum, kept in the same transaction as every change to them, and
// the change shows in the deal's history and events like any other change of the deal.
#include <cmath>

#include "modules/sales/deals.hpp"
#include "modules/sales/routes.hpp"
#include "modules/sales/specs.hpp"
#include "platform/clock.hpp"
#include "platform/http/body_reader.hpp"
#include "platform/ids.hpp"
#include "platform/journal.hpp"
#include "platform/money.hpp"
#include "platform/records/scope.hpp"
#include "platform/records/store.hpp"

namespace rapport::sales {
namespace json = boost::json;
using http::Request;
using http::Response;

namespace {

constexpr std::size_t kMaxItems = 200;

const records::Store& deal_store() {
  static const records::Store s(deal_spec());
  return s;
}

constexpr const char* kItemColumns =
    "id, deal_id, product_id, name, quantity, unit_price, discount_percent, total, position, created_at, updated_at";

json::object item_json(const db::Statement& st) {
  return json::object{{"id", st.text(0)},
                      {"deal_id", st.text(1)},
                      {"product_id", st.is_null(2) ? json::value(nullptr) : json::value(st.text(2))},
                      {"name", st.text(3)},
                      {"quantity", st.real(4)},
                      {"unit_price", st.int64(5)},
                      {"discount_percent", st.real(6)},
                      {"total", st.int64(7)},
                      {"position", st.int64(8)},
                      {"created_at", st.text(9)},
                      {"updated_at", st.text(10)}};
}

json::array items_of(db::Connection& c, const std::string& workspace_id, const std::string& deal_id) {
  json::array out;
  auto& st = c.prepare(std::string("SELECT ") + kItemColumns + " FROM line_items WHERE workspace_id = ? AND deal_id = ? ORDER BY position, id");
  st.bind_all({workspace_id, deal_id});
  while (st.step()) out.push_back(item_json(st));
  return out;
}

// The line item with this id among the deal's (empty when it is not one of them).
json::object item_of(db::Connection& c, const std::string& workspace_id, const std::string& deal_id, const std::string& item_id) {
  for (auto& v : items_of(c, workspace_id, deal_id))
    if (v.as_object()["id"].as_string() == item_id) return v.as_object();
  return {};
}

// The exact total of a line (platform/money: quantity to 6 decimals, discount to 4, rounded half up
// once); a FieldError naming `total` when it would exceed the largest amount.
std::optional<int64_t> line_total(double quantity, int64_t unit_price, double discount, std::vector<FieldError>& errors) {
  auto q = money::to_fixed(quantity, money::kQuantityScale);
  auto d = money::to_fixed(discount, money::kDiscountScale);
  auto total = q && d ? money::line_total(*q, unit_price, *d) : std::nullopt;
  if (!total)
    errors.push_back({"total", "range", "quantity × unit_price less the discount would be more than " + std::to_string(money::kMax) +
                                            " minor units (the largest amount)"});
  return total;
}

// Quantities are kept to 6 decimal places and discounts to 4, rounded half away from zero: what is
// stored is what the total was computed from.
double kept(double v, int64_t scale) {
  auto f = money::to_fixed(v, scale);
  return f ? static_cast<double>(*f) / static_cast<double>(scale) : v;
}

// On PostgreSQL (READ COMMITTED) two writers could both count a deal's lines and choose the same
// position or both pass the cap: the deal's row is locked first, so they take turns. SQLite's single
// writer already serialises them.
void lock_deal(db::Connection& c, const std::string& workspace_id, const std::string& deal_id) {
  if (c.dialect() != db::Dialect::Postgres) return;
  auto& st = c.prepare("SELECT id FROM deals WHERE workspace_id = ? AND id = ? FOR UPDATE");
  st.bind_all({workspace_id, deal_id});
  while (st.step()) {
  }
  st.reset();
}

struct ItemInput {
  std::optional<std::string> product_id, name;
  std::optional<double> quantity, discount;
  std::optional<int64_t> unit_price;
};

std::optional<double> number(http::BodyReader& in, const json::object& body, const char* key, double min, double max,
                             bool min_exclusive) {
  auto* v = body.if_contains(key);
  if (!v) return std::nullopt;
  if (!v->is_number()) {
    in.error(key, "type", "must be a number");
    return std::nullopt;
  }
  double d = v->to_number<double>();
  if (!(min_exclusive ? d > min : d >= min) || d > max || !std::isfinite(d)) {
    in.error(key, "range", std::string("must be ") + (min_exclusive ? "more than " : "at least ") +
                               std::to_string(static_cast<int64_t>(min)) + " and at most " + std::to_string(static_cast<int64_t>(max)));
    return std::nullopt;
  }
  return d;
}

ItemInput read_item(http::BodyReader& in, const json::object& body) {
  in.only({"product_id", "name", "quantity", "unit_price", "discount_percent"}, "a line item");
  ItemInput i;
  if (auto* v = body.if_contains("product_id"); v && !v->is_null()) {
    if (!v->is_string() || !ids::is_uuid(v->as_string())) in.error("product_id", "format", "must be a product id");
    else i.product_id = std::string(v->as_string());
  }
  i.name = in.text("name", 1, 200);
  i.quantity = number(in, body, "quantity", 0, 1'000'000, true);
  if (i.quantity) {
    i.quantity = kept(*i.quantity, money::kQuantityScale);
    if (*i.quantity <= 0) {
      in.error("quantity", "range", "must be at least 0.000001 (quantities are kept to 6 decimal places)");
      i.quantity.reset();
    }
  }
  i.discount = number(in, body, "discount_percent", 0, 100, false);
  if (i.discount) i.discount = kept(*i.discount, money::kDiscountScale);
  if (auto* v = body.if_contains("unit_price")) {
    if (v->is_uint64() || (v->is_int64() && v->as_int64() > money::kMax)) in.error("unit_price", "range", money::range_message(1));
    else if (!v->is_int64() || v->as_int64() < 0) in.error("unit_price", "type", "must be a non-negative integer amount in minor units");
    else i.unit_price = v->as_int64();
  }
  return i;
}

// Writes the deal with its amount set to its line items' sum (and `currency` when the first product
// gave it one) as a change of the deal: version, history entry with the line item's change, event.
Status settle(db::Connection& c, const access::Context& ctx, const json::object& deal, const std::string& currency,
              const std::string& action, json::array item_changes) {
  auto [count, sum] = line_item_sum(c, ctx.workspace_id, std::string(deal.at("id").as_string()));
  if (count > 0 && !sum)
    return Problem::invalid({{"amount", "range", "the deal's line items would sum to more than " + std::to_string(money::kMax) +
                                                     " minor units (the largest amount)"}});
  json::object after = deal;
  // Without line items the amount stays what it last was (and becomes editable again).
  if (count > 0) after["amount"] = *sum;
  after["currency"] = currency;
  auto written = records::write_change(c, ctx, deal_store(), deal, std::move(after), action, std::move(item_changes));
  if (!written) return written.take_problem();
  return ok_status();
}

// The deal if the caller may change it: 404 when they cannot read it, 403 when they cannot change it.
// Locks the deal's row first (lock_deal): every line-item write holds it until its transaction ends.
Result<json::object> writable_deal(db::Connection& c, const access::Context& ctx, const std::string& id) {
  lock_deal(c, ctx.workspace_id, id);
  auto deal = deal_store().find(c, ctx, id);
  if (!deal) return Problem::not_found();
  if (!deal_store().in_scope(c, ctx, id, access::Action::Update)) return records::not_allowed(access::Action::Update, "deal");
  if (records::is_hidden(ctx, "deals", "amount") || ctx.field("deals", "amount") == access::FieldAccess::ReadOnly)
    return Problem::forbidden("Your role cannot change deal amounts, which line items set");
  return std::move(*deal);
}

json::object answer(db::Connection& c, const access::Context& ctx, const std::string& deal_id, json::object item) {
  auto deal = deal_store().find(c, ctx, deal_id);
  return json::object{{"item", std::move(item)}, {"deal_amount", deal->at("amount")}, {"deal_version", deal->at("version")}};
}

}  // namespace

void add_line_item_routes(http::Api& api, db::Database& db) {
  const std::string tag = "Deal";
  api.route("GET", "/api/v1/deals/{id}/line-items",
            [&db](Request& req, const access::Context& ctx) -> Response {
              const std::string& id = req.param("id");
              if (!ids::is_uuid(id)) return http::fail(Problem::not_found(), req);
              if (!req.query.empty()) return http::fail(Problem::bad_request("This list takes no query parameters"), req);
              if (records::is_hidden(ctx, "deals", "amount"))
                return http::fail(Problem::forbidden("Your role does not see deal amounts, which line items make"), req);
              auto out = db.read([&](db::Connection& c) -> Result<json::object> {
                if (!deal_store().find(c, ctx, id)) return Problem::not_found();
                return json::object{{"data", items_of(c, ctx.workspace_id, id)}, {"next_cursor", nullptr}};
              });
              if (!out) return http::fail(out.problem(), req);
              return http::json(200, *out);
            },
            {.summary = "A deal's line items in order", .tag = tag, .response_schema = "LineItemPage",
             .strict_query = true});

  api.route("POST", "/api/v1/deals/{id}/line-items",
            [&db](Request& req, const access::Context& ctx) -> Response {
              const std::string& id = req.param("id");
              if (!ids::is_uuid(id)) return http::fail(Problem::not_found(), req);
              auto body = http::parse_json_object(req);
              if (!body) return http::fail(body.problem(), req);
              http::BodyReader in(*body);
              ItemInput i = read_item(in, *body);
              if (!i.quantity && !body->contains("quantity")) in.error("quantity", "required", "is required");
              if (!i.product_id && !i.name && !body->contains("name")) in.error("name", "required", "is required without a product_id");
              if (!i.product_id && !i.unit_price && !body->contains("unit_price"))
                in.error("unit_price", "required", "is required without a product_id");
              if (!in.ok()) return http::fail(in.problem(), req);
              json::object out;
              auto st = db.write([&](db::Connection& c) -> Status {
                auto deal = writable_deal(c, ctx, id);
                if (!deal) return deal.take_problem();
                std::string name = i.name.value_or("");
                int64_t unit_price = i.unit_price.value_or(0);
                std::string currency = deal->at("currency").is_string() ? std::string(deal->at("currency").as_string()) : "";
                if (i.product_id) {
                  auto& p = c.prepare("SELECT name, unit_price, currency, active FROM products WHERE workspace_id = ? AND id = ? AND deleted_at IS NULL");
                  p.bind_all({ctx.workspace_id, *i.product_id});
                  if (!p.step()) return Problem::invalid({{"product_id", "not_found", "refers to no live product of this workspace"}});
                  std::string p_name = p.text(0), p_currency = p.text(2);
                  int64_t p_price = p.int64(1);
                  bool active = p.int64(3) != 0;
                  p.reset();
                  if (!active) return Problem::invalid({{"product_id", "inactive", "is an inactive product"}});
                  if (!currency.empty() && p_currency != currency)
                    return Problem::invalid({{"product_id", "currency", "is priced in " + p_currency + " but the deal is in " + currency}});
                  if (currency.empty()) currency = p_currency;
                  if (!i.name) name = p_name;
                  if (!i.unit_price) unit_price = p_price;
                }
                if (currency.empty())
                  return Problem::invalid({{"unit_price", "currency", "the deal has no currency: set the deal's currency first or add a product"}});
                // The position follows the last one (not the count, which a removal lowers).
                auto& n = c.prepare("SELECT count(*), coalesce(max(position), 0) FROM line_items WHERE workspace_id = ? AND deal_id = ?");
                n.bind_all({ctx.workspace_id, id});
                n.step();
                const int64_t count = n.int64(0), last = n.int64(1);
                n.reset();
                if (count >= static_cast<int64_t>(kMaxItems)) return Problem::conflict("A deal has at most 200 line items");
                std::string item_id = ids::uuid_v7(), now = clock::now_text();
                double discount = i.discount.value_or(0);
                std::vector<FieldError> errors;
                auto total = line_total(*i.quantity, unit_price, discount, errors);
                if (!total) return Problem::invalid(std::move(errors));
                c.prepare("INSERT INTO line_items(id, workspace_id, deal_id, product_id, name, quantity, unit_price, discount_percent, total, "
                          "position, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .bind_all({item_id, ctx.workspace_id, id, i.product_id ? db::Value(*i.product_id) : db::Value(nullptr), name,
                               *i.quantity, unit_price, discount, *total, last + 1, now, now})
                    .run();
                auto items = items_of(c, ctx.workspace_id, id);
                json::object item = items.back().as_object();
                auto settled = settle(c, ctx, *deal, currency, "line_item_added",
                                      json::array{json::object{{"field", "line_item"}, {"before", nullptr}, {"after", item}}});
                if (!settled) return settled;
                out = answer(c, ctx, id, item);
                return ok_status();
              });
              if (!st) return http::fail(st.problem(), req);
              return http::json(201, out);
            },
            {.summary = "Add a line item (a product, or a free line with name and unit_price); the deal's amount becomes the sum",
             .tag = tag, .request_schema = "LineItemInput", .response_schema = "LineItemChange", .success_status = 201,
             .strict_query = true});

  api.route("PATCH", "/api/v1/deals/{id}/line-items/{item_id}",
            [&db](Request& req, const access::Context& ctx) -> Response {
              const std::string& id = req.param("id");
              const std::string& item_id = req.param("item_id");
              if (!ids::is_uuid(id) || !ids::is_uuid(item_id)) return http::fail(Problem::not_found(), req);
              auto body = http::parse_json_object(req);
              if (!body) return http::fail(body.problem(), req);
              http::BodyReader in(*body);
              ItemInput i = read_item(in, *body);
              if (i.product_id) in.error("product_id", "read_only", "cannot change; remove the line and add another");
              if (!in.ok()) return http::fail(in.problem(), req);
              json::object out;
              auto st = db.write([&](db::Connection& c) -> Status {
                auto deal = writable_deal(c, ctx, id);
                if (!deal) return deal.take_problem();
                json::object before = item_of(c, ctx.workspace_id, id, item_id);
                if (before.empty()) return Problem::not_found("No such line item on this deal");
                std::string name = i.name ? *i.name : std::string(before["name"].as_string());
                double quantity = i.quantity.value_or(before["quantity"].to_number<double>());
                int64_t unit_price = i.unit_price.value_or(before["unit_price"].as_int64());
                double discount = i.discount.value_or(before["discount_percent"].to_number<double>());
                std::vector<FieldError> errors;
                auto total = line_total(quantity, unit_price, discount, errors);
                if (!total) return Problem::invalid(std::move(errors));
                c.prepare("UPDATE line_items SET name = ?, quantity = ?, unit_price = ?, discount_percent = ?, total = ?, updated_at = ? "
                          "WHERE workspace_id = ? AND id = ?")
                    .bind_all({name, quantity, unit_price, discount, *total, clock::now_text(), ctx.workspace_id, item_id})
                    .run();
                json::object after = item_of(c, ctx.workspace_id, id, item_id);
                auto settled = settle(c, ctx, *deal, std::string(deal->at("currency").as_string()), "line_item_changed",
                                      json::array{json::object{{"field", "line_item"}, {"before", before}, {"after", after}}});
                if (!settled) return settled;
                out = answer(c, ctx, id, after);
                return ok_status();
              });
              if (!st) return http::fail(st.problem(), req);
              return http::json(200, out);
            },
            {.summary = "Change a line item's name, quantity, unit price or discount", .tag = tag,
             .request_schema = "LineItemInput", .response_schema = "LineItemChange", .strict_query = true});

  api.route("DELETE", "/api/v1/deals/{id}/line-items/{item_id}",
            [&db](Request& req, const access::Context& ctx) -> Response {
              const std::string& id = req.param("id");
              const std::string& item_id = req.param("item_id");
              if (!ids::is_uuid(id) || !ids::is_uuid(item_id)) return http::fail(Problem::not_found(), req);
              auto st = db.write([&](db::Connection& c) -> Status {
                auto deal = writable_deal(c, ctx, id);
                if (!deal) return deal.take_problem();
                json::object before = item_of(c, ctx.workspace_id, id, item_id);
                if (before.empty()) return Problem::not_found("No such line item on this deal");
                c.prepare("DELETE FROM line_items WHERE workspace_id = ? AND id = ?").bind_all({ctx.workspace_id, item_id}).run();
                auto settled = settle(c, ctx, *deal, std::string(deal->at("currency").as_string()), "line_item_removed",
                                      json::array{json::object{{"field", "line_item"}, {"before", before}, {"after", nullptr}}});
                if (!settled) return settled;
                return ok_status();
              });
              if (!st) return http::fail(st.problem(), req);
              return http::no_content();
            },
            {.summary = "Remove a line item; the deal's amount becomes the sum of the others (unchanged when none is left)",
             .tag = tag, .success_status = 204, .strict_query = true});
}

}  // namespace rapport::sales

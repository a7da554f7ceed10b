// The line-item routes: they read the path, the query and the body (shape, types and ranges of each
// field), and answer; the rules and the transactions are line_item_service's.
#include <cmath>

#include "modules/sales/line_item_service.hpp"
#include "modules/sales/routes.hpp"
#include "platform/http/body_reader.hpp"
#include "platform/ids.hpp"
#include "platform/money.hpp"

namespace rapport::sales {
namespace json = boost::json;
using http::Request;
using http::Response;

namespace {

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

}  // namespace

void add_line_item_routes(http::Api& api, db::Database& db) {
  const std::string tag = "Deal";
  api.route("GET", "/api/v1/deals/{id}/line-items",
            [&db](Request& req, const access::Context& ctx) -> Response {
              const std::string& id = req.param("id");
              if (!ids::is_uuid(id)) return http::fail(Problem::not_found(), req);
              auto out = list_line_items(db, ctx, id);
              if (!out) return http::fail(out.problem(), req);
              return http::json(200, *out);
            },
            {.summary = "A deal's line items in order", .tag = tag, .response_schema = "LineItemPage"});

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
              auto out = add_line_item(db, ctx, id, i);
              if (!out) return http::fail(out.problem(), req);
              return http::json(201, *out);
            },
            {.summary = "Add a line item (a product, or a free line with name and unit_price); the deal's amount becomes the sum",
             .tag = tag, .request_schema = "LineItemInput", .response_schema = "LineItemChange", .success_status = 201});

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
              auto out = change_line_item(db, ctx, id, item_id, i);
              if (!out) return http::fail(out.problem(), req);
              return http::json(200, *out);
            },
            {.summary = "Change a line item's name, quantity, unit price or discount", .tag = tag,
             .request_schema = "LineItemInput", .response_schema = "LineItemChange"});

  api.route("DELETE", "/api/v1/deals/{id}/line-items/{item_id}",
            [&db](Request& req, const access::Context& ctx) -> Response {
              const std::string& id = req.param("id");
              const std::string& item_id = req.param("item_id");
              if (!ids::is_uuid(id) || !ids::is_uuid(item_id)) return http::fail(Problem::not_found(), req);
              auto st = remove_line_item(db, ctx, id, item_id);
              if (!st) return http::fail(st.problem(), req);
              return http::no_content();
            },
            {.summary = "Remove a line item; the deal's amount becomes the sum of the others (unchanged when none is left)",
             .tag = tag, .success_status = 204});
}

}  // namespace rapport::sales

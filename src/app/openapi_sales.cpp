#include "app/openapi_schema.hpp"
#include "platform/money.hpp"

namespace rapport::app {
namespace json = boost::json;

void add_sales_schemas(json::object& schemas) {
  json::object integer{{"type", "integer"}};
  json::object stage_type{{"type", "string"}, {"enum", json::array{"open", "won", "lost"}}};
  json::object probability{{"type", "integer"}, {"minimum", 0}, {"maximum", 100}};
  schemas["Stage"] = obj({{"id", str()}, {"name", str()}, {"position", integer}, {"probability", probability}, {"type", stage_type},
                          {"archived", boolean()}},
                         {"id", "name", "position", "probability", "type"});
  schemas["Pipeline"] = obj({{"id", str()}, {"name", str()}, {"archived", boolean()}, {"stages", array_of(ref("Stage"))},
                             {"created_at", str()}, {"updated_at", str()}, {"version", integer}},
                            {"id", "name", "stages"});
  schemas["PipelinePage"] = page_of("Pipeline");
  json::object stage_input = obj({{"id", json::object{{"type", "string"}, {"format", "uuid"}, {"description", "An existing stage (PATCH)"}}},
                                  {"name", str()}, {"probability", probability}, {"type", stage_type}},
                                 {"name", "type"});
  schemas["PipelineInput"] = obj({{"name", str()}, {"stages", array_of(stage_input)}});
  json::object card = obj({{"id", str()}, {"name", str()}, {"amount", json::object{{"type", json::array{"integer", "null"}}}},
                           {"currency", nstr()}, {"expected_close_date", nstr()}, {"company_id", nstr()}, {"owner_id", nstr()},
                           {"closed_at", nstr()}, {"stage_entered_at", nstr()}, {"updated_at", str()}, {"version", integer}});
  json::object column = obj({{"id", str()}, {"name", str()}, {"position", integer}, {"probability", probability}, {"type", stage_type},
                             {"archived", boolean()}, {"deals", array_of(card)}, {"next_cursor", nstr()},
                             {"count", json::object{{"type", "integer"},
                                                    {"description", "The column's deals. Present only with totals=true"}}},
                             {"amount_by_currency", json::object{{"type", "object"}, {"additionalProperties", integer},
                                                                 {"description", "Sum of the column's deal amounts per currency "
                                                                                 "(ISO 4217 code: minor units). Present only "
                                                                                 "with totals=true, when the caller's role "
                                                                                 "can read the deal amount"}}}});
  schemas["Board"] = obj({{"pipeline_id", str()}, {"name", str()}, {"stages", array_of(column)}}, {"pipeline_id", "stages"});
  schemas["StageChange"] = obj({{"id", integer}, {"from_stage_id", nstr()}, {"from_stage_name", nstr()}, {"to_stage_id", str()},
                                {"to_stage_name", nstr()}, {"changed_at", str()}, {"changed_by", nstr()}});
  schemas["StageHistoryPage"] = page_of("StageChange");
  json::object number{{"type", "number"}};
  schemas["LineItem"] = obj({{"id", str()}, {"deal_id", str()}, {"product_id", nstr()}, {"name", str()}, {"quantity", number},
                             {"unit_price", integer}, {"discount_percent", number}, {"total", integer}, {"position", integer},
                             {"created_at", str()}, {"updated_at", str()}},
                            {"id", "deal_id", "name", "quantity", "unit_price", "discount_percent", "total"});
  schemas["LineItemPage"] = page_of("LineItem");
  schemas["LineItemInput"] = obj({{"product_id", nstr()}, {"name", str()},
                                  {"quantity", json::object{{"type", "number"}, {"exclusiveMinimum", 0}, {"maximum", 1000000},
                                                            {"description", "Kept to 6 decimal places"}}},
                                  {"unit_price", json::object{{"type", "integer"}, {"minimum", 0}, {"maximum", money::kMax},
                                                              {"description", "Minor units of the deal's currency"}}},
                                  {"discount_percent", json::object{{"type", "number"}, {"minimum", 0}, {"maximum", 100},
                                                                    {"description", "Kept to 4 decimal places"}}}});
  schemas["LineItemChange"] = obj({{"item", ref("LineItem")}, {"deal_amount", json::object{{"type", json::array{"integer", "null"}}}},
                                   {"deal_version", integer}});
  json::object uuid{{"type", "string"}, {"format", "uuid"}};
  json::object conversion_deal = obj({{"name", str()}, {"pipeline_id", uuid}, {"stage_id", uuid},
                                      {"amount", json::object{{"type", "integer"}, {"minimum", 0}, {"maximum", money::kMax}}}, {"currency", str()},
                                      {"expected_close_date", json::object{{"type", "string"}, {"format", "date"}}}},
                                     {"name", "pipeline_id"});
  conversion_deal["additionalProperties"] = false;
  json::object conversion_input = obj({{"company_id", uuid}, {"contact_id", uuid}, {"deal", conversion_deal}});
  conversion_input["additionalProperties"] = false;
  schemas["LeadConversionInput"] = conversion_input;
  auto either = [](const char* name) { return json::object{{"oneOf", json::array{ref(name), json::object{{"type", "null"}}}}}; };
  schemas["LeadConversion"] = obj({{"lead", ref("Lead")}, {"contact", ref("Contact")}, {"company", either("Company")}, {"deal", either("Deal")},
                                   {"created", obj({{"contact", boolean()}, {"company", boolean()}, {"deal", boolean()}},
                                                   {"contact", "company", "deal"})}},
                                  {"lead", "contact", "company", "deal", "created"});
  // Reports: every amount figure is per currency (amounts of different currencies are never added).
  json::object count{{"type", "integer"}, {"minimum", 0}};
  json::object minor_units{{"type", "integer"}, {"format", "int64"},
                     {"description", "Minor units of the entry's currency; a sum beyond int64 is a 422 amount-overflow, never wrapped"}};
  auto per_currency = [&](json::object props, json::array required, const char* description) {
    props["currency"] = json::object{{"type", "string"}, {"description", "ISO 4217"}};
    json::object a = array_of(obj(std::move(props), std::move(required)));
    a["description"] = description;
    return a;
  };
  json::object stage_amounts = per_currency({{"amount", minor_units}, {"weighted_amount", minor_units}}, {"currency", "amount", "weighted_amount"},
                                            "Per currency (sorted): amount, and Σ amount × probability / 100 rounded half up; never summed across currencies");
  json::object amounts_when_readable = stage_amounts;
  amounts_when_readable["description"] = std::string(stage_amounts["description"].as_string()) +
                                         ". Present only when the caller's role can read the deal amount";
  json::object report_stage = obj({{"id", str()}, {"name", str()}, {"position", integer}, {"probability", probability}, {"archived", boolean()},
                                   {"count", count}, {"amounts", amounts_when_readable}},
                                  {"id", "name", "probability", "count"});
  schemas["PipelineReport"] = obj({{"pipeline_id", str()}, {"name", str()}, {"stages", array_of(report_stage)},
                                   {"totals", obj({{"count", count}, {"amounts", amounts_when_readable}}, {"count"})}},
                                  {"pipeline_id", "stages", "totals"});
  json::object open_amounts = per_currency({{"amount", minor_units}, {"weighted_amount", minor_units}, {"commit_amount", minor_units}},
                                           {"currency", "amount", "weighted_amount", "commit_amount"},
                                           "Per currency (sorted): best case (amount), weighted and commit; never summed across currencies");
  json::object won_amounts = per_currency({{"amount", minor_units}}, {"currency", "amount"}, "Won amount per currency (sorted)");
  // Amount figures are left out for a role that cannot read the deal amount (reports.cpp bucket_json).
  const std::string if_readable = ". Present only when the caller's role can read the deal amount";
  open_amounts["description"] = std::string(open_amounts["description"].as_string()) + if_readable;
  won_amounts["description"] = std::string(won_amounts["description"].as_string()) + if_readable;
  json::object owner_row = obj({{"owner_id", nstr()}, {"open_count", count}, {"open", open_amounts}}, {"owner_id", "open_count"});
  json::object month = obj({{"month", str()}, {"open_count", count}, {"won_count", count}, {"open", open_amounts}, {"won", won_amounts},
                            {"owners", array_of(owner_row)}},
                           {"month", "open_count", "won_count", "owners"});
  json::object quarter = obj({{"quarter", json::object{{"type", "string"}, {"description", "YYYY-Qn"}}}, {"open_count", count},
                              {"won_count", count}, {"open", open_amounts}, {"won", won_amounts}, {"owners", array_of(owner_row)}},
                             {"quarter", "open_count", "won_count", "owners"});
  json::object undated = obj({{"open_count", count}, {"open", open_amounts}, {"owners", array_of(owner_row)}}, {"open_count", "owners"});
  undated["description"] = "Open deals without an expected close date (whatever the window)";
  schemas["ForecastReport"] = obj({{"from", str()}, {"to", str()},
                                   {"group", json::object{{"type", "string"}, {"enum", json::array{"month", "quarter"}}}},
                                   {"pipeline_id", nstr()}, {"owner_id", nstr()}, {"commit_threshold", probability},
                                   {"months", described(array_of(month), "Present only with group=month")},
                                   {"quarters", described(array_of(quarter), "Present only with group=quarter")},
                                   {"no_close_date", undated}},
                                  {"from", "to", "group", "commit_threshold", "no_close_date"});
  json::object step = obj({{"step", json::object{{"type", "string"}, {"enum", json::array{"leads_created", "leads_converted", "deals_created", "deals_won"}}}},
                           {"count", count}},
                          {"step", "count"});
  json::object won_size = per_currency({{"count", count}, {"amount", minor_units}, {"average_amount", minor_units}}, {"currency", "count", "amount", "average_amount"},
                                       "Won deals per currency (sorted): count, amount and average; never summed across currencies");
  json::object stage_time = obj({{"stage_id", str()}, {"name", nstr()}, {"pipeline_id", nstr()}, {"entries", count},
                                 {"average_seconds", json::object{{"type", "number"}}}},
                                {"stage_id", "entries", "average_seconds"});
  json::object nnumber{{"type", json::array{"number", "null"}}};
  json::object steps = array_of(step);
  steps["description"] = "leads_created, leads_converted, deals_created, deals_won in that order; with pipeline_id only the deal steps";
  schemas["FunnelReport"] = obj({{"from", str()}, {"to", str()}, {"pipeline_id", nstr()}, {"owner_id", nstr()}, {"funnel", steps},
                                 {"deals_lost", count}, {"win_rate", nnumber},
                                 {"average_sales_cycle_days", nnumber},
                                 {"won_by_currency", described(won_size, std::string(won_size["description"].as_string()) + if_readable)},
                                 {"stage_times", array_of(stage_time)}},
                                {"from", "to", "funnel", "deals_lost", "win_rate", "average_sales_cycle_days", "stage_times"});
  json::object move = obj({{"stage_id", str()}, {"after_id", nstr()}, {"before_id", nstr()},
                           {"expected_close_date", json::object{{"type", json::array{"string", "null"}}, {"format", "date"},
                                                                {"description", "Written with the move (a won or lost stage needs it)"}}},
                           {"lost_reason", json::object{{"type", json::array{"string", "null"}}, {"maxLength", 1000},
                                                        {"description", "Written with the move (a lost stage needs it)"}}}},
                          {"stage_id"});
  move["additionalProperties"] = false;
  schemas["DealMove"] = move;
}

}  // namespace rapport::app

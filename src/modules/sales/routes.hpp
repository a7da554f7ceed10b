// The sales module's routes beyond the record engine's: pipelines and their stages, the Kanban
// board and moving deals on it.
#pragma once
#include <functional>
#include <string>

#include "access/context.hpp"
#include "platform/db/database.hpp"
#include "platform/http/api.hpp"
#include "platform/records/service.hpp"

namespace rapport::sales {

void add_pipeline_routes(http::Api& api, db::Database& db);
// GET /api/v1/pipelines/{id}/board and POST /api/v1/deals/{id}/move (through the deals' service, so
// a stage change is validated, audited and announced like any change of the deal).
void add_board_routes(http::Api& api, db::Database& db, records::Service& deals);
// GET|POST /api/v1/deals/{id}/line-items, PATCH|DELETE /api/v1/deals/{id}/line-items/{item_id}.
void add_line_item_routes(http::Api& api, db::Database& db);
// What else a conversion carries over, in its transaction, after the lead points at its contact
// (marketing's: the consents the lead gave on a web form, wired by the app since sales does not
// call marketing). A Problem undoes the whole conversion.
using ConvertHook = std::function<Status(db::Connection& c, const access::Context& ctx, const std::string& lead_id,
                                         const std::string& contact_id)>;
// POST /api/v1/leads/{id}/convert (convert.cpp).
void add_convert_route(http::Api& api, db::Database& db, ConvertHook hook = {});
// GET /api/v1/deals/{id}/stage-history.
void add_stage_history_route(http::Api& api, db::Database& db);

}  // namespace rapport::sales

// The sales module's routes beyond the record engine's: pipelines and their stages, the Kanban
// board and moving deals on it.
#pragma once
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
// POST /api/v1/leads/{id}/convert (convert.cpp).
void add_convert_route(http::Api& api, db::Database& db);
// GET /api/v1/deals/{id}/stage-history.
void add_stage_history_route(http::Api& api, db::Database& db);

}  // namespace rapport::sales

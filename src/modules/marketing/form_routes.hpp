// The routes of lead capture forms: /api/v1/forms (CRUD), GET /api/v1/forms/{id}/submissions, and
// the public GET, POST and OPTIONS /f/{form_id} a visitor's browser or a site's script calls.
#pragma once
#include "platform/db/database.hpp"
#include "platform/http/api.hpp"
#include "platform/http/client_address.hpp"

namespace rapport::marketing {

void add_form_routes(http::Api& api, db::Database& db, const http::ClientAddress& client_address);

}  // namespace rapport::marketing

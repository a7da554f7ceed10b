// The satisfaction survey's routes: the support settings (admins) and the public survey page.
#pragma once
#include <memory>

#include "modules/support/satisfaction.hpp"
#include "platform/http/api.hpp"

namespace rapport::support {

void add_satisfaction_routes(http::Api& api, db::Database& db, std::shared_ptr<SurveyService> surveys, bool has_public_url);

}  // namespace rapport::support

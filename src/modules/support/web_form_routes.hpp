// The web forms' routes: /api/v1/web-forms (admins) and the public POST /api/v1/public/web-forms/{key}.
#pragma once
#include "modules/support/web_forms.hpp"
#include "platform/http/api.hpp"
#include "platform/http/client_address.hpp"

namespace rapport::support {

void add_web_form_routes(http::Api& api, std::shared_ptr<WebFormService> service, const http::ClientAddress& client_address);

}  // namespace rapport::support

// The public unsubscribe routes (no sign-in, outside /api/v1: the link in every campaign message
// and its List-Unsubscribe header): GET /u/{token}, the person's preference page, and POST
// /u/{token}, either RFC 8058's one-click request (body List-Unsubscribe=One-Click, as a form,
// urlencoded or multipart) or the page's form. Plain server-rendered pages, no script.
#pragma once
#include <memory>

#include "modules/marketing/unsubscribe.hpp"
#include "platform/http/api.hpp"

namespace rapport::marketing {

void add_unsubscribe_routes(http::Api& api, std::shared_ptr<UnsubscribeService> service);

}  // namespace rapport::marketing

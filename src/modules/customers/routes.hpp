// The routes of customers beyond the record engine's: a contact's vCard.
#pragma once
#include "platform/http/api.hpp"
#include "platform/records/service.hpp"

namespace rapport::customers {

// GET /api/v1/contacts/{id}/vcard; `contacts` is the contacts' record service.
void add_routes(http::Api& api, records::Service& contacts);

}  // namespace rapport::customers

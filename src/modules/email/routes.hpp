// The email routes: settings, templates, sending and reading an email's state, inbound mail.
#pragma once
#include <memory>

#include "modules/email/inbound_service.hpp"
#include "modules/email/send_service.hpp"
#include "modules/email/settings_service.hpp"
#include "modules/email/template_service.hpp"
#include "platform/http/api.hpp"

namespace rapport::email {

struct EmailServices {
  std::shared_ptr<SettingsService> settings;
  std::shared_ptr<TemplateService> templates;
  std::shared_ptr<EmailService> emails;
  std::shared_ptr<InboundService> inbound;
};

void add_routes(http::Api& api, EmailServices services);
// inbound_routes.cpp: POST /api/v1/inbound-email and the inbound secret's routes.
void add_inbound_routes(http::Api& api, std::shared_ptr<InboundService> service);

}  // namespace rapport::email

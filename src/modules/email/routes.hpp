// The email routes: settings, templates, sending and reading an email's state.
#pragma once
#include <memory>

#include "modules/email/send_service.hpp"
#include "modules/email/settings_service.hpp"
#include "modules/email/template_service.hpp"
#include "platform/http/api.hpp"

namespace rapport::email {

struct EmailServices {
  std::shared_ptr<SettingsService> settings;
  std::shared_ptr<TemplateService> templates;
  std::shared_ptr<EmailService> emails;
};

void add_routes(http::Api& api, EmailServices services);

}  // namespace rapport::email

// The SQL of email settings, templates and emails (tables of migration 0028). Every statement names
// the workspace, so no call reaches another workspace's rows.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "modules/email/email_record.hpp"
#include "modules/email/settings.hpp"
#include "platform/db/connection.hpp"

namespace rapport::email::store {

std::optional<SmtpSettings> find_settings(db::Connection& c, const std::string& workspace_id);
// Inserts or replaces the workspace's settings row.
void put_settings(db::Connection& c, const SmtpSettings& s);

std::optional<Template> find_template(db::Connection& c, const std::string& workspace_id, const std::string& id);
// By name, then id.
std::vector<Template> list_templates(db::Connection& c, const std::string& workspace_id);
int64_t count_templates(db::Connection& c, const std::string& workspace_id);
void insert_template(db::Connection& c, const Template& t);
void update_template(db::Connection& c, const Template& t);
void remove_template(db::Connection& c, const std::string& workspace_id, const std::string& id);

std::optional<Email> find_email(db::Connection& c, const std::string& workspace_id, const std::string& id);
void insert_email(db::Connection& c, const Email& e);
// Writes the state columns: status, attempts, error, job_id, sent_at.
void update_email_state(db::Connection& c, const Email& e);

}  // namespace rapport::email::store

// The rows of web_forms (migrations 0042, 0055): a workspace's public ticket forms.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "platform/db/connection.hpp"

namespace rapport::support {

struct WebForm {
  std::string id, workspace_id, name, key;
  std::optional<std::string> team_id;
  std::string priority = "normal";
  std::vector<std::string> allowed_origins;
  std::optional<std::string> redirect_url;
  bool enabled = true;
  bool confirm_email = true;  // email the requester a confirmation (migration 0055)
  int64_t submissions = 0, spam_caught = 0;
  std::string created_at, updated_at;
};

namespace form_store {

std::vector<WebForm> list(db::Connection& c, const std::string& workspace_id);
std::optional<WebForm> find(db::Connection& c, const std::string& workspace_id, const std::string& id);
std::optional<WebForm> find_by_key(db::Connection& c, const std::string& key);
void insert(db::Connection& c, const WebForm& f);
// Writes the form's settings (name, team, priority, origins, redirect, enabled, confirm_email) and updated_at.
void update(db::Connection& c, const WebForm& f);
bool remove(db::Connection& c, const std::string& workspace_id, const std::string& id);
// Counts a ticket opened (spam = false) or a submission the honeypot caught (spam = true).
void count(db::Connection& c, const std::string& id, bool spam);

}  // namespace form_store
}  // namespace rapport::support

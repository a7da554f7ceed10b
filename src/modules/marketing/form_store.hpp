// The SQL of lead capture forms (table `forms`, migration 0053). Every statement names the
// workspace, except find_public (the public route knows only the form's id).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "modules/marketing/form.hpp"
#include "platform/db/connection.hpp"

namespace rapport::marketing::form_store {

struct Located {
  std::string workspace_id;
  Form form;
};

std::optional<Form> find(db::Connection& c, const std::string& workspace_id, const std::string& id);
// The form behind a public address, with its workspace.
std::optional<Located> find_public(db::Connection& c, const std::string& id);
// Oldest first.
std::vector<Form> list(db::Connection& c, const std::string& workspace_id);
int64_t count(db::Connection& c, const std::string& workspace_id);
// The id of another form of the workspace with this name (case-insensitively).
std::optional<std::string> same_name(db::Connection& c, const std::string& workspace_id, const std::string& name,
                                     const std::string& except_id);
void insert(db::Connection& c, const std::string& workspace_id, const Form& f);
// Writes the settings, version and updated_at (not the counters).
void update(db::Connection& c, const std::string& workspace_id, const Form& f);
// Deletes the form and its submissions.
void remove(db::Connection& c, const std::string& workspace_id, const std::string& id);
// Counts a stored submission (spam = false) or one the honeypot dropped (spam = true).
void count_submission(db::Connection& c, const std::string& workspace_id, const std::string& id, bool spam);

}  // namespace rapport::marketing::form_store

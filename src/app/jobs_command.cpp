// `rapport jobs list|show|retry|cancel`: the operator's view of the job queue across every workspace
// and the installation's own jobs (platform/jobs/admin.hpp, as /api/v1/jobs within one workspace).
// A change to a workspace's job is audited in that workspace, without an actor, under the request id
// "command-line".
#include <iostream>

#include "access/provisioning.hpp"
#include "app/command_output.hpp"
#include "app/commands.hpp"
#include "platform/clock.hpp"
#include "platform/jobs/admin.hpp"
#include "platform/jobs/job.hpp"
#include "platform/journal.hpp"

namespace rapport::app {
namespace json = boost::json;

namespace {

std::string text(const json::value& v) {
  if (v.is_null()) return "-";
  if (v.is_string()) return std::string(v.as_string());
  return json::serialize(v);
}

}  // namespace

int jobs_command(const std::string& data_dir, const std::string& database_url, const JobsCommand& j,
                 const std::string& master_key_file) {
  if (!j.state.empty() && !jobs::is_state(j.state))
    return command_failed(Problem::bad_request("--state must be one of queued, running, succeeded, dead, cancelled"));
  auto db = open_database(data_dir, 1, database_url, 1, master_key_file, nullptr, Opening::Existing);
  if (j.action == "list") {
    std::vector<std::vector<std::string>> rows = {{"ID", "WORKSPACE", "TYPE", "STATE", "ATTEMPTS", "RUN AT", "LAST ERROR"}};
    auto st = db->read([&](db::Connection& c) -> Status {
      std::string sql = std::string("SELECT ") + jobs::admin::kColumns + " FROM jobs WHERE 1 = 1";
      std::vector<db::Value> params;
      if (!j.workspace.empty()) {
        auto ws = access::find_workspace(c, j.workspace);
        if (!ws) return Problem::not_found("no workspace named \"" + j.workspace + "\"");
        sql += " AND workspace_id = ?";
        params.emplace_back(*ws);
      }
      if (!j.state.empty()) {
        sql += " AND state = ?";
        params.emplace_back(j.state);
      }
      if (!j.type.empty()) {
        sql += " AND type = ?";
        params.emplace_back(j.type);
      }
      sql += " ORDER BY id DESC LIMIT ?";
      params.emplace_back(int64_t{j.limit});
      auto& q = c.prepare(sql);
      q.bind_all(params);
      while (q.step()) {
        auto job = jobs::admin::job_of(q);
        std::string error = text(job.at("last_error"));
        if (error.size() > 60) error = error.substr(0, 57) + "...";
        rows.push_back({text(job.at("id")), text(job.at("workspace_id")), text(job.at("type")), text(job.at("state")),
                        text(job.at("attempts")), text(job.at("run_at")), error});
      }
      q.reset();
      return ok_status();
    });
    if (!st) return command_failed(st.problem());
    print_table(rows);
    if (rows.size() == 1) std::cout << "(no jobs)\n";
    return 0;
  }
  if (j.id.empty()) return command_failed(Problem::bad_request("--id is required"));
  if (j.action == "show") {
    auto job = db->read([&](db::Connection& c) { return jobs::admin::read_job(c, {}, j.id); });
    if (!job) return command_failed(Problem::not_found("no job " + j.id));
    std::cout << json::serialize(*job) << "\n";
    return 0;
  }
  std::string state;
  auto st = db->write([&](db::Connection& c) -> Status {
    const bool retrying = j.action == "retry";
    auto changed = retrying ? jobs::admin::retry(c, {}, j.id, clock::now_ms()) : jobs::admin::cancel(c, {}, j.id, clock::now_ms());
    if (!changed) return changed.take_problem();
    state = text(changed->job.at("state"));
    if (const auto& ws = changed->job.at("workspace_id"); ws.is_string()) {
      identity::Context ctx;
      ctx.workspace_id = std::string(ws.as_string());
      ctx.request_id = "command-line";
      journal::audit(c, ctx, "jobs", j.id, retrying ? "retry" : "cancel",
                     json::array{json::object{{"field", "state"}, {"before", changed->before}, {"after", state}}});
    }
    return ok_status();
  });
  if (!st) return command_failed(st.problem());
  std::cout << "Job " << j.id << " is " << state << "\n";
  return 0;
}

}  // namespace rapport::app

// `rapport import FILE --object contacts [--mapping FILE] [--sheet NAME] [--dry-run] [--as EMAIL]`: the import of
// POST /api/v1/imports run in this process (modules/imports: the same checks, the same run), with a
// progress bar on stderr and the import as JSON on stdout. It runs as the user --as names, else the
// workspace's first admin; beside a running server on SQLite it writes through the same database.
#include <cmath>
#include <fstream>
#include <iostream>
#include <sstream>

#include "access/user_context.hpp"
#include "app/command_output.hpp"
#include "app/commands.hpp"
#include "app/demo/demo_data.hpp"
#include "app/modules.hpp"
#include "modules/imports/file_reader.hpp"
#include "modules/imports/import_service.hpp"
#include "modules/imports/run_import.hpp"
#include "platform/clock.hpp"

namespace rapport::app {
namespace json = boost::json;

namespace {

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// "[#########           ]  45%  12,345 rows  8,100 rows/s  ETA 7 s", redrawn in place.
void draw_progress(const imports::Import& i) {
  constexpr int kWidth = 30;
  double fraction = i.text_bytes > 0 ? static_cast<double>(i.bytes_done) / static_cast<double>(i.text_bytes) : 1.0;
  if (i.state == "done") fraction = 1.0;
  int filled = static_cast<int>(std::lround(fraction * kWidth));
  json::object p = i.to_json(clock::now_ms()).at("progress").as_object();
  std::string line = "\r[" + std::string(static_cast<std::size_t>(filled), '#') + std::string(static_cast<std::size_t>(kWidth - filled), ' ') + "] ";
  line += std::to_string(static_cast<int>(fraction * 100)) + "%  " + std::to_string(i.counts.read) + " rows";
  if (!p["rows_per_second"].is_null()) line += "  " + std::to_string(static_cast<int64_t>(p["rows_per_second"].to_number<double>())) + " rows/s";
  if (!p["eta_seconds"].is_null()) line += "  ETA " + std::to_string(static_cast<int64_t>(p["eta_seconds"].to_number<double>())) + " s";
  std::cerr << line << "   " << std::flush;
}

}  // namespace

int import_command(const std::string& data_dir, const std::string& database_url, const ImportCommand& ic,
                   const std::string& master_key_file) {
  auto file = read_file(ic.file);
  if (!file) return command_failed(Problem::bad_request("cannot read " + ic.file));
  std::optional<std::string> mapping;
  if (!ic.mapping_file.empty()) {
    mapping = read_file(ic.mapping_file);
    if (!mapping) return command_failed(Problem::bad_request("cannot read " + ic.mapping_file));
  }
  auto db = open_database(data_dir, 2, database_url, 2, master_key_file, nullptr, Opening::Existing);
  std::vector<std::unique_ptr<records::Service>> services;
  for (const auto* spec : record_specs()) services.push_back(std::make_unique<records::Service>(*db, *spec));
  imports::Services find = [&](std::string_view object) -> records::Service* {
    for (auto& s : services)
      if (s->spec().object == object) return s.get();
    return nullptr;
  };
  auto ctx = db->read([&](db::Connection& c) -> Result<identity::Context> {
    auto target = find_generate_target(c, ic.workspace);
    if (!target) return Problem::not_found(ic.workspace.empty() ? "no workspace" : "no workspace named \"" + ic.workspace + "\"");
    std::string user = target->owner_id;
    if (!ic.as.empty()) {
      auto id = c.scalar("SELECT id FROM users WHERE workspace_id = ? AND lower(email) = lower(?)", {target->workspace_id, ic.as});
      if (!std::holds_alternative<std::string>(id)) return Problem::not_found("no user " + ic.as + " in the workspace");
      user = std::get<std::string>(id);
    }
    auto ctx = access::user_context(c, target->workspace_id, user);
    if (!ctx) return Problem::forbidden("the user is not active");
    return std::move(*ctx);
  });
  if (!ctx) return command_failed(ctx.problem());
  ctx->request_id = "command-line";
  imports::ImportService service(*db, find);
  std::string name = ic.file.substr(ic.file.find_last_of('/') == std::string::npos ? 0 : ic.file.find_last_of('/') + 1);
  // The reader by the file's extension; without a known one, its bytes decide (as for an upload sent
  // as application/octet-stream).
  std::string_view type = imports::content_type_for_file_name(name);
  if (type.empty()) type = "application/octet-stream";
  auto started = service.start(*ctx, {.object = ic.object, .dry_run = ic.dry_run, .mapping_id = {}, .content_type = type,
                                      .body = *file, .mapping = mapping, .file_name = name, .sheet = ic.sheet, .enqueue = false});
  if (!started) return command_failed(started.problem());
  file.reset();  // the text is in the database now
  imports::RunDeps deps{.db = *db, .services = find};
  Status st = imports::run_import(deps, ctx->workspace_id, started->id, {}, [](const imports::Import& i) { draw_progress(i); });
  std::cerr << "\n";
  if (!st) return command_failed(st.problem());
  auto done = service.get(*ctx, started->id);
  if (!done) return command_failed(done.problem());
  std::cout << json::serialize(done->to_json(clock::now_ms())) << "\n";
  return done->state == "done" ? 0 : 1;
}

}  // namespace rapport::app

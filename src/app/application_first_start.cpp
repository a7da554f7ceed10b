// The first start of a server on an empty database (the workspace "Default" and its admin, the demo
// data), and what a person at a terminal is told: the admin's password, once, and where to go next.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>

#include <spdlog/spdlog.h>

#include "access/passwords.hpp"
#include "access/provisioning.hpp"
#include "app/application.hpp"
#include "app/demo/demo_data.hpp"
#include "app/demo/demo_records.hpp"
#include "app/environment.hpp"

namespace rapport::app {

namespace {

constexpr uint64_t kDemoRecordsSeed = 42;  // as the generated rows' (demo_data.cpp)

// Writes a file only its owner may read (mode 0600 from its creation, so it is never readable by
// others, not even for a moment) and returns its absolute path; throws on failure.
std::string write_secret_file(const std::filesystem::path& path, const std::string& content) {
  std::filesystem::create_directories(path.parent_path());
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("cannot write " + path.string() + ": " + std::strerror(errno));
  bool ok = ::fchmod(fd, 0600) == 0 && ::write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size()) &&
            ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) throw std::runtime_error("cannot write " + path.string());
  return std::filesystem::absolute(path).lexically_normal().string();
}

}  // namespace

void Application::first_start() {
  std::string email = environment_value("RAPPORT_ADMIN_EMAIL");
  std::string password = environment_value("RAPPORT_ADMIN_PASSWORD");
  bool generated = password.empty();
  if (email.empty()) email = "admin@rapport.local";
  if (generated) password = access::generate_password();
  // Off a terminal a generated password goes to a file (announce_first_admin), written before the
  // workspace exists: a directory that cannot hold it stops the start before an admin is made whose
  // password nobody could learn.
  std::string password_file;
  if (generated && !::isatty(STDOUT_FILENO) && db_->read([](db::Connection& c) { return access::workspace_count(c); }) == 0) {
    auto path = std::filesystem::path(cfg_.data_dir) / "initial-admin-password";
    try {
      password_file = write_secret_file(path, password + "\n");
    } catch (const std::exception& e) {
      throw std::runtime_error("cannot keep the generated admin password in " + path.string() + " (" + e.what() +
                               "): set RAPPORT_ADMIN_PASSWORD for the first start, or --data to a writable directory");
    }
  }
  std::optional<access::NewWorkspace> created;
  auto st = db_->write([&](db::Connection& c) -> Status {
    if (access::workspace_count(c) > 0) return ok_status();
    auto w = access::create_workspace(c, "Default", email, password);
    if (!w) return w.take_problem();
    created = *w;
    return ok_status();
  });
  // Nodes started together on an empty PostgreSQL database race to create it: the loser meets the
  // winner's workspace (409: its insert hits the unique key, or, under READ COMMITTED, its name check
  // already sees the committed workspace) and goes on with it.
  if (!st && st.problem().status == 409 &&
      db_->read([](db::Connection& c) { return access::workspace_count(c); }) > 0)
    st = ok_status();
  if (!st) {
    const auto& p = st.problem();
    throw std::runtime_error("cannot create the first workspace: " + p.detail +
                             (p.errors.empty() ? "" : " (" + p.errors[0].field + " " + p.errors[0].message + ")"));
  }
  if (!created && !password_file.empty()) std::filesystem::remove(password_file);  // another node made the admin
  if (created) {
    first_admin_ = email;
    announce_first_admin(email, generated ? std::optional<std::string>(password) : std::nullopt, password_file);
  }
  if (cfg_.demo) {
    if (auto report = load_demo_data(*db_, cfg_.database_url)) {
      spdlog::info("loaded demo data: {} companies, {} contacts, {} activities, {} deals in {} pipelines", report->companies,
                   report->contacts, report->activities, report->deals, report->pipelines);
      // Leads and tickets go through the record engine, after the rows they refer to.
      auto records = load_demo_records(*db_, services_, kDemoRecordsSeed);
      if (!records) throw std::runtime_error("cannot load the demo's leads and tickets: " + records.problem().detail);
      spdlog::info("loaded demo data: {} leads, {} tickets", records->leads, records->tickets);
    } else
      spdlog::info("demo data not loaded: the workspace already has contacts");
  }
}

// The operator must learn a generated password, but the log stream (journald, a log shipper) must
// never carry it: a terminal gets it on screen; otherwise it goes to a file only this user can read,
// and the log says where.
void Application::announce_first_admin(const std::string& email, const std::optional<std::string>& generated_password,
                                       const std::string& password_file) {
  spdlog::info("first start: created the workspace \"Default\" with the admin user {}", email);
  if (!generated_password) {
    spdlog::info("first start: the admin's password is the one in RAPPORT_ADMIN_PASSWORD");
    return;
  }
  if (password_file.empty()) {
    std::cout << "\n  Password for " << email << ": " << *generated_password
              << "\n  (generated and shown only this once; set RAPPORT_ADMIN_PASSWORD to choose it)\n\n"
              << std::flush;
    return;
  }
  spdlog::info("first start: the admin's generated password is in {} (readable by this user only): sign in, change it, "
               "then delete the file",
               password_file);
}

// The log lines are JSON for machines; a person who just ran the quick start on a terminal gets one
// plain sentence saying where to go next. Nothing is printed off a terminal (systemd, tests).
void Application::greet_on_terminal(const std::string& base_url) const {
  if (!::isatty(STDOUT_FILENO)) return;
  std::cout << "\n  Rapport is ready: open " << base_url << "/ in a browser";
  if (!site_->serves_ui()) std::cout << " (this build has no web UI: the API is at " << base_url << "/api/v1/)";
  if (!first_admin_.empty())
    std::cout << "\n  and sign in as " << first_admin_
              << (environment_value("RAPPORT_ADMIN_PASSWORD").empty() ? " with the password shown above" : " with RAPPORT_ADMIN_PASSWORD");
  std::cout << ".\n  Stop it with Ctrl+C; the data stays in " << (cfg_.database_url.empty() ? cfg_.data_dir : "PostgreSQL")
            << ".\n\n"
            << std::flush;
}

std::string Application::storage_description() const {
  if (cfg_.database_url.empty())
    return "data: " + std::filesystem::absolute(cfg_.data_dir).lexically_normal().string();
  // host:port/db of the URL, never its user or password
  auto at = cfg_.database_url.rfind('@');
  auto scheme = cfg_.database_url.find("://");
  std::size_t from = at != std::string::npos ? at + 1 : (scheme == std::string::npos ? 0 : scheme + 3);
  return "database: PostgreSQL at " + cfg_.database_url.substr(from, cfg_.database_url.find('?', from) - from);
}

}  // namespace rapport::app

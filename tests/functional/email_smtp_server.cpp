#include "email_smtp_server.hpp"
#include "build_paths.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "tenancy_helpers.hpp"

namespace rapport::testing {
namespace {

std::string run(const std::string& command) {
  std::string out;
  FILE* p = ::popen(command.c_str(), "r");
  if (!p) return out;
  char buf[256];
  while (std::fgets(buf, sizeof buf, p)) out += buf;
  ::pclose(p);
  return out;
}

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string script() { return std::string(source_dir()) + "/scripts/smtp-server.sh"; }

}  // namespace

SmtpServer::SmtpServer(const std::string& mode, const std::string& user, const std::string& password, const Tls& tls, int drop_after) {
  dir_ = (std::filesystem::temp_directory_path() / ("rapport-smtp-" + random_suffix())).string();
  std::string cmd = "bash " + script() + " start " + dir_ + " --mode " + mode;
  if (!user.empty()) cmd += " --user " + user + " --password " + password;
  if (tls.mode != "none") cmd += " --tls " + tls.mode + " --cert " + tls.cert + " --key " + tls.key;
  if (drop_after > 0) cmd += " --drop-after " + std::to_string(drop_after);
  std::string out = run(cmd);
  port_ = std::atoi(out.c_str());
  if (port_ <= 0) ADD_FAILURE() << "the SMTP server did not start: " << out;
}

SmtpServer::~SmtpServer() { run("bash " + script() + " stop " + dir_); }

std::vector<ReceivedMail> SmtpServer::wait_for(std::size_t n) const {
  namespace fs = std::filesystem;
  std::vector<ReceivedMail> out;
  for (int i = 0; i < 200; ++i) {
    out.clear();
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir_ + "/messages"))
      if (e.path().extension() == ".eml") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      fs::path envelope = f;
      envelope.replace_extension(".json");
      out.push_back({read_file(f), read_file(envelope)});
    }
    if (out.size() >= n) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return out;
}

std::size_t SmtpServer::connections() const {
  std::set<std::string> peers;
  for (const auto& e : std::filesystem::directory_iterator(dir_ + "/messages"))
    if (e.path().extension() == ".json") peers.insert(std::string(boost::json::parse(read_file(e.path())).at("peer").as_string()));
  return peers.size();
}

}  // namespace rapport::testing

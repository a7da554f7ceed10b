#include "app/data_directory.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace rapport::app {
namespace fs = std::filesystem;

std::optional<std::string> data_directory_problem(const std::string& dir) {
  std::error_code ec;
  fs::path p = fs::absolute(dir, ec);
  if (ec) return "--data " + dir + ": " + ec.message();
  if (fs::exists(p, ec)) {
    if (!fs::is_directory(p, ec)) return "--data " + dir + " is not a directory";
    if (::access(p.c_str(), W_OK | X_OK) != 0) return "--data " + dir + " is not writable by this user";
    return std::nullopt;
  }
  // It would be created: the nearest existing ancestor must let us.
  fs::path parent = p.parent_path();
  while (!parent.empty() && !fs::exists(parent, ec) && parent != parent.parent_path()) parent = parent.parent_path();
  if (!fs::is_directory(parent, ec)) return "--data " + dir + " cannot be created: " + parent.string() + " is not a directory";
  if (::access(parent.c_str(), W_OK | X_OK) != 0)
    return "--data " + dir + " cannot be created: " + parent.string() + " is not writable by this user";
  return std::nullopt;
}

void create_data_directory(const std::string& dir) {
  fs::path p(dir);
  if (fs::exists(p)) return;
  fs::create_directories(p);
  fs::permissions(p, fs::perms::owner_all, fs::perm_options::replace);
}

std::string prepare_sqlite_file(const std::string& dir) {
  create_data_directory(dir);
  fs::path p(dir);
  fs::path file = p / "rapport.db";
  // Created here rather than by SQLite so that its mode is explicit; SQLite gives -wal and -shm the same.
  int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("cannot create " + file.string() + ": " + std::strerror(errno));
  ::close(fd);
  return file.string();
}

}  // namespace rapport::app

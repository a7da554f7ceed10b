#include "app/data_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "platform/clock.hpp"

namespace rapport::app {

std::string DataLock::file_in(const std::string& data_dir) {
  return (std::filesystem::path(data_dir) / "rapport.lock").string();
}

DataLock::DataLock(const std::string& data_dir, const std::string& holder) {
  const std::string path = file_in(data_dir);
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd_ < 0) throw std::runtime_error("cannot open the lock file " + path + ": " + std::strerror(errno));
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    int err = errno;
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    std::string who = text.str();
    while (!who.empty() && (who.back() == '\n' || who.back() == ' ')) who.pop_back();
    ::close(fd_);
    fd_ = -1;
    if (err != EWOULDBLOCK) throw std::runtime_error("cannot lock " + path + ": " + std::strerror(err));
    throw DataDirectoryInUse("the data directory " + data_dir + " is in use by " +
                             (who.empty() ? "another rapport process" : who) +
                             "; stop that process first, or give this one another --data");
  }
  std::string text = holder + ", pid " + std::to_string(::getpid()) + ", started " + clock::now_text() + "\n";
  // The text is for people; a failure to write it does not make the lock any less held.
  if (::ftruncate(fd_, 0) == 0) {
    ssize_t written = ::pwrite(fd_, text.data(), text.size(), 0);
    (void)written;
  }
}

DataLock::~DataLock() {
  if (fd_ >= 0) ::close(fd_);  // releases the lock; the file stays, its text is read only while locked
}

}  // namespace rapport::app

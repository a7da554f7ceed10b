// Helpers shared by the tenancy_lifecycle_*_test.cpp files: temporary data directories, the admin's
// token, and a plain TCP connection that tells a complete HTTP response from a cut one.
#pragma once
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>

#include "harness.hpp"
#include "tenancy_helpers.hpp"

namespace rapport::testing {
namespace fs = std::filesystem;

struct TempDir {
  std::string path;
  explicit TempDir(const std::string& prefix = "rapport-life-") : path(make_temp_dir(prefix)) {}
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
};

// A plain blocking TCP connection speaking just enough HTTP/1.1 to tell a complete response from a
// cut one.
class RawConn {
 public:
  enum class Read { Complete, ClosedBeforeResponse, Truncated, Timeout };
  struct Response {
    int status = 0;
    std::string head, body;
    bool close = false;
  };

  ~RawConn() { close(); }
  bool connect(unsigned short port, int timeout_s = 30) {
    close();
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) return false;
    timeval tv{timeout_s, 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      close();
      return false;
    }
    return true;
  }
  bool is_open() const { return fd_ >= 0; }
  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  bool send_all(std::string_view data) {
    while (!data.empty()) {
      ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }
  Read read_response(Response& out) {
    std::string buf;
    std::size_t header_end = std::string::npos, need = 0;
    for (;;) {
      if (header_end == std::string::npos) {
        header_end = buf.find("\r\n\r\n");
        if (header_end != std::string::npos) {
          out.head = buf.substr(0, header_end);
          std::string lower = out.head;
          for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
          out.status = std::atoi(out.head.substr(out.head.find(' ') + 1, 3).c_str());
          auto cl = lower.find("\r\ncontent-length:");
          need = cl == std::string::npos ? 0 : std::strtoul(lower.c_str() + cl + 17, nullptr, 10);
          out.close = lower.find("\r\nconnection: close") != std::string::npos;
        }
      }
      if (header_end != std::string::npos && buf.size() >= header_end + 4 + need) {
        out.body = buf.substr(header_end + 4, need);
        return Read::Complete;
      }
      char chunk[16384];
      ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
      if (n > 0) {
        buf.append(chunk, static_cast<std::size_t>(n));
        continue;
      }
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return Read::Timeout;
      return buf.empty() ? Read::ClosedBeforeResponse : Read::Truncated;
    }
  }
  // Waits until the peer closes; true when it did within `limit`.
  bool wait_closed(std::chrono::seconds limit) {
    pollfd p{fd_, POLLIN, 0};
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      int left = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count());
      if (poll(&p, 1, std::max(left, 1)) <= 0) continue;
      char c;
      ssize_t n = ::recv(fd_, &c, 1, 0);
      if (n <= 0 && !(n < 0 && (errno == EAGAIN || errno == EINTR))) return true;
    }
    return false;
  }

 private:
  int fd_ = -1;
};

inline std::string admin_token(HttpClient& c) { return login(c, ServerProcess::admin_email(), ServerProcess::admin_password()); }

}  // namespace rapport::testing

#include "platform/net/resolver.hpp"

#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <memory>
#include <mutex>
#include <thread>

namespace rapport::net {
namespace {

struct Pending {
  std::mutex mutex;
  std::condition_variable done_cv;
  bool done = false;
  Resolution result;
};

Resolution lookup(const std::string& host) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* list = nullptr;
  int rc = getaddrinfo(host.c_str(), nullptr, &hints, &list);
  Resolution r;
  if (rc != 0) {
    r.status = rc == EAI_NONAME || rc == EAI_NODATA ? Resolution::Status::not_found : Resolution::Status::failed;
    r.error = gai_strerror(rc);
    return r;
  }
  for (auto* ai = list; ai; ai = ai->ai_next) {
    IpAddress a;
    if (ai->ai_family == AF_INET) {
      const auto* sin = reinterpret_cast<const sockaddr_in*>(ai->ai_addr);
      boost::asio::ip::address_v4::bytes_type b;
      std::memcpy(b.data(), &sin->sin_addr, 4);
      a = boost::asio::ip::address_v4(b);
    } else if (ai->ai_family == AF_INET6) {
      const auto* sin6 = reinterpret_cast<const sockaddr_in6*>(ai->ai_addr);
      boost::asio::ip::address_v6::bytes_type b;
      std::memcpy(b.data(), &sin6->sin6_addr, 16);
      a = boost::asio::ip::address_v6(b);
    } else {
      continue;
    }
    if (std::find(r.addresses.begin(), r.addresses.end(), a) == r.addresses.end()) r.addresses.push_back(a);
  }
  freeaddrinfo(list);
  r.status = r.addresses.empty() ? Resolution::Status::not_found : Resolution::Status::ok;
  if (r.addresses.empty()) r.error = "no IPv4 or IPv6 address";
  return r;
}

}  // namespace

Resolution resolve_system(const std::string& host, std::chrono::milliseconds timeout) {
  auto pending = std::make_shared<Pending>();
  std::thread([pending, host] {
    auto r = lookup(host);
    std::lock_guard lock(pending->mutex);
    pending->result = std::move(r);
    pending->done = true;
    pending->done_cv.notify_all();
  }).detach();
  std::unique_lock lock(pending->mutex);
  if (!pending->done_cv.wait_for(lock, timeout, [&] { return pending->done; }))
    return {Resolution::Status::timed_out, {}, "no answer within " + std::to_string(timeout.count()) + " ms"};
  return std::move(pending->result);
}

}  // namespace rapport::net

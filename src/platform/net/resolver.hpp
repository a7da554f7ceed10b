// Host name resolution with a deadline: getaddrinfo has none of its own (the resolver's retries can
// take tens of seconds), so it runs on a thread of its own and the caller stops waiting at the
// deadline; a late answer is dropped when it comes.
#pragma once
#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "platform/net/address_policy.hpp"

namespace rapport::net {

struct Resolution {
  enum class Status { ok, not_found, failed, timed_out };
  Status status = Status::failed;
  std::vector<IpAddress> addresses;  // every address of the answer, in its order, without repeats
  std::string error;                 // what went wrong, for a message
};

// How outbound requests resolve names; tests pass their own to pretend a name resolves somewhere.
using Resolver = std::function<Resolution(const std::string& host, std::chrono::milliseconds timeout)>;

// getaddrinfo (TCP, IPv4 and IPv6, whatever the host's own configuration) with a deadline.
Resolution resolve_system(const std::string& host, std::chrono::milliseconds timeout);

}  // namespace rapport::net

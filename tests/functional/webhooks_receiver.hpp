// A webhook receiver for the functional tests: an HTTP/1.1 server on 127.0.0.1 (a thread with a
// listening socket, one request per connection) that records every request and answers with the
// statuses it is told, then 200; and a Standard Webhooks signature check written here from the
// specification with OpenSSL's HMAC, independent of the server's own code.
#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace rapport::testing {

struct ReceivedRequest {
  std::string method, target;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

class WebhookReceiver {
 public:
  WebhookReceiver();
  ~WebhookReceiver();
  WebhookReceiver(const WebhookReceiver&) = delete;

  unsigned short port() const { return port_; }
  std::string url(const std::string& path = "/hook") const;
  // The statuses of the next answers, in order; 200 (body "ok") after them.
  void answer_next(std::vector<int> statuses);
  std::vector<ReceivedRequest> requests() const;
  // Waits until at least n requests came in all, or the timeout; returns every request so far.
  std::vector<ReceivedRequest> wait_for(std::size_t n, std::chrono::milliseconds timeout = std::chrono::seconds(15)) const;
  void clear();

 private:
  void serve();
  void handle(int fd);

  int listen_fd_ = -1;
  unsigned short port_ = 0;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  std::vector<ReceivedRequest> requests_;
  std::deque<int> statuses_;
  std::thread thread_;
};

// Whether `signature_header` (space-separated "v1,<base64>" items) holds a valid signature of
// "{id}.{timestamp}.{body}" under `secret` ("whsec_" + base64 key), per Standard Webhooks.
bool signed_by(const std::string& secret, const std::string& id, const std::string& timestamp, const std::string& body,
               const std::string& signature_header);

}  // namespace rapport::testing

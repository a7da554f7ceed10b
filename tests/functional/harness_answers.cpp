#include "harness_answers.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <gtest/gtest.h>
#include <mutex>
#include <stdexcept>

namespace rapport::testing {
namespace {

// The process's file, opened on first use; -1 when recording is off.
int answers_file() {
  static const int fd = [] {
    const char* dir = std::getenv("RAPPORT_RECORD_ANSWERS");
    if (dir == nullptr || *dir == '\0') return -1;
    std::string path = std::string(dir) + "/answers-" + std::to_string(::getpid()) + ".jsonl";
    int f = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (f < 0) throw std::runtime_error("RAPPORT_RECORD_ANSWERS: cannot open " + path);
    return f;
  }();
  return fd;
}

void append(const boost::json::object& line) {
  int fd = answers_file();
  if (fd < 0) return;
  std::string text = boost::json::serialize(line) + "\n";
  // Tests send from several threads: one write per line, under a lock, keeps lines whole.
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  for (std::size_t done = 0; done < text.size();) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n <= 0) throw std::runtime_error("RAPPORT_RECORD_ANSWERS: write failed");
    done += static_cast<std::size_t>(n);
  }
}

std::string current_test() {
  const auto* unit = ::testing::UnitTest::GetInstance();
  if (const auto* info = unit->current_test_info()) return std::string(info->test_suite_name()) + "." + info->name();
  if (const auto* suite = unit->current_test_suite()) return std::string(suite->name()) + " (suite setup)";
  return "";
}

}  // namespace

void record_answer(const std::string& method, const std::string& target, const HttpResponse& response) {
  if (answers_file() < 0) return;
  append({{"test", current_test()},
          {"method", method},
          {"target", target},
          {"status", response.status},
          {"content_type", response.header("content-type")},
          {"body", response.body}});
}

void record_test_started(const std::string& full_name) {
  if (answers_file() < 0) return;
  append({{"ran", full_name}});
}

}  // namespace rapport::testing

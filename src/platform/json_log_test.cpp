#include "platform/json_log.hpp"

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace rapport {
namespace {

std::string read_all(std::FILE* f) {
  std::rewind(f);
  std::string out;
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) out.append(buf, n);
  return out;
}

// What `log` wrote, with the log installed on a temporary file meanwhile.
template <class F>
std::string logged(F log) {
  std::FILE* f = std::tmpfile();
  EXPECT_NE(f, nullptr);
  if (!f) return {};
  auto previous = spdlog::default_logger();
  json_log::install(f);
  log();
  json_log::flush();
  std::string text = read_all(f);
  json_log::install(stdout);
  spdlog::set_default_logger(previous);
  std::fclose(f);
  return text;
}

TEST(JsonLog, EveryLineIsOneJsonObject) {
  std::string text = logged([] {
    spdlog::warn("a \"quoted\" message\nover two lines {}", 42);
    json_log::write("info", "request", boost::json::object{{"status", 404}, {"problem_type", "about:blank"}});
  });

  std::istringstream in(text);
  std::string line;
  ASSERT_TRUE(std::getline(in, line)) << text;
  auto first = boost::json::parse(line).as_object();
  EXPECT_EQ(first.at("level"), "warning");
  EXPECT_EQ(first.at("msg"), "a \"quoted\" message\nover two lines 42");
  EXPECT_EQ(first.at("ts").as_string().size(), 24u) << first.at("ts");  // 2026-01-02T03:04:05.678Z
  ASSERT_TRUE(std::getline(in, line)) << text;
  auto second = boost::json::parse(line).as_object();
  EXPECT_EQ(second.at("msg"), "request");
  EXPECT_EQ(second.at("status"), 404);
  EXPECT_FALSE(std::getline(in, line)) << text;
}

// The access log's lines are rendered as text (write_members): still one JSON object a line, with
// the same ts, level and msg, and members that need escaping escaped.
TEST(JsonLog, RenderedMembersMakeTheSameLine) {
  std::string text = logged([] {
    json_log::write_members("info", "request", R"("path":"/a\"b\nc","status":200)");
    json_log::write_members("info", "bare", "");
  });

  std::istringstream in(text);
  std::string line;
  ASSERT_TRUE(std::getline(in, line)) << text;
  auto first = boost::json::parse(line).as_object();
  EXPECT_EQ(first.at("level"), "info");
  EXPECT_EQ(first.at("msg"), "request");
  EXPECT_EQ(first.at("ts").as_string().size(), 24u) << first.at("ts");
  EXPECT_EQ(first.at("path"), "/a\"b\nc");
  EXPECT_EQ(first.at("status"), 200);
  ASSERT_TRUE(std::getline(in, line)) << text;
  auto second = boost::json::parse(line).as_object();
  EXPECT_EQ(second.size(), 3u) << line;
  EXPECT_FALSE(std::getline(in, line)) << text;
}

// The file's content read through a descriptor of its own: the flusher thread may write to `f`
// meanwhile, and reading through `f` would move the position it writes at.
std::string read_apart(std::FILE* f) {
  std::ifstream in("/proc/self/fd/" + std::to_string(fileno(f)), std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::vector<std::string> messages(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.emplace_back(boost::json::parse(line).at("msg").as_string());
  return out;
}

// The access log's lines wait to be written together, but never for long, and never behind a line
// logged after them.
TEST(JsonLog, BatchedLinesAreWrittenSoonAndInOrder) {
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  auto previous = spdlog::default_logger();
  json_log::install(f);

  json_log::write_members("info", "first", "");
  json_log::write_members("info", "second", "");
  spdlog::warn("third");  // written at once, after the two before it
  EXPECT_EQ(messages(read_all(f)), (std::vector<std::string>{"first", "second", "third"}));

  json_log::write_members("info", "fourth", "");  // nothing else logged: the flusher writes it
  std::vector<std::string> seen;
  for (int i = 0; i < 200 && seen.size() < 4; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    seen = messages(read_apart(f));
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"first", "second", "third", "fourth"})) << "within 2 s";

  json_log::write_members("info", "fifth", "");
  json_log::install(stdout);  // a batch goes to the stream it was logged for
  spdlog::set_default_logger(previous);
  EXPECT_EQ(messages(read_all(f)).back(), "fifth");
  std::fclose(f);
}

}  // namespace
}  // namespace rapport

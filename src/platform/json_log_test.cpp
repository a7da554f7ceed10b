#include "platform/json_log.hpp"

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <sstream>
#include <string>

namespace rapport {
namespace {

std::string read_all(std::FILE* f) {
  std::rewind(f);
  std::string out;
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) out.append(buf, n);
  return out;
}

TEST(JsonLog, EveryLineIsOneJsonObject) {
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  auto previous = spdlog::default_logger();
  json_log::install(f);
  spdlog::warn("a \"quoted\" message\nover two lines {}", 42);
  json_log::write("info", "request", boost::json::object{{"status", 404}, {"problem_type", "about:blank"}});
  std::string text = read_all(f);
  json_log::install(stdout);
  spdlog::set_default_logger(previous);
  std::fclose(f);

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

}  // namespace
}  // namespace rapport

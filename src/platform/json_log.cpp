#include "platform/json_log.hpp"

#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <mutex>

#include "platform/clock.hpp"
#include "platform/json_text.hpp"

namespace rapport::json_log {
namespace json = boost::json;

namespace {

std::mutex out_mu;
std::atomic<std::FILE*> out_file{nullptr};

void put(const std::string& text) {
  std::FILE* f = out_file.load();
  if (!f) f = stdout;
  std::lock_guard lock(out_mu);
  std::fwrite(text.data(), 1, text.size(), f);
  std::fflush(f);  // a line is visible (to a pipe, journald) as soon as it is logged
}

// {"ts":...,"level":...,"msg":..., then `members` (rendered fields, may be empty) and the newline.
std::string line_text(int64_t epoch_ms, std::string_view level, std::string_view msg, std::string_view members) {
  std::string text;
  text.reserve(64 + msg.size() + members.size());
  text.append("{\"ts\":");
  json_text::append_string(text, clock::format_ms(epoch_ms));
  text.append(",\"level\":");
  json_text::append_string(text, level);
  text.append(",\"msg\":");
  json_text::append_string(text, msg);
  if (!members.empty()) text.append(",").append(members);
  text.append("}\n");
  return text;
}

void emit(int64_t epoch_ms, std::string_view level, std::string_view msg, const json::object* fields) {
  json::object line;
  line["ts"] = clock::format_ms(epoch_ms);
  line["level"] = level;
  line["msg"] = msg;
  if (fields)
    for (const auto& [k, v] : *fields) line[k] = v;
  std::string text = json::serialize(line);
  text.push_back('\n');
  put(text);
}

class JsonSink final : public spdlog::sinks::base_sink<spdlog::details::null_mutex> {
 protected:
  void sink_it_(const spdlog::details::log_msg& m) override {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(m.time.time_since_epoch()).count();
    auto level = spdlog::level::to_string_view(m.level);
    emit(ms, std::string_view(level.data(), level.size()), std::string_view(m.payload.data(), m.payload.size()), nullptr);
  }
  void flush_() override {}
};

}  // namespace

void install(std::FILE* out) {
  out_file = out;
  auto logger = std::make_shared<spdlog::logger>("rapport", std::make_shared<JsonSink>());
  logger->set_level(spdlog::get_level());
  spdlog::set_default_logger(std::move(logger));
}

void write(std::string_view level, std::string_view msg, const json::object& fields) {
  emit(clock::now_ms(), level, msg, &fields);
}

void write_members(std::string_view level, std::string_view msg, std::string_view members) {
  put(line_text(clock::now_ms(), level, msg, members));
}

}  // namespace rapport::json_log

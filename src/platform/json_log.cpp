#include "platform/json_log.hpp"

#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>

#include "platform/clock.hpp"
#include "platform/json_text.hpp"

namespace rapport::json_log {
namespace json = boost::json;

namespace {

// Where lines go, and the access log's lines not written yet. Every line goes through `mu`, so lines
// keep the order they were logged in and never interleave. The state is never destroyed: the flusher
// thread may still run while the process exits.
struct Out {
  std::mutex mu;
  std::FILE* file = nullptr;  // null: stdout
  std::string pending;        // batched lines (write_members), oldest first
  std::condition_variable cv;
  std::once_flag flusher_started;
};
Out& out() {
  static Out* o = new Out;
  return *o;
}

// A batch is written once this much waits, and at most kFlushEvery after its first line.
constexpr std::size_t kBatchBytes = 64 * 1024;
constexpr auto kFlushEvery = std::chrono::milliseconds(50);

void write_pending_locked(Out& o) {
  if (o.pending.empty()) return;
  std::FILE* f = o.file ? o.file : stdout;
  std::fwrite(o.pending.data(), 1, o.pending.size(), f);
  std::fflush(f);
  o.pending.clear();
}

void flush_at_exit() {
  Out& o = out();
  std::lock_guard lock(o.mu);
  write_pending_locked(o);
}

void start_flusher(Out& o) {
  std::call_once(o.flusher_started, [&o] {
    std::atexit(flush_at_exit);
    std::thread([&o] {
      std::unique_lock lock(o.mu);
      for (;;) {
        o.cv.wait(lock, [&o] { return !o.pending.empty(); });
        o.cv.wait_for(lock, kFlushEvery);  // lines logged meanwhile join this write
        write_pending_locked(o);
      }
    }).detach();
  });
}

// A line written at once (startup, diagnostics, errors: visible to a pipe or journald as soon as it
// is logged), after the batched lines logged before it.
void put(const std::string& text) {
  Out& o = out();
  std::lock_guard lock(o.mu);
  write_pending_locked(o);
  std::FILE* f = o.file ? o.file : stdout;
  std::fwrite(text.data(), 1, text.size(), f);
  std::fflush(f);
}

// A line of the access log: one a request, so written in batches (one write system call for many
// requests' lines instead of one each), at most kFlushEvery later.
void put_batched(const std::string& text) {
  Out& o = out();
  start_flusher(o);
  std::lock_guard lock(o.mu);
  const bool was_empty = o.pending.empty();
  o.pending.append(text);
  if (o.pending.size() >= kBatchBytes) write_pending_locked(o);
  else if (was_empty) o.cv.notify_one();
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

void install(std::FILE* file) {
  {
    Out& o = out();
    std::lock_guard lock(o.mu);
    write_pending_locked(o);  // the lines logged so far belong to the stream they were logged for
    o.file = file;
  }
  auto logger = std::make_shared<spdlog::logger>("rapport", std::make_shared<JsonSink>());
  logger->set_level(spdlog::get_level());
  spdlog::set_default_logger(std::move(logger));
}

void write(std::string_view level, std::string_view msg, const json::object& fields) {
  emit(clock::now_ms(), level, msg, &fields);
}

void write_members(std::string_view level, std::string_view msg, std::string_view members) {
  put_batched(line_text(clock::now_ms(), level, msg, members));
}

void flush() {
  Out& o = out();
  std::lock_guard lock(o.mu);
  write_pending_locked(o);
}

}  // namespace rapport::json_log

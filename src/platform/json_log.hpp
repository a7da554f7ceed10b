// One log format: every line Rapport logs (startup, diagnostics, errors, the access log) is one JSON
// object on one line, {"ts":"<RFC 3339 UTC>","level":"info|warning|error|...","msg":"..."} plus the
// fields of the line, so a log shipper parses all of it the same way. Lines of different threads
// never interleave.
#pragma once
#include <boost/json.hpp>
#include <cstdio>

namespace rapport::json_log {

// Makes spdlog's default logger write JSON lines to `out` (the server: stdout; administration
// commands, whose stdout is their result: stderr).
void install(std::FILE* out);
// Writes one line with the fields given after ts, level and msg (the access log), to the stream of
// install() (stdout before it).
void write(std::string_view level, std::string_view msg, const boost::json::object& fields);
// The same with the fields already rendered as JSON object members ("\"k\":1,\"s\":\"v\"", no braces;
// empty: none): the access log writes one line per request and builds no JSON value for it. These
// lines are written in batches, at most 50 ms after they were logged (sooner once 64 KB wait, when
// any other line is logged, at flush() and at exit), never out of order with the other lines; a
// process killed outright loses the last 50 ms of them.
void write_members(std::string_view level, std::string_view msg, std::string_view members);
// Writes the batched lines now.
void flush();

}  // namespace rapport::json_log

#include "modules/marketing/tracking_flags.hpp"

#include <cctype>

namespace rapport::marketing {

namespace {

// Lower-case parts of the agents of crawlers, link scanners of mail gateways and HTTP libraries.
constexpr std::string_view kBotMarks[] = {
    "bot",         "crawler",       "spider",      "slurp",        "scanner",   "preview",     "barracuda",
    "proofpoint",  "mimecast",      "symantec",    "trendmicro",   "forcepoint", "safelinks",  "urldefense",
    "messagelabs", "fortiguard",    "sophos",      "checkpoint",   "cisco",     "ironport",    "python-",
    "curl/",       "wget/",         "go-http-client", "java/",     "okhttp",    "libwww",      "httpclient",
    "headlesschrome", "phantomjs",  "node-fetch",  "axios/",       "postman",   "masscan",     "zgrab"};

bool contains_nocase(std::string_view haystack, std::string_view lower_needle) {
  if (lower_needle.size() > haystack.size()) return false;
  for (std::size_t i = 0; i + lower_needle.size() <= haystack.size(); ++i) {
    std::size_t k = 0;
    while (k < lower_needle.size() &&
           static_cast<char>(std::tolower(static_cast<unsigned char>(haystack[i + k]))) == lower_needle[k])
      ++k;
    if (k == lower_needle.size()) return true;
  }
  return false;
}

}  // namespace

EventFlags judge_event(std::string_view user_agent, int64_t issued_s, int64_t now_ms) {
  EventFlags f;
  if (user_agent.size() > 512) user_agent = user_agent.substr(0, 512);  // bounded work per request
  f.bot = user_agent.empty();
  for (std::string_view mark : kBotMarks)
    if (!f.bot && contains_nocase(user_agent, mark)) f.bot = true;
  const int64_t since_s = now_ms / 1000 - issued_s;
  f.prefetch = (since_s >= 0 && since_s < kPrefetchWindowS) || user_agent == "Mozilla/5.0";
  return f;
}

}  // namespace rapport::marketing

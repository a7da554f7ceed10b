// The date_relative trigger's recurring scan. One installation-wide schedule (every 5 minutes, one
// job per period whichever node fires it) runs automation.date_scan, which looks, for each enabled
// date_relative rule of every workspace, for the records whose date fires (date_window.hpp, in the
// rule's workspace's time zone) within (the rule's watermark, now], and enqueues one automation.run
// per (rule, record, date value): the run's trigger key "date:<value>:<record>" is unique per rule, so
// a date fires once and a date moved to a later moment fires again.
//
// Each rule is scanned in its own transaction, which enqueues its runs and moves its mark
// (automation_store.hpp ScanMark): at most kScanRecordsPerRule records per rule per scan; a window
// with more is continued by the next scan after its last record id before a new window opens. A rule
// created, re-enabled or given a new trigger starts at that moment (automation_service.cpp), so dates
// already past do not flood; a scan that did not run for a while looks back at most kMaxScanWindowDays.
#pragma once
#include <cstdint>
#include <vector>

#include "platform/db/database.hpp"
#include "platform/jobs/job.hpp"
#include "platform/records/spec.hpp"

namespace rapport::automation {

inline constexpr int kScanRecordsPerRule = 1000;
inline constexpr int64_t kMaxScanWindowDays = 7;
inline constexpr const char* kDateScanJob = "automation.date_scan";
inline constexpr const char* kDateScanCron = "*/5 * * * *";

// Scans every enabled date_relative rule up to `now_ms`; returns how many runs it enqueued.
int scan_dates(db::Database& db, const std::vector<const records::ObjectSpec*>& specs, int64_t now_ms);

// The automation.date_scan job (scans up to the clock's now).
jobs::JobType date_scan_job_type(db::Database& db, std::vector<const records::ObjectSpec*> specs);
// Creates or replaces the installation's schedule of that job (at start-up).
Status install_date_scan(db::Database& db);

}  // namespace rapport::automation

// A report's answer as an email: the subject, an HTML table and its plain-text twin, and the CSV of
// the same rows (report_output.hpp's write_table, so the columns and the totals are those of
// POST /api/v1/reports/run?format=csv). Pure. At most kMaxGroups rows (the answer's own bound), so
// the message stays small enough to send.
#pragma once
#include <string>

#include "modules/analytics/report_service.hpp"

namespace rapport::analytics {

struct ReportEmail {
  std::string subject, text, html;
  std::string csv, csv_name;  // the attachment: "<report name>.csv" (a safe file name)
};

// `report_name`: the saved report's name; `sent_for`: the period's time as the schedule fired it
// (RFC 3339), shown in the subject's date.
Result<ReportEmail> report_email(const std::string& report_name, const RunAnswer& answer, const std::string& sent_for);

}  // namespace rapport::analytics

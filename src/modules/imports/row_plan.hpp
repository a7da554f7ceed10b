// One record of a file turned into what the import will write: the record's body as
// POST /api/v1/<object> takes it (fields, `custom`), the names the import resolves in the database
// (company, owner, pipeline, stage, a deal's contact), the external id and the history dates; or the
// row's errors, one per cell that cannot be read (column, value, reason), so that a bad row is a
// failed row with its reasons, never half-stored. Pure: the database is not asked (the record engine
// validates the body when it is written, as for any request).
#pragma once
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <boost/json.hpp>

#include "modules/imports/csv_reader.hpp"
#include "modules/imports/deal_links.hpp"
#include "modules/imports/field_value.hpp"
#include "modules/imports/mapping.hpp"

namespace rapport::imports {

constexpr std::size_t kMaxExternalIdBytes = 255;

struct RowError {
  std::string column;  // the header (empty: the row as a whole)
  std::string value;
  std::string message;
};

struct RowPlan {
  uint64_t line = 0;
  bool blank = false;  // every cell empty: nothing to import, not an error
  boost::json::object body;
  std::string company, company_domain, pipeline, stage, owner, contact_email, external_id;
  std::optional<std::string> created_at, closed_at;  // RFC 3339 UTC
  std::vector<DealContact> contacts;                 // a deal's `deal_contacts` (found by e-mail when written)
  std::vector<StageEntry> stage_history;             // a deal's `stage_history` (history: admins only)
  std::vector<RowError> errors;
};

// The columns of one file, resolved from its header once, then each record planned alike.
class RowPlanner {
 public:
  // `targets` must outlive the planner (the columns point into it).
  RowPlanner(std::string object, const std::vector<Target>& targets, std::vector<std::string> headers,
             const std::vector<ColumnMatch>& matches, ImportOptions options, jobs::TimeZone zone);
  // Not for several threads at once: the planner remembers the conversions of repeated cells.
  RowPlan plan(const CsvRecord& record);
  // Which column fills each target, for the answer that shows the mapping used.
  const std::vector<const Target*>& columns() const { return columns_; }

 private:
  std::string object_;
  std::vector<std::string> headers_;
  std::vector<const Target*> columns_;  // per column; nullptr: not imported
  ImportOptions options_;
  jobs::TimeZone zone_;
  std::optional<std::size_t> country_column_, currency_column_;
  bool has_first_or_last_ = false;
  bool has_currency_field_ = false;
  // Per column, the converted values of cells that repeat down a file (a picklist, a country, a
  // yes/no): their conversion depends on the text alone, and case folding them is most of the cost
  // of a row without phone numbers. At most kRepeatsKept texts per column.
  static constexpr std::size_t kRepeatsKept = 512;
  std::vector<std::unordered_map<std::string, Cell<boost::json::value>>> repeats_;
  const Cell<boost::json::value>& repeated(std::size_t column, std::string_view text, const RowDefaults& d);  // an amount's currency is written there when no column gives it
};

}  // namespace rapport::imports

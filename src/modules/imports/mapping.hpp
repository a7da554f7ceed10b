// How a file is imported: which column fills which target, and the options of the conversion. A
// mapping is written by the caller (`rapport import --mapping FILE`, the body of a saved mapping
// reused by `mapping_id`) as JSON:
//   {"columns": {"E-Mail-Adresse": "email", "Kunde seit": "created_at", "Fax": null},
//    "date_order": "dmy" | "mdy", "currency": "EUR", "region": "DE",
//    "create_companies": true, "match_on": "email" | "domain" | "external_id" | "none",
//    "on_duplicate": "skip" | "update" | "create"}
// Columns are named by their header as written (so a mapping serves every export of the same shape,
// whatever the order of its columns); null leaves a column out; a column the mapping does not name is
// matched automatically (header_match.hpp). Every key is optional.
#pragma once
#include <map>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "modules/imports/convert_date.hpp"
#include "modules/imports/header_match.hpp"
#include "modules/imports/targets.hpp"
#include "platform/problem.hpp"

namespace rapport::imports {

constexpr std::size_t kMaxMappedColumns = 1000;
constexpr std::size_t kMaxHeaderBytes = 255;

enum class OnDuplicate { Skip, Update, Create };

struct ImportOptions {
  DateOrder date_order = DateOrder::DayMonthYear;
  std::string currency;          // for amounts that name none, when the row has no currency column
  std::string region;            // for phone numbers without a country code, when the row has no country
  bool create_companies = true;  // a company looked up by name or domain and not found is created
  std::string match_on;          // "email", "domain", "external_id", or "none"; empty: the object's default
  OnDuplicate on_duplicate = OnDuplicate::Skip;
};

struct Mapping {
  std::map<std::string, std::optional<std::string>> columns;  // header -> target (nullopt: left out)
  ImportOptions options;
};

// Reads a mapping for `object`, checking every target against `targets` and the options against
// what the object has (`match_on: "domain"` for companies and leads only, ...): 422 naming each
// failing key (`columns.<header>`, `date_order`, ...).
Result<Mapping> read_mapping(const boost::json::value& body, std::string_view object, const std::vector<Target>& targets);
boost::json::object mapping_json(const Mapping& m);

// The object's default `match_on`: email for contacts and leads, domain for companies, external_id
// for deals.
std::string default_match_on(std::string_view object);

// The target of each column of a file: the mapping's where it names the header, match_columns for the
// rest (a target the mapping gives is not given again by the automatic match).
std::vector<ColumnMatch> resolve_columns(const Mapping& m, std::string_view object, const std::vector<std::string>& headers,
                                         const std::vector<Target>& targets);

}  // namespace rapport::imports

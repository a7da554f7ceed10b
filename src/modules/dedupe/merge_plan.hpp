// What a merge of records of one object asks for and how it combines them, before anything is read
// or written: the request body's checks, and for every field the caller may see and change each
// record's value and the one that survives. Pure: no database.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json.hpp>

#include "platform/problem.hpp"

namespace rapport::dedupe {

// 2 to 10 records a merge (the first survives).
inline constexpr std::size_t kMinMerged = 2, kMaxMerged = 10;

struct MergeRequest {
  std::vector<std::string> ids;  // the survivor first
  // Field (or "custom.<name>") -> the id, one of ids, whose value survives.
  std::vector<std::pair<std::string, std::string>> values;
  bool dry_run = false;
};
// The body's "ids": 2 to 10 distinct record ids (kept in `out` in order); each bad part an error
// naming it ("ids", "ids[3]"). `what` says what the ids are, for the error when they are missing.
void parse_record_ids(const boost::json::object& body, std::string_view what, std::vector<std::string>& out,
                      std::vector<FieldError>& errors);

// The body {"ids": [...], "values": {...}, "dry_run": false}: ids are 2 to 10 distinct record ids,
// values map a field to one of them. 400 for a body that is not that shape, 422 naming each bad part.
Result<MergeRequest> parse_merge_request(const boost::json::object& body);

struct FieldChoice {
  std::string field;                     // a business field, or "custom.<name>"
  std::vector<boost::json::value> values;  // one a record, in the request's order
  std::size_t chosen = 0;                // the index whose value survives
  bool asked = false;                    // the request chose it (else the default rule did)
};
// Every field of `fields` (business fields the caller may see and change) and of `custom` (custom
// fields likewise), for `records` (full JSON forms, the survivor first, "custom" an object): the
// value the request chose, else the survivor's when it has one (not null, "" or an empty list), else
// the first other record's that has one. 422 for a chosen field that is none of them.
Result<std::vector<FieldChoice>> plan_fields(const std::vector<boost::json::object>& records,
                                             const std::vector<std::string>& fields, const std::vector<std::string>& custom,
                                             const MergeRequest& request);

// A record's value of a business field or of "custom.<name>" (null when it has none), and setting it.
const boost::json::value& field_value(const boost::json::object& record, std::string_view field);
void set_field(boost::json::object& record, std::string_view field, const boost::json::value& v);

// The survivor (records[0]) with the chosen values written in.
boost::json::object merged_record(const boost::json::object& survivor, const std::vector<FieldChoice>& plan);

}  // namespace rapport::dedupe

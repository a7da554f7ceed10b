// The description of a record type (companies, contacts, activities, ...): its table, its fields
// with their types and rules, and the hooks through which a module adds what is particular to it.
// The generic store, validation, list queries, routes and OpenAPI schemas are all driven by it, so a
// field is declared once.
#pragma once
#include <boost/json.hpp>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "platform/identity/context.hpp"
#include "platform/db/connection.hpp"
#include "platform/problem.hpp"

namespace rapport::records {

enum class FieldType {
  String,     // short single-line text
  Text,       // long text
  Email,
  Phone,      // stored in E.164
  Url,
  Domain,     // host name, stored lower case
  Country,    // ISO 3166-1 alpha-2
  Currency,   // ISO 4217
  Integer,
  Money,      // integer minor units; the currency lives in another field
  Boolean,
  DateTime,   // RFC 3339, stored normalised to UTC with milliseconds
  Date,       // YYYY-MM-DD
  Enum,       // one of options
  Reference,  // id of a row of ref_table in the same workspace that counts under ref_policy
  EmailList,  // JSON array of email addresses
  PhoneList,  // JSON array of phone numbers (E.164)
  Tags,       // JSON array of labels: trimmed, 1..kMaxTagChars characters each, unique case-insensitively
              // (the first spelling is kept), at most kMaxTags; filtered through the record_tags table
};

inline constexpr std::size_t kMaxTags = 50;       // per record and field
inline constexpr std::size_t kMaxTagChars = 64;   // per tag

// A field whose value is a JSON array (never null: empty when cleared).
inline bool is_list(FieldType t) { return t == FieldType::EmailList || t == FieldType::PhoneList || t == FieldType::Tags; }

const char* type_name(FieldType t);

// When the row a Reference field names counts as existing (the declaring module chooses; checked in
// the write transaction, records::reference_exists).
enum class ReferencePolicy {
  ReadableRecord,  // a live record (not in the recycle bin) the caller's role lets them read: a
                   // record the caller may not read is, to them, no record at all
  Active,          // a row whose `active` flag is set (a user who can still sign in)
  Unarchived,      // a row whose `archived_at` is not set (configuration, e.g. a pipeline)
};

// A column a table export (CSV, XLSX) writes after a reference's id: a column of the row it points to
// ("company": the company's name), so that the file names what it refers to and an import into
// another workspace (whose ids differ) finds it by that name (modules/imports' lookups).
struct ExportLabel {
  std::string header;  // the export's column, named as the import's lookup: "company", "owner"
  std::string column;  // of the referenced table: "name", "email"
};

struct FieldSpec {
  std::string name;  // JSON name and column name
  FieldType type = FieldType::String;
  bool required = false;     // must be present and non-empty on create, cannot be cleared
  bool writable = true;      // false: set by the server only
  std::size_t max_length = 255;
  std::optional<double> min, max;
  std::vector<std::string> options;  // Enum values
  std::string ref_table;             // Reference target table
  ReferencePolicy ref_policy = ReferencePolicy::ReadableRecord;  // when its row counts (Reference)
  bool sortable = false;             // has an index (workspace_id, name, id) for keyset pages
  bool nocase = false;               // compares and sorts case-insensitively (by its folded key)
  bool filterable = true;
  std::string description;
  std::vector<ExportLabel> export_labels;  // Reference: what a table export names beside the id

  // Compared, sorted and kept unique by its case-folded key (platform/case_fold.hpp), which the store
  // writes beside the value in the column key_column(): case-insensitive names, e-mail addresses and
  // lists of them, tags. Both engines then match and order these fields alike.
  bool folded() const { return nocase || type == FieldType::Email || type == FieldType::EmailList || type == FieldType::Tags; }
  std::string key_column() const { return name + "_key"; }
};

struct Record;  // forward

// Module hooks. All run inside the write transaction (conn is the writer) except decorate.
struct Hooks {
  // Adjusts the merged record before validation of consistency (e.g. default values).
  std::function<void(boost::json::object& merged, bool creating)> normalize;
  // Fills values that depend on stored data into the merged record (e.g. a deal's first stage, its
  // closing time when its stage is won or lost); runs in the write transaction before the checks.
  std::function<void(db::Connection&, const identity::Context&, boost::json::object& merged, bool creating)> resolve;
  // Cross-field and cross-record rules on the merged record and the extra keys; append to errors.
  std::function<void(db::Connection&, const identity::Context&, const boost::json::object& merged,
                     const boost::json::object& extras, bool creating, std::vector<FieldError>& errors)>
      check;
  // Extra body keys the module accepts beyond its fields (e.g. contact_ids on activities);
  // apply_extras puts what they ask for into the merged record (so a change to them is a change of
  // the record, diffed and audited like a field), check validates them, after_write persists them.
  std::vector<std::string> extra_keys;
  std::function<void(boost::json::object& merged, const boost::json::object& extras)> apply_extras;
  std::function<void(db::Connection&, const identity::Context&, const std::string& id, const boost::json::object& input,
                     const boost::json::object& stored)>
      after_write;
  // Adds derived values to a record read for output (e.g. an activity's links).
  std::function<void(db::Connection&, const identity::Context&, boost::json::object& out)> decorate;
};

struct UniqueRule {
  std::string field;  // case-insensitive when the field is folded()
};

// What GET /api/v1/search matches on a record (platform/records/search.*). The fields of a group are
// indexed together: one column of SQLite's `<object>_search` FTS5 table and one weight (A, B, C, D in
// group order) of PostgreSQL's `rapport_<object>_search(<the groups' fields in order>)` tsvector
// (migration 0018, which must follow this declaration). A group is matched only when the caller's
// role hides none of its fields.
struct SearchGroup {
  std::string name;                 // the FTS5 column
  std::vector<std::string> fields;
  bool phone = false;               // E.164 numbers: also matched by the query's digits
};
struct SearchSpec {
  std::vector<SearchGroup> groups;  // at most four; none: the object is not searchable
  // The parts of a result's subtitle (joined by " · "); a Reference field shows its record's display.
  std::vector<std::string> subtitle;
};

// A list filter on a link table rather than a column: filter[<name>][eq|in]=<ids> keeps the records
// that `table` links to one of the ids (deals by contact through deal_contacts). The table holds
// workspace_id, and an index (workspace_id, <other_column>, <own_column>) serves the filter.
struct LinkFilter {
  std::string name;          // the filter's field name: "contact_id"
  std::string table;         // "deal_contacts"
  std::string own_column;    // the record's id in the table: "deal_id"
  std::string other_column;  // the filter's value: "contact_id"
  std::string description;   // for the OpenAPI document
};

// A file format of whole records that the object's export offers beside the tables (CSV, XLSX)
// and NDJSON: vCard for contacts, iCalendar for meetings and tasks. The module writes each record
// (as GET returns it) between `begin` and `end`; `write` may write nothing for a record the format
// has no place for (an activity that is neither a meeting nor a task).
struct RecordFormat {
  std::string name;          // the export's format parameter: "vcf"
  std::string content_type;  // "text/vcard; charset=utf-8"
  std::string extension;     // of the file name the download suggests
  std::string begin, end;
  std::function<void(const boost::json::object& record, std::string& out)> write;
};

// A column the store keeps beside a record's fields and never returns as one: written with every
// insert and update from the record being written, and read by the object's page decorator
// (page_decoration.hpp) so that a list page need not query for what it shows beside each record (a
// ticket's SLA). `value` gives the column's text, or NULL for "not known from this record": an
// insert then stores NULL and an update keeps what the column holds, and the decorator reads what a
// NULL stands for another way.
struct KeptColumn {
  std::string column;
  std::function<db::Value(const boost::json::object& record)> value;
};

struct ObjectSpec {
  std::string object;       // plural API name and table: "contacts"
  std::string singular;     // "contact"
  std::string title;        // "Contact"
  std::vector<FieldSpec> fields;  // business fields only; system fields are added by the engine
  std::vector<UniqueRule> unique;
  // How lists such as the recycle bin name a record: alternatives tried in order, the first that is
  // not empty wins; an alternative joins its fields' values with a space ({{"first_name",
  // "last_name"}, {"email"}}). Fields hidden from the caller are left out (records::display_sql).
  std::vector<std::vector<std::string>> display;
  std::string default_sort = "-created_at";
  // The table has an erased_at column (modules/privacy): an erased record is a tombstone that the
  // recycle bin does not list and restore does not bring back.
  bool erasable = false;
  SearchSpec search;
  std::vector<LinkFilter> link_filters;
  Hooks hooks;
  // JSON Schemas of extra keys that are not lists of ids (read and written under the same name).
  boost::json::object extra_schemas;
  std::vector<RecordFormat> record_formats;
  std::vector<KeptColumn> kept_columns;  // TEXT columns of the table, after the folded keys

  const FieldSpec* field(std::string_view name) const;
  // Appends a business field and returns it for further settings.
  FieldSpec& add(std::string name, FieldType type, std::size_t max_length = 255);
};

// System fields every record has, in column order after the business fields.
const std::vector<FieldSpec>& system_fields();
const FieldSpec* find_field(const ObjectSpec& spec, std::string_view name);  // business or system

}  // namespace rapport::records

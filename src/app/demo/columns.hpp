// The shape of generated rows as they travel from the thread that builds them to the one that inserts
// them: the column layouts (matching the INSERT statements below), the Chunk that holds a batch of rows,
// and setters that reuse the string buffers of a chunk's values.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "platform/db/sqlite.hpp"

namespace rapport::app::demo {

// Values bound to a reused statement; strings are assigned in place so their buffers are reused.
inline void set(db::Value& v, std::string_view s) {
  auto* p = std::get_if<std::string>(&v);
  if (!p) p = &v.emplace<std::string>();
  p->assign(s.data(), s.size());
}
inline void set(db::Value& v, int64_t i) { v = i; }
inline void set_null(db::Value& v) { v = nullptr; }

// A batch of rows, `cols` values each; a producer fills it, the inserting thread consumes it.
struct Chunk {
  explicit Chunk(int c) : cols(static_cast<std::size_t>(c)) {}
  std::size_t cols;
  std::size_t rows = 0;
  std::vector<db::Value> values;    // rows x cols, reused from chunk to chunk
  std::vector<uint32_t> suffix_at;  // per row: where a uniqueness suffix goes in its unique text column
  std::vector<int64_t> index;       // per row: the record's index in its generator's arrays
  void reset(std::size_t n) {
    rows = n;
    if (values.size() < n * cols) values.resize(n * cols);
    if (suffix_at.size() < n) suffix_at.resize(n);
    if (index.size() < n) index.resize(n);
  }
  db::Value* row(std::size_t r) { return values.data() + r * cols; }
};

// Column layouts: the ?N placeholders of the inserts below, in order.
namespace company_col {
enum : std::size_t { kId, kWs, kName, kDomain, kIndustry, kSize, kEmployees, kWebsite, kPhone, kCity, kCountry,
                     kDescription, kOwner, kCreated, kUpdated, kNameKey, kCount };
}
namespace contact_col {
enum : std::size_t { kId, kWs, kFirst, kLast, kEmail, kPhone, kCompany, kTitle, kStage, kCity, kCountry, kOwner,
                     kCreated, kUpdated, kFirstKey, kLastKey, kCount };
}
namespace activity_col {
// kContactId and kCompanyId are not activity columns: they feed the activity_links rows.
enum : std::size_t { kId, kWs, kType, kSubject, kBody, kOccurred, kDue, kDone, kCompleted, kDirection, kDuration,
                     kOutcome, kStarts, kEnds, kLocation, kAttendees, kFrom, kTo, kOwner, kCreated, kUpdated,
                     kAttendeesKey, kFromKey, kToKey, kCount, kContactId = kCount, kCompanyId, kChunkCols };
}

inline constexpr const char* kInsertCompany =
    "INSERT INTO companies(id, workspace_id, name, domain, industry, size, employee_count, website, phone, city, "
    "country, description, owner_id, custom, created_at, updated_at, created_by, version, name_key) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, '{}', ?14, ?15, ?13, 1, ?16)";
inline constexpr const char* kInsertContact =
    "INSERT INTO contacts(id, workspace_id, first_name, last_name, email, phone, emails, phones, company_id, "
    "job_title, lifecycle_stage, city, country, owner_id, custom, created_at, updated_at, created_by, version, "
    "first_name_key, last_name_key, email_key, emails_key) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, '[]', '[]', ?7, ?8, ?9, ?10, ?11, ?12, '{}', ?13, ?14, ?12, 1, ?15, ?16, ?5, '[]')";
inline constexpr const char* kInsertActivity =
    "INSERT INTO activities(id, workspace_id, type, subject, body, occurred_at, due_at, done, completed_at, "
    "direction, duration_seconds, outcome, starts_at, ends_at, location, attendees, email_from, email_to, "
    "owner_id, custom, created_at, updated_at, created_by, version, attendees_key, email_from_key, email_to_key) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, '{}', ?20, "
    "?21, ?19, 1, ?22, ?23, ?24)";
inline constexpr const char* kInsertLink =
    "INSERT INTO activity_links(workspace_id, activity_id, target_type, target_id, occurred_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5)";

}  // namespace rapport::app::demo

// The records the matcher compares, read from their tables: contacts, companies and leads, each
// described by the columns that hold its name, addresses, phones and domain.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "modules/dedupe/matcher.hpp"
#include "platform/db/connection.hpp"

namespace rapport::dedupe {

// The objects duplicates are looked for in.
inline constexpr std::string_view kObjects[] = {"contacts", "companies", "leads"};
bool is_deduplicated(std::string_view object);
Kind kind_of(std::string_view object);

// Every live record of the object in the workspace, prepared (the scan).
std::vector<Candidate> load_all(db::Connection& c, const std::string& workspace_id, std::string_view object);

// One live record of the object, prepared; nullopt when there is none.
std::optional<Candidate> load_one(db::Connection& c, const std::string& workspace_id, std::string_view object,
                                  const std::string& id);

// The live records that may be the same as `rec` (not itself), prepared: those sharing its e-mail
// address, phone, domain, first or last name (or a company's name), found through the indexes on
// those columns; a value more than kMaxBlock records share is passed by, as the scan does.
std::vector<Candidate> load_near(db::Connection& c, const std::string& workspace_id, std::string_view object,
                                 const Candidate& rec);

}  // namespace rapport::dedupe

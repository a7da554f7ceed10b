// A workspace's leads or deals as the scoring models see them (features.hpp's Examples), read from
// the database: the closed ones (the history a model learns from, the newest kMaxTrainingRows) and
// the open ones (the records to score). Each closed record's facts are taken as they stood when its
// outcome was known (activities, campaign engagement and time in stage up to then), so that what
// happened after a deal was won does not teach the model that winning deals have activities.
//
// Leads: converted (1, known at converted_at) or unqualified (0, known at its last change); source,
// country, which contact details it has, activities by type (last 14 days, in all), days since the
// last one, days open, custom fields. Deals: won (1) or lost (0), known at closed_at; amount and
// currency, its last open stage and the days spent in it, days open, the company's industry, size,
// country and employees, its contacts and their campaign emails opened and clicked, the source of
// the lead it came from, activities, custom fields.
#pragma once
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "modules/scoring/features.hpp"
#include "platform/db/connection.hpp"

namespace rapport::scoring {

inline constexpr const char* kObjects[] = {"leads", "deals"};
bool is_scored(std::string_view object);

struct History {
  std::vector<Example> records;
  std::map<std::string, std::string> labels;  // the words of custom fields' and companies' keys
};

// open = false: the closed records, newest first, at most `limit`; open = true: the open ones.
History load_history(db::Connection& c, const std::string& workspace_id, std::string_view object, bool open,
                     int64_t now_ms, std::size_t limit);

}  // namespace rapport::scoring

// The segment conditions about a contact's reading of campaigns (related_facts.hpp registers them):
//
// - "opened_campaign" and "clicked_campaign": true (opened / clicked some campaign's message), false
//   (never did), or {"campaign_id"?, "days"?}: that campaign's message, within the last N days
//   (1..3650, up to now). Read from tracking_events; events flagged bot or prefetch do not count
//   (a scanner or a mail client's prefetch is no person reading). Each compiles to `id IN (...)`
//   (`id NOT IN (...)` for false) over the events' index.
#pragma once
#include "modules/marketing/related_facts.hpp"

namespace rapport::marketing {

std::optional<Sql> opened_campaign(const boost::json::value& value, const std::string& path, const FilterScope& scope,
                                   std::vector<FieldError>& errors);
std::optional<Sql> clicked_campaign(const boost::json::value& value, const std::string& path, const FilterScope& scope,
                                    std::vector<FieldError>& errors);

}  // namespace rapport::marketing

// How many of a campaign's audience it would mail if it were sent now, and why the others would be
// skipped: the numbers the send confirmation shows before anything is sent. The rules are those of
// the send (campaign_jobs' skip reasons, privacy::may_contact for email_marketing), applied in bulk:
// one query over the audience with each contact's newest email_marketing consent, then the
// suppression list asked 500 addresses at a time for those who granted it.
#pragma once
#include <cstdint>
#include <string>

#include "modules/marketing/segment_filter.hpp"
#include "platform/db/connection.hpp"

namespace rapport::marketing {

struct AudienceReach {
  int64_t contacts = 0;      // live contacts of the audience (what freezing would insert)
  int64_t will_receive = 0;  // those may_contact(email_marketing) lets through
  int64_t no_email = 0, no_consent = 0, suppressed = 0;
};

// `audience` is audience_sql's condition over `contacts` (" AND ...").
AudienceReach count_reach(db::Connection& c, const std::string& workspace_id, const Sql& audience);

}  // namespace rapport::marketing

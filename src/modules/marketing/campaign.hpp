// An email campaign: one message with merge fields ({{contact.first_name}}) sent to an audience, the
// contacts of some segments and static lists less those of the exclusion segments and lists, at a
// bounded rate, through the job queue (campaign_jobs.hpp). Its life: draft (edited freely) ->
// scheduled (send asked, for now or scheduled_at) -> sending (the audience frozen into recipients)
// -> sent; paused from scheduled or sending, and resumed.
#pragma once
#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "modules/marketing/tracking_html.hpp"

namespace rapport::marketing {

constexpr std::size_t kMaxCampaigns = 1000;            // per workspace: the list needs no paging
constexpr std::size_t kMaxAudienceIds = 20;            // segments or lists in each of the audience's four arrays
constexpr std::size_t kMaxSubjectChars = 500;
constexpr int64_t kMaxRatePerMinute = 100000;
constexpr int64_t kDefaultRatePerMinute = 1000;
constexpr int64_t kMaxScheduleAheadMs = 366LL * 24 * 3600 * 1000;  // scheduled_at at most a year ahead

// UTM parameters (campaign.utm): a value given is at most this long; one left empty is the default
// below, utm_campaign's the campaign's name (when it is sent).
constexpr std::size_t kMaxUtmChars = 200;
inline constexpr const char* kDefaultUtmSource = "rapport";
inline constexpr const char* kDefaultUtmMedium = "email";

// Campaign statuses, in the order of their life.
inline constexpr const char* kCampaignStatuses[] = {"draft", "scheduled", "sending", "paused", "sent"};

// Who gets it: contacts in any of the segments or lists, and in none of the exclusions.
struct Audience {
  std::vector<std::string> segment_ids, list_ids, exclude_segment_ids, exclude_list_ids;

  bool empty() const { return segment_ids.empty() && list_ids.empty(); }
  boost::json::object to_json() const;
  static Audience from_json(const boost::json::value& v);  // the stored JSON (the server's own)
};

struct Campaign {
  std::string id, name;
  std::string subject, from;  // from: the workspace's sender (email settings)
  std::string html, text;     // the parts, with merge fields; text empty: made from the HTML when sent
  Audience audience;
  int64_t rate_per_minute = kDefaultRatePerMinute;
  // UTM parameters added to each tracked link (tracking_html.hpp with_utm); nullopt: none. As the
  // author gave them: an empty one takes its default when read through link_utm().
  std::optional<Utm> utm;
  std::string status = "draft";
  std::optional<std::string> scheduled_at, frozen_at, finished_at;
  std::string send_job_id;  // the campaign.send job that may send now (campaign_jobs.cpp); empty: none
  std::optional<std::string> error;  // why the sending paused by itself (a segment gone, no email settings)
  std::string created_by;   // empty for the server's own
  int64_t version = 1;
  std::string created_at, updated_at;

  // The UTM parameters its links get: none without utm, else each given one or its default.
  Utm link_utm() const;
  boost::json::object to_json() const;  // utm shown as link_utm() gives it, or null
};

}  // namespace rapport::marketing

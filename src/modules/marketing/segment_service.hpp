// The rules of segments, each use case one transaction (audience_access.hpp says who):
// - a filter is compiled at save, as it will run (segment_filter.hpp: the workspace's custom fields,
//   the pipeline and stage it names, the fields the caller's role hides): 422 naming the path of each
//   bad condition, nothing stored;
// - names are unique in the workspace, case-insensitively (409 naming the other segment); at most
//   kMaxSegments a workspace (409);
// - the members are the contacts meeting the filter now, in the caller's contact read scope: one
//   query per page (and one for count=true). A stored filter that no longer compiles (a custom field
//   it names was deleted, or the caller's role hides a field it filters on) is a 409 saying why;
// - every write is audited (object "segments"); a PATCH that changes nothing writes nothing.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "modules/marketing/audience_input.hpp"
#include "modules/marketing/segment.hpp"
#include "modules/marketing/segment_filter.hpp"
#include "platform/db/database.hpp"
#include "platform/records/store.hpp"

namespace rapport::marketing {

class SegmentService {
 public:
  // contacts: the contacts' record store, which reads the members as the contacts list does.
  SegmentService(db::Database& db, const records::Store& contacts, const records::ObjectSpec& companies)
      : db_(db), contacts_(contacts), companies_(companies) {}

  Result<std::vector<Segment>> list(const identity::Context& ctx);
  Result<Segment> get(const identity::Context& ctx, const std::string& id);
  Result<Segment> create(const identity::Context& ctx, const SegmentChange& in);
  // if_match: the ETag the caller read (empty: none); a stale one is 412.
  Result<Segment> update(const identity::Context& ctx, const std::string& id, const SegmentChange& in, std::string_view if_match);
  Status remove(const identity::Context& ctx, const std::string& id, std::string_view if_match);
  // A page of members as JSON text (members_page.hpp); query: limit, cursor, count.
  Result<std::string> members(const identity::Context& ctx, const std::string& id,
                              const std::vector<std::pair<std::string, std::string>>& query);
  // The builder's preview of an unsaved filter: {"total", "data": the first page, "next_cursor"}.
  Result<std::string> preview(const identity::Context& ctx, const Preview& in);
  // The filter as SQL for this caller now (422 naming each bad condition); campaigns freeze their
  // audience with it.
  Result<Sql> compile(db::Connection& c, const identity::Context& ctx, const boost::json::value& filter) const;

 private:
  // The filter compiles for this caller now (422 naming each bad condition).
  Status check_filter(db::Connection& c, const identity::Context& ctx, const Segment& s) const;

  db::Database& db_;
  const records::Store& contacts_;
  const records::ObjectSpec& companies_;
};

}  // namespace rapport::marketing

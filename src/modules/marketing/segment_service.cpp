#include "modules/marketing/segment_service.hpp"

#include "modules/marketing/audience_access.hpp"
#include "modules/marketing/audience_writes.hpp"
#include "modules/marketing/members_page.hpp"
#include "modules/marketing/segment_store.hpp"
#include "platform/clock.hpp"
#include "platform/ids.hpp"
#include "platform/journal.hpp"
#include "platform/records/custom_fields.hpp"

namespace rapport::marketing {
namespace json = boost::json;

Result<Sql> SegmentService::compile(db::Connection& c, const identity::Context& ctx, const json::value& filter) const {
  std::vector<records::CustomFieldDef> contact_fields, company_fields;
  if (names_custom_fields(filter)) {
    contact_fields = records::load_custom_fields(c, ctx.workspace_id, contacts_.spec().object);
    company_fields = records::load_custom_fields(c, ctx.workspace_id, companies_.object);
  }
  const FilterScope scope{.c = c, .caller = ctx, .contacts = contacts_.spec(), .companies = companies_,
                          .contact_fields = contact_fields, .company_fields = company_fields, .now_ms = clock::now_ms()};
  return compile_filter(filter, scope);
}

Status SegmentService::check_filter(db::Connection& c, const identity::Context& ctx, const Segment& s) const {
  if (auto sql = compile(c, ctx, s.filter); !sql) return sql.take_problem();
  return ok_status();
}

namespace {

const AudienceTable<Segment>& segments_table() {
  static const AudienceTable<Segment> table{
      "segments",           "segment",         kMaxSegments, segment_store::find, segment_store::list, segment_store::count,
      segment_store::same_name, segment_store::insert, segment_store::update, segment_store::remove};
  return table;
}

}  // namespace

Result<std::vector<Segment>> SegmentService::list(const identity::Context& ctx) { return list_audiences(db_, ctx, segments_table()); }

Result<Segment> SegmentService::get(const identity::Context& ctx, const std::string& id) {
  return get_audience(db_, ctx, segments_table(), id);
}

Result<Segment> SegmentService::create(const identity::Context& ctx, const SegmentChange& in) {
  if (!manages_audiences(ctx)) return cannot_manage();
  Segment s;
  s.name = in.name.value_or("");
  s.filter = in.filter.value_or(json::object{});
  return create_audience<Segment>(db_, ctx, segments_table(), std::move(s),
                                  [&](db::Connection& c, const Segment& v) { return check_filter(c, ctx, v); });
}

Result<Segment> SegmentService::update(const identity::Context& ctx, const std::string& id, const SegmentChange& in,
                                       std::string_view if_match) {
  if (!manages_audiences(ctx)) return cannot_manage();
  return change_audience<Segment>(
      db_, ctx, segments_table(), id, if_match,
      [&](Segment& s) {
        if (in.name) s.name = *in.name;
        if (in.filter) s.filter = *in.filter;
      },
      [&](db::Connection& c, const Segment& s) { return check_filter(c, ctx, s); });
}

Status SegmentService::remove(const identity::Context& ctx, const std::string& id, std::string_view if_match) {
  if (!manages_audiences(ctx)) return cannot_manage();
  return remove_audience(db_, ctx, segments_table(), id, if_match);
}

Result<std::string> SegmentService::members(const identity::Context& ctx, const std::string& id,
                                            const std::vector<std::pair<std::string, std::string>>& query) {
  if (!reads_audiences(ctx)) return cannot_read();
  if (!ids::is_uuid(id)) return Problem::not_found();
  auto params = read_page_params(query);
  if (!params) return params.take_problem();
  return db_.read([&](db::Connection& c) -> Result<std::string> {
    auto s = segment_store::find(c, ctx.workspace_id, id);
    if (!s) return Problem::not_found();
    auto sql = compile(c, ctx, s->filter);
    if (!sql) {
      Problem p = sql.take_problem();
      return Problem::conflict("The segment's filter cannot run now: " + (p.errors.empty() ? p.detail : p.errors[0].field + " " + p.errors[0].message),
                               std::move(p.errors));
    }
    return members_page(c, ctx, contacts_, *sql, *params);
  });
}

Result<std::string> SegmentService::preview(const identity::Context& ctx, const Preview& in) {
  if (!manages_audiences(ctx)) return cannot_manage();
  records::ListParams params;
  params.limit = in.limit;
  params.count = true;
  return db_.read([&](db::Connection& c) -> Result<std::string> {
    auto sql = compile(c, ctx, in.filter);
    if (!sql) return sql.take_problem();
    return members_page(c, ctx, contacts_, *sql, params);
  });
}

}  // namespace rapport::marketing

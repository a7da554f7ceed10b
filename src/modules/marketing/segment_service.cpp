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

Status SegmentService::check_stored(db::Connection& c, const identity::Context& ctx, const Segment& s, const std::string& except_id) const {
  if (auto sql = compile(c, ctx, s.filter); !sql) return sql.take_problem();
  if (auto other = segment_store::same_name(c, ctx.workspace_id, s.name, except_id)) {
    FieldError e{"name", "unique", "is the name of another segment"};
    e.extra["existing_id"] = *other;
    return Problem::conflict("A segment with this name exists", {e});
  }
  return ok_status();
}

Result<std::vector<Segment>> SegmentService::list(const identity::Context& ctx) {
  if (!reads_audiences(ctx)) return cannot_read();
  return db_.read_statement([&](db::Connection& c) { return segment_store::list(c, ctx.workspace_id); });
}

Result<Segment> SegmentService::get(const identity::Context& ctx, const std::string& id) {
  if (!reads_audiences(ctx)) return cannot_read();
  if (!ids::is_uuid(id)) return Problem::not_found();
  auto s = db_.read_statement([&](db::Connection& c) { return segment_store::find(c, ctx.workspace_id, id); });
  if (!s) return Problem::not_found();
  return std::move(*s);
}

Result<Segment> SegmentService::create(const identity::Context& ctx, const SegmentChange& in) {
  if (!manages_audiences(ctx)) return cannot_manage();
  Segment s;
  s.id = ids::uuid_v7();
  s.name = in.name.value_or("");
  s.filter = in.filter.value_or(json::object{});
  s.created_by = ctx.user_id;
  s.created_at = s.updated_at = clock::now_text();
  auto st = db_.write([&](db::Connection& c) -> Status {
    if (segment_store::count(c, ctx.workspace_id) >= static_cast<int64_t>(kMaxSegments))
      return Problem::conflict("The workspace has " + std::to_string(kMaxSegments) + " segments already");
    if (auto st = check_stored(c, ctx, s, ""); !st) return st;
    segment_store::insert(c, ctx.workspace_id, s);
    journal::audit(c, ctx, "segments", s.id, "create", journal::diff(json::object{}, s.to_json()));
    return ok_status();
  });
  if (!st) return st.take_problem();
  return s;
}

namespace {

const AudienceTable<Segment>& segments_table() {
  static const AudienceTable<Segment> table{"segments", "segment", segment_store::find, segment_store::update, segment_store::remove};
  return table;
}

}  // namespace

Result<Segment> SegmentService::update(const identity::Context& ctx, const std::string& id, const SegmentChange& in,
                                       std::string_view if_match) {
  if (!manages_audiences(ctx)) return cannot_manage();
  return change_audience<Segment>(
      db_, ctx, segments_table(), id, if_match,
      [&](Segment& s) {
        if (in.name) s.name = *in.name;
        if (in.filter) s.filter = *in.filter;
      },
      [&](db::Connection& c, const Segment& s) { return check_stored(c, ctx, s, s.id); });
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

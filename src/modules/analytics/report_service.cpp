#include "modules/analytics/report_service.hpp"

#include "access/workspace_settings.hpp"
#include "platform/records/scope.hpp"

namespace rapport::analytics {

Result<RunAnswer> run_definition(db::Database& db, const access::Context& ctx, const boost::json::object& body,
                                 const std::vector<const records::ObjectSpec*>& specs) {
  auto spec = report_object(body, specs);
  if (!spec) return spec.take_problem();
  if (ctx.scope((*spec)->object, access::Action::Read) == access::Scope::None)
    return records::not_allowed(access::Action::Read, (*spec)->singular);
  return db.read([&](db::Connection& c) -> Result<RunAnswer> {
    const auto custom = records::load_custom_fields(c, ctx.workspace_id, (*spec)->object);
    auto d = parse_definition(body, **spec, custom, ctx);
    if (!d) return d.take_problem();
    const std::string zone_name = access::workspace_time_zone(c, ctx.workspace_id);
    auto zone = jobs::time_zone(zone_name.empty() ? "UTC" : zone_name);
    if (!zone) zone = jobs::time_zone("UTC");  // a stored zone ICU no longer knows: UTC rather than a 500
    auto data = run_report(c, ctx, *d, custom, *zone);
    if (!data) return data.take_problem();
    return RunAnswer{std::move(*d), std::move(*data), zone->id()};
  });
}

}  // namespace rapport::analytics

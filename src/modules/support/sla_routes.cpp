#include "modules/support/sla_routes.hpp"

#include "modules/support/sla_config.hpp"
#include "platform/http/crud_routes.hpp"

namespace rapport::support {
namespace json = boost::json;

namespace {

constexpr const char* kCalendarCreate =
    "A time zone, opening hours per weekday (several intervals a day; a close at or before the open runs overnight) "
    "and holidays (local dates). team_id makes it the calendar of that team's tickets (one per team); is_default the "
    "calendar of every other ticket (a new default replaces the old). SLA policies time tickets on it unless they "
    "name another calendar or count calendar time. At most 100 per workspace (409).";
constexpr const char* kCalendarPatch =
    "The keys given replace the stored ones (week and holidays whole). The workspace's open tickets are re-timed "
    "(support.sla_refresh job).";
constexpr const char* kCalendarDelete = "409 while an SLA policy names it.";

constexpr const char* kPolicyCreate =
    "A ticket is timed by the first policy, by position (then id), whose conditions it meets: every condition kind "
    "given must hold (priority in the list, company_id in the list, the ticket's tags holding any of the list). "
    "Targets in minutes, one number for every priority or an object of priorities: first_response (from creation to "
    "the first public reply), next_response (from a customer's message after a reply to the next reply), resolution "
    "(from creation to solved; reopening resumes it). The clock runs on business_hours_id's calendar, else the "
    "ticket's team's, else the workspace's default, else round the clock; calendar_time counts round the clock. It "
    "stops in pause_statuses (default pending and on_hold) and while solved or closed. warning: ticket.sla_warning "
    "at percent of a target's time or minutes_before its due time (default 80 percent; null: none); "
    "ticket.sla_breached at the due time. At most 50 policies per workspace (409).";
constexpr const char* kPolicyPatch =
    "The keys given replace the stored ones (conditions and targets whole). The workspace's open tickets are re-timed "
    "(support.sla_refresh job).";
constexpr const char* kPolicyDelete = "The workspace's open tickets are re-timed under the remaining policies.";

// What a configuration family's routes say: its path and schema, the words for one and many, and
// the descriptions of its writes.
struct Words {
  std::string path, schema, one, many;
  const char *create, *patch, *remove;
};

// One configuration family's five routes (members read, admins write: 403 before anything is read),
// its use cases taking the database.
template <typename T>
void add_family(http::Api& api, db::Database& db, const Words& w, Result<std::vector<T>> (*list)(db::Database&, const identity::Context&),
                Result<T> (*get)(db::Database&, const identity::Context&, const std::string&),
                Result<T> (*create)(db::Database&, const identity::Context&, const json::object&),
                Result<T> (*update)(db::Database&, const identity::Context&, const std::string&, const json::object&, std::string_view),
                Status (*remove)(db::Database&, const identity::Context&, const std::string&, std::string_view)) {
  using std::placeholders::_1, std::placeholders::_2, std::placeholders::_3, std::placeholders::_4;
  auto admins = http::admins_gate("change the workspace's " + w.many);
  http::add_crud_routes<T>(
      api, {.path = w.path,
            .tag = "SLA",
            .schema = w.schema,
            .list_doc = {.summary = "List the workspace's " + w.many},
            .create_doc = {.summary = "Create " + w.one + "; admins only", .description = w.create},
            .read_doc = {.summary = "Read " + w.one},
            .change_doc = {.summary = "Change " + w.one + "; admins only", .description = w.patch},
            .delete_doc = {.summary = "Delete " + w.one + "; admins only",
                           .description = w.remove,
                           .problems = {{409, "Still in use (business hours an SLA policy times its targets with)"}}},
            .may_create = admins,
            .may_change = admins,
            .handlers = {.list = std::bind(list, std::ref(db), _1),
                         .get = std::bind(get, std::ref(db), _1, _2),
                         .create = std::bind(create, std::ref(db), _1, _2),
                         .update = std::bind(update, std::ref(db), _1, _2, _3, _4),
                         .remove = std::bind(remove, std::ref(db), _1, _2, _3)}});
}

}  // namespace

void add_sla_routes(http::Api& api, db::Database& db) {
  add_family<BusinessHours>(api, db,
                            {"/api/v1/business-hours", "BusinessHours", "a business-hours calendar", "business-hours calendars",
                             kCalendarCreate, kCalendarPatch, kCalendarDelete},
                            list_calendars, get_calendar, create_calendar, update_calendar, delete_calendar);
  add_family<SlaPolicy>(api, db,
                        {"/api/v1/sla-policies", "SlaPolicy", "an SLA policy", "SLA policies", kPolicyCreate, kPolicyPatch,
                         kPolicyDelete},
                        list_policies, get_policy, create_policy, update_policy, delete_policy);
}

}  // namespace rapport::support

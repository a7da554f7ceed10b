// The automation routes read the path, the query and the body and answer; the rules are the service's.
#include "modules/automation/routes.hpp"

#include "platform/http/admins_only.hpp"
#include "modules/automation/automation_store.hpp"
#include "platform/records/keyset_query.hpp"

namespace rapport::automation {
namespace json = boost::json;
using http::Request;
using http::Response;

namespace {

Response with_etag(int status, const Rule& r) {
  Response out = http::json(status, r.to_json());
  out.header("ETag", http::etag(r.version));
  return out;
}

// Every route here is an admin's (http::admins_only).
http::ApiHandler admins_only(http::ApiHandler h) {
  return http::admins_only("see and change the workspace's automations", std::move(h));
}

// enable and disable: a PATCH of `enabled` alone (a new version, audited as enable/disable).
http::ApiHandler toggle(std::shared_ptr<AutomationService> service, bool enabled) {
  return admins_only([service, enabled](Request& req, const identity::Context& ctx) -> Response {
    RuleChange in;
    in.enabled = enabled;
    auto r = service->update(ctx, req.param("id"), in, req.header("If-Match"));
    if (!r) return http::fail(r.problem(), req);
    return with_etag(200, *r);
  });
}

}  // namespace

void add_routes(http::Api& api, std::shared_ptr<AutomationService> service) {
  const std::string tag = "Automations";

  api.route("GET", "/api/v1/automations",
            admins_only([service](Request& req, const identity::Context& ctx) -> Response {
              auto list = service->list(ctx);
              if (!list) return http::fail(list.problem(), req);
              json::array data;
              for (const auto& r : *list) data.push_back(r.to_json());
              return http::json(200, json::object{{"data", std::move(data)}});
            }),
            {.summary = "List the workspace's automation rules; admins only",
             .description = "Oldest first; a workspace has at most 200.", .tag = tag, .response_schema = "AutomationList",
             .restricted = true});

  api.route("POST", "/api/v1/automations",
            admins_only([service](Request& req, const identity::Context& ctx) -> Response {
              auto body = http::parse_json_object(req);
              if (!body) return http::fail(body.problem(), req);
              auto in = read_rule_body(*body, true);
              if (!in) return http::fail(in.problem(), req);
              auto r = service->create(ctx, *in);
              if (!r) return http::fail(r.problem(), req);
              Response out = with_etag(201, *r);
              out.header("Location", "/api/v1/automations/" + r->id);
              return out;
            }),
            {.summary = "Create an automation rule (version 1); admins only",
             .description = "A trigger, conditions in the list filter language (plus the changed, changed_from and "
                            "changed_to operators on update-like triggers) and ordered actions. Everything is checked "
                            "before anything is stored: field values as the object validates them, and the author's own "
                            "rights (each action must be something the author may do). Every bad part is a field error "
                            "of one 422 (conditions.<i>, actions.<i>.fields.<name>, ...).",
             .tag = tag, .request_schema = "AutomationInput", .response_schema = "Automation", .success_status = 201,
             .restricted = true, .sends_etag = true, .sends_location = true,
             .problems = {{409, "The workspace has 200 automations already"},
                          {503, "DNS did not answer for a call_webhook URL's host in time; retry"}}});

  api.route("GET", "/api/v1/automations/{id}",
            admins_only([service](Request& req, const identity::Context& ctx) -> Response {
              auto r = service->get(ctx, req.param("id"));
              if (!r) return http::fail(r.problem(), req);
              return with_etag(200, *r);
            }),
            {.summary = "Read an automation rule; admins only", .tag = tag, .response_schema = "Automation",
             .restricted = true, .sends_etag = true});

  api.route("PATCH", "/api/v1/automations/{id}",
            admins_only([service](Request& req, const identity::Context& ctx) -> Response {
              auto body = http::parse_json_object(req);
              if (!body) return http::fail(body.problem(), req);
              auto in = read_rule_body(*body, false);
              if (!in) return http::fail(in.problem(), req);
              auto r = service->update(ctx, req.param("id"), *in, req.header("If-Match"));
              if (!r) return http::fail(r.problem(), req);
              return with_etag(200, *r);
            }),
            {.summary = "Change an automation rule: a new version; admins only",
             .description = "The rule after the change is checked whole, with the rights of the admin changing it. "
                            "A change makes a new version (runs record the version they used); a PATCH that changes "
                            "nothing makes none. Enabling a rule the server paused clears paused_reason.",
             .tag = tag, .request_schema = "AutomationPatch", .response_schema = "Automation", .conditional = true,
             .restricted = true, .sends_etag = true,
             .problems = {{503, "DNS did not answer for a call_webhook URL's host in time; retry"}}});

  api.route("DELETE", "/api/v1/automations/{id}",
            admins_only([service](Request& req, const identity::Context& ctx) -> Response {
              auto st = service->remove(ctx, req.param("id"), req.header("If-Match"));
              if (!st) return http::fail(st.problem(), req);
              return http::no_content();
            }),
            {.summary = "Delete an automation rule, its versions and its run log; admins only",
             .description = "Runs still queued do nothing when they come up.", .tag = tag, .success_status = 204,
             .conditional = true, .restricted = true});

  api.route("POST", "/api/v1/automations/{id}/enable", toggle(service, true),
            {.summary = "Enable an automation rule (clears a pause); admins only", .tag = tag,
             .response_schema = "Automation", .conditional = true, .restricted = true, .sends_etag = true});
  api.route("POST", "/api/v1/automations/{id}/disable", toggle(service, false),
            {.summary = "Disable an automation rule; admins only", .tag = tag, .response_schema = "Automation",
             .conditional = true, .restricted = true, .sends_etag = true});

  api.route("GET", "/api/v1/automations/{id}/runs",
            admins_only([service](Request& req, const identity::Context& ctx) -> Response {
              auto q = records::keyset::parse_query(store::run_order(), {}, req.query);
              if (!q) return http::fail(q.problem(), req);
              auto page = service->runs(ctx, req.param("id"), *q);
              if (!page) return http::fail(page.problem(), req);
              return http::json(200, *page);
            }),
            {.summary = "A rule's run log, newest first: what started each run, on which record, each action's outcome; admins only",
             .description = "status is running, succeeded, failed (an action failed: its error is in its step, the "
                            "actions after it are not_run) or skipped (reason says why: the conditions did not hold, "
                            "the change was made too many automation runs deep, or the rule was paused).",
             .tag = tag, .response_schema = "AutomationRunPage",
             .query_params = {{.name = "limit", .description = "1 to 500, default 50", .type = "integer", .minimum = 1, .maximum = 500},
                              {"cursor", "next_cursor of the previous page"}},
             .restricted = true});

  api.route("POST", "/api/v1/automations/{id}/test",
            admins_only([service](Request& req, const identity::Context& ctx) -> Response {
              // Another workspace's rule is 404 whatever the body.
              if (auto rule = service->get(ctx, req.param("id")); !rule) return http::fail(rule.problem(), req);
              auto body = http::parse_json_object(req);
              if (!body) return http::fail(body.problem(), req);
              std::vector<FieldError> errors;
              for (const auto& kv : *body)
                if (kv.key() != "record_id") errors.push_back({std::string(kv.key()), "unknown", "is not a field of a test (record_id)"});
              const auto* id = body->if_contains("record_id");
              if (!id || !id->is_string() || id->as_string().empty() || id->as_string().size() > 100)
                errors.push_back({"record_id", "required", "must be the id of a record of the rule's object"});
              if (!errors.empty()) return http::fail(Problem::invalid(std::move(errors)), req);
              auto out = service->test(ctx, req.param("id"), std::string(id->as_string()));
              if (!out) return http::fail(out.problem(), req);
              return http::json(200, *out);
            }),
            {.summary = "Dry run: whether the rule's conditions hold for a record now, and what each action would do; admins only",
             .description = "Nothing is written and nothing is called: update_fields, move_deal, add_tag, assign_owner and assign_round_robin "
                            "show each field's before and after (the member or agent round-robin would pick), "
                            "create_task and create_activity the activity they would create, call_webhook the request. "
                            "Each action is planned on the record as it is now. \"changed\" conditions need an event's "
                            "change and are not evaluated (met: null).",
             .tag = tag, .request_schema = "AutomationTestInput", .response_schema = "AutomationTestResult",
             .restricted = true});
}

}  // namespace rapport::automation

#include "modules/scoring/routes.hpp"

#include "modules/scoring/history.hpp"
#include "modules/scoring/model_store.hpp"
#include "modules/scoring/refresh_job.hpp"
#include "modules/scoring/trainer.hpp"
#include "modules/scoring/training_job.hpp"

namespace rapport::scoring {
namespace json = boost::json;
using http::Request;
using http::Response;

namespace {

// The object parameter: absent (both) or given once, leads or deals.
Result<std::vector<std::string>> objects_of(const Request& req) {
  std::vector<std::string> given;
  for (const auto& [k, v] : req.query)
    if (k == "object") given.push_back(v);
  if (given.empty()) return std::vector<std::string>{std::begin(kObjects), std::end(kObjects)};
  if (given.size() != 1 || !is_scored(given[0])) return Problem::bad_request("object is leads or deals, given at most once");
  return given;
}

}  // namespace

void add_routes(http::Api& api, db::Database& db) {
  const std::string tag = "Scoring";
  db::Database* database = &db;
  const std::vector<std::string> objects{std::begin(kObjects), std::end(kObjects)};

  api.route("GET", "/api/v1/scoring/models",
            [database](Request& req, const identity::Context& ctx) -> Response {
              auto asked = objects_of(req);
              if (!asked) return http::fail(asked.problem(), req);
              std::vector<std::string> readable;
              for (const auto& o : *asked)
                if (ctx.scope(o, identity::Action::Read) != identity::Scope::None) readable.push_back(o);
              if (readable.empty()) return http::fail(Problem::forbidden("Your role can read neither leads nor deals"), req);
              json::array data;
              database->read([&](db::Connection& c) {
                for (const auto& o : readable) data.push_back(describe_object(c, ctx.workspace_id, o));
              });
              return http::json(200, json::object{{"data", std::move(data)}});
            },
            {.summary = "Lead and deal scoring: its state and each model's evaluation",
             .description =
                 "For leads and deals (those your role may read): whether scoring is on and why (off with fewer than 50 "
                 "closed records of each outcome: converted and disqualified leads, won and lost deals), and the newest "
                 "training runs (at most 20), each with its outcome (active: the model scoring the open records; retired: "
                 "replaced by a better one; rejected: not better than the historical rate per source, than chance or than "
                 "the model in place; insufficient_data), the reason in words, its AUC, the AUC's 95% lower bound and log "
                 "loss on the newest fifth of the closed records (a time split: it learnt from the oldest 60% and was "
                 "calibrated, by Platt scaling, on the next 20%), the baseline's and the previous model's figures on the "
                 "same records, the calibration table, the data it saw (counts and period of each part) and the features "
                 "it used. Runs nightly and on POST /api/v1/scoring/train.",
             .tag = tag, .response_schema = "ScoringState",
             .query_params = {{.name = "object", .description = "Only this record type (default both)", .values = objects}},
             .restricted = true});

  api.route("POST", "/api/v1/scoring/train",
            [database](Request& req, const identity::Context& ctx) -> Response {
              if (!ctx.is_admin()) return http::fail(Problem::forbidden("Training the scoring models is for admins"), req);
              auto asked = objects_of(req);
              if (!asked) return http::fail(asked.problem(), req);
              std::string job_id;
              auto st = database->write([&](db::Connection& c) -> Status {
                job_id = enqueue_training(c, ctx.workspace_id, *asked);
                return ok_status();
              });
              if (!st) return http::fail(st.problem(), req);
              json::array list;
              for (const auto& o : *asked) list.emplace_back(o);
              Response res = http::json(202, json::object{{"job_id", job_id.empty() ? json::value(nullptr) : json::value(job_id)},
                                                          {"objects", std::move(list)}});
              if (!job_id.empty()) res.header("Location", "/api/v1/jobs/" + job_id);
              return res;
            },
            {.summary = "Train the lead and deal scoring models now",
             .description =
                 "Enqueues the scoring.train job (admins), which trains a model per object on the workspace's closed "
                 "records (the newest 200,000 at most), keeps it only when it beats the historical rate per source, chance "
                 "and the model in place on the newest fifth, then scores every open record (`score` and `score_factors` "
                 "of leads and deals). One training is pending per workspace and set of objects: another request answers "
                 "the pending job. Follow it at GET /api/v1/jobs/{id}.",
             .tag = tag, .response_schema = "ScoringTraining", .success_status = 202,
             .query_params = {{.name = "object", .description = "Only this record type (default both)", .values = objects}},
             .restricted = true, .sends_location = true});

  api.route("POST", "/api/v1/scoring/refresh",
            [database, objects](Request& req, const identity::Context& ctx) -> Response {
              if (!ctx.is_admin()) return http::fail(Problem::forbidden("Refreshing the scores is for admins"), req);
              std::string job_id;
              auto st = database->write([&](db::Connection& c) -> Status {
                job_id = enqueue_refresh(c, ctx.workspace_id);
                return ok_status();
              });
              if (!st) return http::fail(st.problem(), req);
              json::array list;
              for (const auto& o : objects) list.emplace_back(o);
              Response res = http::json(202, json::object{{"job_id", job_id.empty() ? json::value(nullptr) : json::value(job_id)},
                                                          {"objects", std::move(list)}});
              if (!job_id.empty()) res.header("Location", "/api/v1/jobs/" + job_id);
              return res;
            },
            {.summary = "Rescore the leads and deals whose facts changed, now",
             .description =
                 "Enqueues the scoring.refresh job (admins), which also runs every hour: with the models in place, it "
                 "rescores the open leads and deals changed since the workspace's last scoring run (the record itself, "
                 "or an activity linked to it added, changed or deleted), at most 5,000 of each a run; the nightly "
                 "training rescores every open record. Nothing is trained. One refresh is pending per workspace: another "
                 "request answers the pending job. Follow it at GET /api/v1/jobs/{id}.",
             .tag = tag, .response_schema = "ScoringTraining", .success_status = 202,
             .restricted = true, .sends_location = true});
}

}  // namespace rapport::scoring

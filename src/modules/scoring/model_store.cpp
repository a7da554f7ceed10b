#include "modules/scoring/model_store.hpp"

#include "platform/ids.hpp"

namespace rapport::scoring {
namespace json = boost::json;

std::string store_run(db::Connection& c, const std::string& workspace_id, std::string_view object, const TrainResult& r,
                      const std::string& now) {
  const std::string obj(object);
  json::array features;
  db::Value model = nullptr;
  if (r.model) {
    for (const auto& f : r.model->features) features.push_back(f.to_json());
    model = r.model->booster.save();
    c.prepare("UPDATE scoring_models SET outcome = 'retired', model = NULL WHERE workspace_id = ? AND object_type = ? AND outcome = 'active'")
        .bind_all({workspace_id, obj})
        .run();
  }
  const std::string id = ids::uuid_v7();
  c.prepare("INSERT INTO scoring_models(id, workspace_id, object_type, trained_at, outcome, reason, evaluation, features, model) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all({id, workspace_id, obj, now, r.outcome, r.reason, json::serialize(r.evaluation), json::serialize(features), model})
      .run();
  // The newest runs only (the active one always stays).
  c.prepare("DELETE FROM scoring_models WHERE workspace_id = ? AND object_type = ? AND outcome <> 'active' AND id NOT IN "
            "(SELECT id FROM scoring_models WHERE workspace_id = ? AND object_type = ? ORDER BY trained_at DESC, id DESC LIMIT ?)")
      .bind_all({workspace_id, obj, workspace_id, obj, int64_t{kKeptRuns}})
      .run();
  return id;
}

std::optional<ActiveModel> load_active(db::Connection& c, const std::string& workspace_id, std::string_view object) {
  auto& st = c.prepare("SELECT id, features, evaluation, model FROM scoring_models WHERE workspace_id = ? AND object_type = ? "
                       "AND outcome = 'active' AND model IS NOT NULL ORDER BY trained_at DESC LIMIT 1");
  st.bind_all({workspace_id, std::string(object)});
  std::optional<ActiveModel> out;
  if (st.step()) {
    ActiveModel m;
    m.id = st.text(0);
    m.model.features = Feature::list_from_json(json::parse(st.text(1)));
    auto eval = json::parse(st.text(2));
    const auto& cal = eval.at("calibration").as_object();
    m.model.platt = {cal.at("a").to_number<double>(), cal.at("b").to_number<double>()};
    m.model.booster = Booster::load(st.text(3));
    out = std::move(m);
  }
  st.reset();
  return out;
}

json::object describe_object(db::Connection& c, const std::string& workspace_id, std::string_view object) {
  auto& st = c.prepare("SELECT id, trained_at, outcome, reason, evaluation, features FROM scoring_models "
                       "WHERE workspace_id = ? AND object_type = ? ORDER BY trained_at DESC, id DESC");
  st.bind_all({workspace_id, std::string(object)});
  json::array runs;
  json::value active = nullptr;
  std::string state_reason;
  while (st.step()) {
    json::object run{{"id", st.text(0)}, {"object", object}, {"trained_at", st.text(1)}, {"outcome", st.text(2)}, {"reason", st.text(3)}};
    json::object eval = json::parse(st.text(4)).as_object();
    for (auto& kv : eval) run[kv.key()] = kv.value();
    json::array names;
    for (const auto& f : Feature::list_from_json(json::parse(st.text(5)))) names.push_back(json::value(f.name()));
    run["features"] = std::move(names);
    if (run.at("outcome") == "active") active = st.text(0);
    if (state_reason.empty()) state_reason = st.text(3);  // the newest run's
    runs.push_back(std::move(run));
  }
  st.reset();
  json::object o{{"object", object}, {"scoring", !active.is_null()}, {"active_model_id", active}};
  if (runs.empty()) o["reason"] = "Scoring is off: no model has been trained yet (POST /api/v1/scoring/train, or wait for the nightly run)";
  else if (active.is_null()) o["reason"] = state_reason;
  else o["reason"] = "Scoring is on: " + std::string(runs.front().at("id") == active ? "" : "the newest run was not kept; ") +
                     "the active model scores the open records";
  o["models"] = std::move(runs);
  return o;
}

}  // namespace rapport::scoring

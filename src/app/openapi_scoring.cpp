// Scoring (modules/scoring): ScoringState, ScoringObject, ScoringModel, ScoringTraining.
#include "app/openapi_scoring.hpp"
#include "app/openapi_schema.hpp"

namespace rapport::app {
namespace json = boost::json;

void add_scoring_schemas(json::object& schemas) {
  json::object object{{"type", "string"}, {"enum", json::array{"leads", "deals"}}};
  json::object number{{"type", "number"}};
  json::object count{{"type", "integer"}, {"minimum", 0}};
  json::object time{{"type", "string"}, {"format", "date-time"}};
  json::object figures = closed(obj({{"auc", number}, {"log_loss", number}}, {"auc", "log_loss"}));
  json::object baseline = figures;
  baseline["properties"].as_object()["description"] = str();
  json::object part = closed(obj({{"records", count}, {"positives", count}, {"negatives", count}, {"from", time}, {"to", time}},
                                 {"records", "positives", "negatives"}));
  json::object data = closed(obj({{"all", part},
                                  {"train", described(part, "The oldest 60%: what the model learnt from")},
                                  {"calibration", described(part, "The next 20%: what its probabilities were calibrated on")},
                                  {"test", described(part, "The newest 20%: what it was judged on")},
                                  {"minimum_each_outcome", count},
                                  {"capped_at", described(count, "Present when only this many newest closed records were read")}},
                                 {"all", "minimum_each_outcome"}));
  json::object bin = closed(obj({{"from", count}, {"to", count}, {"records", count}, {"mean_predicted", number}, {"observed_rate", number}},
                                {"from", "to", "records", "mean_predicted", "observed_rate"}));
  json::object previous = figures;
  previous["type"] = json::array{"object", "null"};
  schemas["ScoringModel"] = closed(obj(
      {{"id", json::object{{"type", "string"}, {"format", "uuid"}}},
       {"object", object},
       {"trained_at", time},
       {"outcome", described(json::object{{"type", "string"}, {"enum", json::array{"active", "retired", "rejected", "insufficient_data"}}},
                             "active: scores the open records; retired: replaced by a better model; rejected: not kept; "
                             "insufficient_data: too few closed records of an outcome")},
       {"reason", str()},
       {"data", data},
       {"auc", described(number, "On the newest fifth (absent without a model)")},
       {"auc_lower_bound", described(number, "The AUC's 95% lower bound (Hanley-McNeil): above 0.5 for a model that was kept")},
       {"log_loss", number},
       {"calibration", closed(obj({{"method", str()}, {"a", number}, {"b", number}}, {"method", "a", "b"}))},
       {"calibration_table", array_of(bin)},
       {"baseline", described(baseline, "The historical conversion or win rate per source, on the same records")},
       {"previous", described(previous, "The model in place before, on the same records (null when there was none)")},
       {"features", described(array_of(str()), "The model's inputs: numbers by name, categories as name=value")}},
      {"id", "object", "trained_at", "outcome", "reason", "data", "features"}));
  schemas["ScoringObject"] = closed(obj({{"object", object},
                                         {"scoring", described(boolean(), "Whether open records carry a score")},
                                         {"active_model_id", json::object{{"type", json::array{"string", "null"}}, {"format", "uuid"}}},
                                         {"reason", str()},
                                         {"models", array_of(ref("ScoringModel"))}},
                                        {"object", "scoring", "active_model_id", "reason", "models"}));
  schemas["ScoringState"] = closed(obj({{"data", array_of(ref("ScoringObject"))}}, {"data"}));
  schemas["ScoringTraining"] = closed(obj({{"job_id", described(json::object{{"type", json::array{"string", "null"}}, {"format", "uuid"}},
                                                                "The training job (null in the rare case it finished meanwhile)")},
                                           {"objects", array_of(object)}},
                                          {"job_id", "objects"}));
}

}  // namespace rapport::app

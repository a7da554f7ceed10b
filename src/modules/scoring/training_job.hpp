// The scoring.train job: for one workspace, train a lead and a deal model on its closed records
// (trainer.hpp), keep the better one, then score every open record with the model in place (or
// clear the scores while scoring is off). The installation's nightly scoring.schedule job enqueues
// one for each workspace; POST /api/v1/scoring/train enqueues one now.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "modules/scoring/trainer.hpp"
#include "platform/db/database.hpp"
#include "platform/jobs/job.hpp"

namespace rapport::scoring {

inline constexpr const char* kTrainJob = "scoring.train";
inline constexpr const char* kScheduleJob = "scoring.schedule";
inline constexpr const char* kScheduleCron = "30 2 * * *";  // nightly, 02:30 UTC
inline constexpr std::size_t kMaxScoredRows = 1'000'000;    // open records scored a run at most
inline constexpr std::size_t kScoreBatch = 5'000;           // records scored and written at once

struct RunFigures {
  std::string outcome;  // of the training
  std::size_t closed = 0, scored = 0;
  int64_t read_ms = 0, train_ms = 0, score_ms = 0;
};
// Trains and scores one object of a workspace now (the job's work; also the benchmark's).
RunFigures train_and_score(db::Database& db, const std::string& workspace_id, std::string_view object);
// Scores the open records with the active model (clears their scores when there is none).
std::size_t score_open(db::Database& db, const std::string& workspace_id, std::string_view object);

// Closed records keep no score (it was a forecast of what is now known): clears theirs.
void clear_closed_scores(db::Connection& c, const std::string& workspace_id, std::string_view object);
// Writes the scores and factors of `rows` (scored[i] is rows[i]'s), without a new version.
void write_scores(db::Connection& c, const std::string& workspace_id, std::string_view object,
                  const std::vector<const Example*>& rows, const std::vector<Scored>& scored);

jobs::JobType train_job_type(db::Database& db);
jobs::JobType schedule_job_type(db::Database& db);
Status install_schedule(db::Database& db);
// Enqueues training of the objects (leads, deals) in the caller's transaction, one pending per
// workspace; returns the job's id.
std::string enqueue_training(db::Connection& c, const std::string& workspace_id, const std::vector<std::string>& objects);

}  // namespace rapport::scoring

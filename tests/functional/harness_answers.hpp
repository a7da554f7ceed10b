// Records the answers the functional tests receive, so that tests/openapi_answers.sh can check each
// one against the OpenAPI document (the schema of its route and status). Off unless
// RAPPORT_RECORD_ANSWERS names a directory: each test process then appends JSON lines to
// <dir>/answers-<pid>.jsonl, one per answer ({"test","method","target","status","content_type","body"})
// and one per test that started ({"ran": "Suite.Name"}, so the checker knows whether the whole suite ran).
#pragma once
#include <string>

#include "harness.hpp"

namespace rapport::testing {

void record_answer(const std::string& method, const std::string& target, const HttpResponse& response);
void record_test_started(const std::string& full_name);

}  // namespace rapport::testing

-- GET the report at BENCH_PATH (e.g. /api/v1/reports/funnel?pipeline_id=...).
local token = os.getenv("BENCH_TOKEN")
local path = os.getenv("BENCH_PATH")
request = function()
  return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. token })
end

-- The forecast of one pipeline: the next 12 months by expected close month and owner, per currency.
local token = os.getenv("BENCH_TOKEN")
local path = "/api/v1/reports/forecast?pipeline_id=" .. os.getenv("BENCH_PIPELINE")
request = function()
  return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. token })
end

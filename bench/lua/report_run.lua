-- POST /api/v1/reports/run with the definition in BENCH_REPORT (JSON).
local token = os.getenv("BENCH_TOKEN")
local body = os.getenv("BENCH_REPORT")
request = function()
  return wrk.format("POST", "/api/v1/reports/run", { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }, body)
end

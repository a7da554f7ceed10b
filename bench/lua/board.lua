-- The Kanban board of one pipeline: every stage with its first 50 deals in board order.
local token = os.getenv("BENCH_TOKEN")
local path = "/api/v1/pipelines/" .. os.getenv("BENCH_PIPELINE") .. "/board?limit=50"
request = function()
  return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. token })
end

-- Global search (GET /api/v1/search): cycles through the percent-encoded queries of the file named by
-- BENCH_QUERIES (one a line: name prefixes, e-mail prefixes, phone digits).
local token = os.getenv("BENCH_TOKEN")
local queries = {}
for line in io.lines(os.getenv("BENCH_QUERIES")) do queries[#queries + 1] = line end
local i = 0
request = function()
  i = i % #queries + 1
  return wrk.format("GET", "/api/v1/search?q=" .. queries[i], { ["Authorization"] = "Bearer " .. token })
end

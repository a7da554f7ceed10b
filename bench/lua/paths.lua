-- GET requests cycling through the paths (with their query strings) of the file named by BENCH_PATHS,
-- one a line, as the caller whose API key is BENCH_TOKEN: one kind of request over varied values
-- (each team's inbox, each agent's tickets).
local token = os.getenv("BENCH_TOKEN")
local paths = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do paths[#paths + 1] = line end
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i], { ["Authorization"] = "Bearer " .. token })
end

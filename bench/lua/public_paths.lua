-- Anonymous GET requests cycling through the paths of the file named by BENCH_PATHS, one a line,
-- with a mail client's User-Agent (the public tracking routes: pixels and tracked links).
local paths = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do paths[#paths + 1] = line end
local i = 0
local headers = { ["User-Agent"] = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36" }
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i], headers)
end

-- GET /api/v1/contacts/{id} for ids sampled from the database (bench/ids.txt, one per line).
local ids = {}
for line in io.lines(os.getenv("BENCH_IDS") or "ids.txt") do ids[#ids + 1] = line end
local token = os.getenv("BENCH_TOKEN")
local i = 0
request = function()
  i = i + 1
  local id = ids[(i * 7919) % #ids + 1]
  return wrk.format("GET", "/api/v1/contacts/" .. id, { ["Authorization"] = "Bearer " .. token })
end

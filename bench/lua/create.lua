-- POST /api/v1/contacts with a unique email per request (thread number + counter).
local token = os.getenv("BENCH_TOKEN")
local threads = {}
local counter = 0
thread_no = 0  -- set per thread by setup()
function setup(thread)
  thread:set("thread_no", #threads + 1)
  table.insert(threads, thread)
end
request = function()
  counter = counter + 1
  local body = string.format(
    '{"first_name":"Bench","last_name":"Writer %d","email":"bench.%s.%d.%d@load.example","phone":"+4930%08d","lifecycle_stage":"lead","country":"DE"}',
    counter, os.getenv("BENCH_RUN") or "0", thread_no, counter, (thread_no * 1000000 + counter) % 100000000)
  return wrk.format("POST", "/api/v1/contacts",
    { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }, body)
end

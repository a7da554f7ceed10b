-- A filtered, sorted list page: customers, newest first, 50 a page.
local token = os.getenv("BENCH_TOKEN")
local path = "/api/v1/contacts?filter%5Blifecycle_stage%5D%5Beq%5D=customer&sort=-created_at&limit=50"
request = function()
  return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. token })
end

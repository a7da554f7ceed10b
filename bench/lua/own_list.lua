-- The first page of the caller's contacts, newest first, 50 a page (no filter: the role's scope is
-- the only condition beyond the workspace).
local token = os.getenv("BENCH_TOKEN")
local path = "/api/v1/contacts?limit=50"
request = function()
  return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. token })
end

-- The hello-world baseline on the same server stack (same HTTP server, router and worker pool).
request = function() return wrk.format("GET", "/hello") end

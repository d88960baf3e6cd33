-- Every request asks for the page under a URL of its own (?uncached=<run>-<thread>-<n>): no
-- page cache can answer, so each one is rendered (fragment caches stay warm, as on a live site).
local threads = 0
local run = os.time()

function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

local counter = 0

function request()
  counter = counter + 1
  return wrk.format(nil, wrk.path .. "?uncached=" .. run .. "-" .. id .. "-" .. counter)
end

-- wrk script for bench/beacon.py: every request comes from a reader never seen before (its own
-- address, through X-Forwarded-For; the site runs with DANVAN_PROXIES=1), so every beacon is a
-- new visit and a new article view: the costliest case, a shared link's first minutes.
local threads = 0

function setup(thread)
  thread:set("reader_prefix", string.format("fd00:%x:%x::", threads, math.random(0, 65535)))
  threads = threads + 1
end

counter = 0

request = function()
  counter = counter + 1
  local headers = {}
  for name, value in pairs(wrk.headers) do
    headers[name] = value
  end
  headers["X-Forwarded-For"] = string.format("%s%x:%x", reader_prefix, math.floor(counter / 65536), counter % 65536)
  return wrk.format("GET", wrk.path, headers)
end

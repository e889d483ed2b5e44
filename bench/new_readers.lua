-- wrk script for bench/vote_tails.py --readers: the article page read by a new visitor each
-- time (the User-Agent differs), so every request writes statistics (presence, a visit, an
-- article view) as a crowd of first-time readers does.
local threads = 0

function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end

local counter = 0

request = function()
  counter = counter + 1
  return wrk.format("GET", os.getenv("READ_PATH"), {
    ["User-Agent"] = wrk.headers["User-Agent"] .. " reader/" .. id .. "." .. counter,
  })
end

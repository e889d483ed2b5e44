-- wrk script for bench/rating_votes.py --wrk: each request is an HTMX vote by one of the
-- voters listed in $VOTERS_FILE (lines "cookie<TAB>csrf token"), in turn, with varying stars.
local voters = {}
for line in io.lines(os.getenv("VOTERS_FILE")) do
  local cookie, token = line:match("^(.-)\t(.*)$")
  voters[#voters + 1] = {cookie = cookie, token = token}
end
local counter = 0

function setup(thread)
  thread:set("offset", math.random(1, #voters))
end

request = function()
  counter = counter + 1
  local voter = voters[(counter + offset) % #voters + 1]
  local body = "stars=" .. (counter % 5 + 1) .. "&csrf_token=" .. voter.token
  return wrk.format("POST", "/tin-tuc/1/danh-gia", {
    ["Cookie"] = voter.cookie,
    ["HX-Request"] = "true",
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
  }, body)
end

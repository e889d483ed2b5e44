-- wrk script for bench/vote_tails.py: every request is a FIRST vote (HTMX) by a voter of its
-- own, so the rating's count after the run must equal the votes answered 200. $VOTERS_FILE has
-- one line per voter ("cookie header<TAB>csrf token"); wrk thread i uses slice i of it (a thread
-- that runs out starts again at the beginning of its slice: changed votes, reported as wrapped).
local voters = {}
for line in io.lines(os.getenv("VOTERS_FILE")) do
  local cookie, token, address = line:match("^(.-)\t(.-)\t(.*)$")
  voters[#voters + 1] = {cookie = cookie, token = token, address = address}
end
local threads = {}
local thread_count = tonumber(os.getenv("WRK_THREADS"))

function setup(thread)
  thread:set("id", #threads)
  threads[#threads + 1] = thread
end

sent, ok, wrapped = 0, 0, 0

request = function()
  local per = math.floor(#voters / thread_count)
  local index = sent % per
  if sent >= per then wrapped = wrapped + 1 end
  sent = sent + 1
  local voter = voters[id * per + index + 1]
  local body = "stars=" .. (sent % 5 + 1)
  if voter.token ~= "" then body = body .. "&csrf_token=" .. voter.token end
  local headers = {
    ["Cookie"] = voter.cookie,
    ["HX-Request"] = "true",
    ["Content-Type"] = "application/x-www-form-urlencoded",
    -- Headers given here replace wrk's -H ones: without a browser's name the vote is a bot's.
    ["User-Agent"] = wrk.headers["User-Agent"],
  }
  if voter.address ~= "" then headers["X-Forwarded-For"] = voter.address end
  return wrk.format("POST", os.getenv("VOTE_PATH"), headers, body)
end

response = function(status, headers, body)
  if status == 200 then ok = ok + 1 end
end

done = function(summary, latency, requests)
  local total_sent, total_ok, total_wrapped = 0, 0, 0
  for _, thread in ipairs(threads) do
    total_sent = total_sent + thread:get("sent")
    total_ok = total_ok + thread:get("ok")
    total_wrapped = total_wrapped + thread:get("wrapped")
  end
  io.write(string.format("VOTES sent=%d ok=%d wrapped=%d\n", total_sent, total_ok, total_wrapped))
end

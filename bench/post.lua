-- wrk script: POST the file named by $BODY with $CONTENT_TYPE, or GET the URL when $BODY is empty (a route that does
-- no work: the floor under a tail); $DELAY_MS of think time per connection between requests paces the load (wrk has
-- no fixed-rate mode; wrk2 is not in Debian). Each pause is drawn from DELAY_MS * (1 +/- $JITTER), JITTER 0.5 unless
-- set: with one fixed pause every connection sends at the same moment (they all start together and each waits the
-- same time after its answer), so "10 connections, 33 ms" was bursts of ten requests at once ~30 times a second,
-- not ~300 a second spread out (stop 38 measured the gaps between arrivals). JITTER=0 keeps that lockstep.
local body = os.getenv("BODY")
if body ~= nil and body ~= "" then
  local f = assert(io.open(body, "rb"))
  wrk.method = "POST"
  wrk.body = f:read("*all")
  f:close()
  wrk.headers["Content-Type"] = os.getenv("CONTENT_TYPE") or "image/png"
end

local pause = tonumber(os.getenv("DELAY_MS") or "0")
local jitter = math.max(0, math.min(1, tonumber(os.getenv("JITTER") or "0.5")))
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("seed", threads)
end
function init(args)
  math.randomseed(os.time() * 1000 + (seed or 0))
end
if pause > 0 then
  function delay()
    if jitter > 0 then return pause * (1 - jitter + 2 * jitter * math.random()) end
    return pause
  end
end

function done(summary, latency, requests)
  io.write(string.format("RESULT rps=%.1f p50_ms=%.3f p99_ms=%.3f max_ms=%.3f requests=%d errors=%d non2xx=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
end

-- wrk script for bench/overload.sh's flood: POST the file named by $BODY; a 503 is counted apart, and, as a client
-- that honours Retry-After does, the next request of that thread waits $RETRY_MS (0: hammer on regardless).
local f = assert(io.open(os.getenv("BODY"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*all")
f:close()
wrk.headers["Content-Type"] = "image/png"
local retry = tonumber(os.getenv("RETRY_MS") or "1000")
local threads = {}
local backoff = 0
refused = 0
ok = 0

function setup(thread)
  table.insert(threads, thread)
end

function response(status, headers, body)
  if status == 503 then
    refused = refused + 1
    if retry > 0 then backoff = backoff + 1 end
  elseif status == 200 then
    ok = ok + 1
  end
end

function delay()
  if backoff > 0 then
    backoff = backoff - 1
    return retry
  end
  return 0
end

function done(summary, latency, requests)
  local r, o = 0, 0
  for _, t in ipairs(threads) do
    r = r + t:get("refused")
    o = o + t:get("ok")
  end
  io.write(string.format("RESULT requests=%d ok=%d refused_503=%d errors=%d p50_ms=%.3f p99_ms=%.3f\n", summary.requests, o, r,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end

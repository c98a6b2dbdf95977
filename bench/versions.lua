-- wrk script: POST the file named by $BODY (a PNG) and count, over all threads, the answers by HTTP status and by
-- the model version that answered (the answer's "model": {"name": …, "version": …}), plus socket errors.
-- Prints one line per count: STATUS <code> <n>, VERSION <name>:<version> <n>, and RESULT as bench/post.lua does.
local f = assert(io.open(os.getenv("BODY"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*all")
f:close()
wrk.headers["Content-Type"] = os.getenv("CONTENT_TYPE") or "image/png"

local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

statuses = {}
versions = {}
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  local name, version = string.match(body, '"model":{"name":"([^"]*)","version":"([^"]*)"')
  local key = name and (name .. ":" .. version) or "none"
  versions[key] = (versions[key] or 0) + 1
end

function done(summary, latency, requests)
  local s, v = {}, {}
  for _, t in ipairs(threads) do
    for k, n in pairs(t:get("statuses")) do s[k] = (s[k] or 0) + n end
    for k, n in pairs(t:get("versions")) do v[k] = (v[k] or 0) + n end
  end
  for k, n in pairs(s) do io.write(string.format("STATUS %s %d\n", tostring(k), n)) end
  for k, n in pairs(v) do io.write(string.format("VERSION %s %d\n", k, n)) end
  io.write(string.format("RESULT rps=%.1f p50_ms=%.3f p99_ms=%.3f max_ms=%.3f requests=%d errors=%d non2xx=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
end

-- wrk script: optional distinct ids per request, and a JSON line of latency percentiles.
-- Usage: wrk ... -s bench/wrk_report.lua URL -- [path_prefix ids_file [path_suffix]]
-- WRK_METHOD in the environment sets the method (default GET).
local threads = {}
local method = os.getenv("WRK_METHOD")
local prefix, ids, suffix
local counter = 0

function setup(thread)
  thread:set("index", #threads)
  thread:set("thread_count", 0)
  table.insert(threads, thread)
  for _, t in ipairs(threads) do t:set("thread_count", #threads) end
end

function init(args)
  prefix = args[1]
  suffix = args[3] or ""
  if prefix ~= nil then
    ids = {}
    for line in io.lines(args[2]) do table.insert(ids, line) end
  end
end

function request()
  if prefix == nil then
    return wrk.format(method)
  end
  -- each thread walks its own slice of the ids, so no id is asked for twice while they last
  local n = index + counter * thread_count
  counter = counter + 1
  return wrk.format(method, prefix .. ids[(n % #ids) + 1] .. suffix)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "p50_ms": %.3f, "p95_ms": %.3f, "p99_ms": %.3f, ' ..
    '"socket_errors": %d, "non_2xx": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.timeout, e.status))
end

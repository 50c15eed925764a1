-- Shared by the benchmark scenarios: read the prepared input files, pick inputs, report one JSON line.
local common = {}

function common.lines(path)
  local items = {}
  for line in io.lines(path) do
    if line ~= "" then items[#items + 1] = line end
  end
  return items
end

-- Each wrk thread has its own Lua state, whose math.random starts the same: without a per-thread seed every thread
-- would request the same sequence (the same room, the same topic) at the same moment. setup() numbers the threads.
local threads = 0
function common.setup(thread) thread:set("index", threads); threads = threads + 1 end
function common.seed() math.randomseed(os.time() * 1000 + (index or 0) * 7919) end

function common.pick(items)
  return items[math.random(#items)]
end

-- Called from each scenario's done(): one JSON line the runner collects.
function common.report(name, summary, latency)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout
  io.write(string.format(
    '{"scenario":"%s","requests":%d,"seconds":%.2f,"rps":%.1f,"p50_ms":%.2f,"p99_ms":%.2f,"max_ms":%.2f,"errors":%d,"non2xx":%d}\n',
    name, summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000, errors, summary.errors.status))
end

return common

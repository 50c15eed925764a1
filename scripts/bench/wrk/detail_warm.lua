package.path = package.path .. ";" .. os.getenv("BENCH_WRK") .. "/?.lua"
local common = require("common")
-- Before the topic detail scenario: read each of its topics once, in order (each thread its own slice), so the measured
-- run finds their sections cached, as a topic that has been read before does. On a database where they are not cached
-- yet, this pass is the "first reads" (topic, sections from the tables, then the cache written).
setup = common.setup
local topics, next_i, step
function init(args)
  topics = common.lines(os.getenv("BENCH_DATA") .. "/topics.txt")
  step = tonumber(os.getenv("BENCH_THREADS"))
  next_i = index + 1
end
function request()
  if next_i > #topics then next_i = index + 1 end
  local id = topics[next_i]
  next_i = next_i + step
  return wrk.format("GET", "/api/topics/" .. id)
end
function done(summary, latency, requests) common.report("first reads of topic detail (warm-up: each topic once, builds its cached sections)", summary, latency) end

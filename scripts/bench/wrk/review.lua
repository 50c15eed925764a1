package.path = package.path .. ";" .. os.getenv("BENCH_WRK") .. "/?.lua"
local common = require("common")
-- Each thread accepts its own slice of the submitted topics, each topic once.
local threads, counter = 0, 0
function setup(thread) thread:set("index", threads); threads = threads + 1 end
local ids, token, body, next_i, step
function init(args)
  ids = common.lines(os.getenv("BENCH_DATA") .. "/submitted.txt")
  token = os.getenv("BENCH_REVIEWER_TOKEN")
  body = '{"announcementEndsOn":"' .. os.getenv("BENCH_ANNOUNCE_UNTIL") .. '"}'
  step = tonumber(os.getenv("BENCH_THREADS"))
  next_i = index + 1
end
function request()
  local id = ids[next_i]
  next_i = next_i + step
  return wrk.format("POST", "/api/topics/" .. id .. "/accept", { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }, body)
end
function done(summary, latency, requests) common.report("review action (accept)", summary, latency) end

package.path = package.path .. ";" .. os.getenv("BENCH_WRK") .. "/?.lua"
local common = require("common")
local topics
setup = common.setup
function init(args) common.seed(); topics = common.lines(os.getenv("BENCH_DATA") .. "/topics.txt") end
function request() return wrk.format("GET", "/api/topics/" .. common.pick(topics)) end
function done(summary, latency, requests) common.report("topic detail with timeline", summary, latency) end

package.path = package.path .. ";" .. os.getenv("BENCH_WRK") .. "/?.lua"
local common = require("common")
local paths
-- statistics.txt: the whole province, and each city, over the last three years.
setup = common.setup
function init(args) common.seed(); paths = common.lines(os.getenv("BENCH_DATA") .. "/statistics.txt") end
function request() return wrk.format("GET", common.pick(paths)) end
function done(summary, latency, requests) common.report("region statistics", summary, latency) end

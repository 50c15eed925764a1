package.path = package.path .. ";" .. os.getenv("BENCH_WRK") .. "/?.lua"
local common = require("common")
local rooms
setup = common.setup
function init(args) common.seed(); rooms = common.lines(os.getenv("BENCH_DATA") .. "/rooms.txt") end
function request() return wrk.format("POST", "/floor/write/" .. common.pick(rooms)) end
function done(summary, latency, requests) common.report("floor: insert", summary, latency) end

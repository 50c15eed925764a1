package.path = package.path .. ";" .. os.getenv("BENCH_WRK") .. "/?.lua"
local common = require("common")
local rooms
setup = common.setup
function init(args) common.seed(); rooms = common.lines(os.getenv("BENCH_DATA") .. "/rooms.txt") end
function request() return wrk.format("GET", "/floor/read/" .. common.pick(rooms)) end
function done(summary, latency, requests) common.report("floor: primary-key read", summary, latency) end

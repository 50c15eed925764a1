package.path = package.path .. ";" .. os.getenv("BENCH_WRK") .. "/?.lua"
local common = require("common")
local rooms
function init(args) math.randomseed(os.time() + math.random(1000)); rooms = common.lines(os.getenv("BENCH_DATA") .. "/rooms.txt") end
function request() return wrk.format("POST", "/floor/write/" .. common.pick(rooms)) end
function done(summary, latency, requests) common.report("floor: insert", summary, latency) end

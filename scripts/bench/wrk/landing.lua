package.path = package.path .. ";" .. os.getenv("BENCH_WRK") .. "/?.lua"
local common = require("common")
local scenes
setup = common.setup
function init(args) common.seed(); scenes = common.lines(os.getenv("BENCH_DATA") .. "/scenes.txt") end
function request() return wrk.format("GET", "/api/landing?scene=" .. common.pick(scenes)) end
function done(summary, latency, requests) common.report("scan landing", summary, latency) end

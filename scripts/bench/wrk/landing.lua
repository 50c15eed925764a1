package.path = package.path .. ";" .. os.getenv("BENCH_WRK") .. "/?.lua"
local common = require("common")
local scenes
function init(args) math.randomseed(os.time() + math.random(1000)); scenes = common.lines(os.getenv("BENCH_DATA") .. "/scenes.txt") end
function request() return wrk.format("GET", "/api/landing?scene=" .. common.pick(scenes)) end
function done(summary, latency, requests) common.report("scan landing", summary, latency) end

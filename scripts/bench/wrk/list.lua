package.path = package.path .. ";" .. os.getenv("BENCH_WRK") .. "/?.lua"
local common = require("common")
local pages
-- lists.txt: one path per line, each a deep keyset page of a room's or a region's public list.
setup = common.setup
function init(args) common.seed(); pages = common.lines(os.getenv("BENCH_DATA") .. "/lists.txt") end
function request() return wrk.format("GET", common.pick(pages)) end
function done(summary, latency, requests) common.report("public topic list (deep keyset pages)", summary, latency) end

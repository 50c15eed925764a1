package.path = package.path .. ";" .. os.getenv("BENCH_WRK") .. "/?.lua"
local common = require("common")
local rooms, tokens, category
local n = 0
setup = common.setup
function init(args)
  common.seed()
  rooms = common.lines(os.getenv("BENCH_DATA") .. "/rooms.txt")
  tokens = common.lines(os.getenv("BENCH_DATA") .. "/residents.txt")
  category = os.getenv("BENCH_CATEGORY")
end
function request()
  n = n + 1
  local body = string.format('{"title":"楼道灯坏了 %d","description":"三号楼二单元楼道灯坏了一周，晚上上下楼不安全。","categoryId":%s,"anonymous":true}', n, category)
  return wrk.format("POST", "/api/rooms/" .. common.pick(rooms) .. "/topics", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. common.pick(tokens),
    ["Idempotency-Key"] = string.format("bench-%d-%d-%d-%d", os.time(), index, math.random(1e9), n),
  }, body)
end
function done(summary, latency, requests) common.report("submission", summary, latency) end

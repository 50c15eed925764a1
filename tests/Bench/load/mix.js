'use strict'
// The request classes of the mixed load and their shares of the total arrival rate (docs/benchmarks.md), built from
// the inputs scripts/bench/run.sh prepares from the database in $BENCH_DATA:
//   rooms.tsv (id, scene; random order = popularity rank), topics.txt (public topic ids), open.txt (topics open for
//   comment), room_pages.txt and region_pages.txt (deep keyset pages), regions.tsv (id, code, level 1–3),
//   submitted.txt (topics the reviewer may accept).
const fs = require('fs')
const path = require('path')

/**
 * Shares of the total rate; the last three are on top of the 100 %: a trickle of reviews and logins, and the similar
 * topics a resident is shown while writing (600 ms after typing stops; about two a submission).
 */
const SHARES = {
  landing: 0.40,
  'room-list': 0.15,
  detail: 0.20,
  'region-list': 0.05,
  statistics: 0.05,
  board: 0.05,
  submit: 0.05,
  participate: 0.05,
  review: 0.01,
  login: 0.01,
  similar: 0.10,
}

/** What residents write (SeedNames.Titles and the labelled pairs' words), so suggestions score against real candidates. */
const ISSUES = ['路灯不亮', '路灯坏了', '道路坑洼', '下雨积水', '充电桩', '垃圾清运不及时', '垃圾桶满了', '公厕太脏', '电梯经常故障', '电梯又坏了',
  '停车位紧张', '乱停车', '接送拥堵', '人行道被占用', '消防通道堵塞', '广场舞噪音', '楼上漏水', '飞线充电', '加装电梯', '老年助餐']
const PLACES = ['小区东门', '3号楼', '村委会门口', '菜市场', '小学门口', '老街', '健身广场', '河道沿线', '公交站台', '卫生服务站']
const TAILS = ['', '，晚上出门不安全', '，好几个月了没人管', '，希望尽快解决', '，老人出行不便']

function lines (dir, file) {
  const p = path.join(dir, file)
  if (!fs.existsSync(p)) return []
  return fs.readFileSync(p, 'utf8').split('\n').filter(Boolean)
}

/**
 * Ids as one typed array: two million topic ids as strings made a heap of hundreds of MB whose garbage collections
 * paused the load tool itself, and a paused tool shows as latency on every class at once (latency counts from the
 * intended start).
 */
function ids (dir, file) {
  return Float64Array.from(lines(dir, file), Number)
}

/** Picks indexes 0..n-1 with Zipf-like popularity (rank k has weight 1/(k+1)^s). */
function zipf (n, s, random) {
  const cdf = new Float64Array(n)
  let sum = 0
  for (let k = 0; k < n; k++) { sum += 1 / Math.pow(k + 1, s); cdf[k] = sum }
  return () => {
    const x = random() * sum
    let lo = 0; let hi = n - 1
    while (lo < hi) { const mid = (lo + hi) >> 1; if (cdf[mid] < x) lo = mid + 1; else hi = mid }
    return lo
  }
}

const day = (d) => d.toISOString().slice(0, 10)

/** A random month, quarter or year of the last three years, as from/to Beijing dates (to at most today). */
function period (random, now = new Date()) {
  const today = new Date(Date.UTC(...beijing(now)))
  const [y, m] = [today.getUTCFullYear(), today.getUTCMonth()]
  const kind = ['month', 'quarter', 'year'][Math.floor(random() * 3)]
  let from; let to
  if (kind === 'month') {
    const back = Math.floor(random() * 35)
    from = new Date(Date.UTC(y, m - back, 1)); to = new Date(Date.UTC(y, m - back + 1, 0))
  } else if (kind === 'quarter') {
    const q = Math.floor(m / 3) - Math.floor(random() * 11)
    from = new Date(Date.UTC(y, q * 3, 1)); to = new Date(Date.UTC(y, q * 3 + 3, 0))
  } else {
    const year = y - Math.floor(random() * 2)
    from = new Date(Date.UTC(year, 0, 1)); to = new Date(Date.UTC(year, 11, 31))
  }
  if (to > today) to = today
  return `from=${day(from)}&to=${day(to)}`
}

function beijing (now) {
  const b = new Date(now.getTime() + 8 * 3600 * 1000)
  return [b.getUTCFullYear(), b.getUTCMonth(), b.getUTCDate()]
}

/**
 * The classes: name → { share, next() } where next() gives the next request. tokens: resident access tokens (each a
 * fresh user of this run, so supports never repeat one of an earlier run); reviewerToken: a reviewer of every city.
 */
function classes ({ dir, tokens, reviewerToken, category, residents, zipfS = 1.0, random = Math.random }) {
  const rooms = lines(dir, 'rooms.tsv').map((l) => l.split('\t'))
  const topics = ids(dir, 'topics.txt')
  const open = ids(dir, 'open.txt')
  const roomPages = lines(dir, 'room_pages.txt')
  const regionPages = lines(dir, 'region_pages.txt')
  const regions = [1, 2, 3].map((level) => lines(dir, 'regions.tsv').map((l) => l.split('\t')).filter((r) => r[2] === String(level)))
  const submitted = lines(dir, 'submitted.txt')
  const pick = (items) => items[Math.floor(random() * items.length)]
  const room = ((z) => () => rooms[z()])(zipf(rooms.length, zipfS, random))
  const region = () => { const level = regions[Math.floor(random() * 3)]; return pick(level.length ? level : regions.flat()) }
  const json = (token, extra) => ({ 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}), ...extra })
  const get = (p, headers = {}) => ({ method: 'GET', path: p, headers, body: '' })
  const run = `${Date.now().toString(36)}${Math.floor(random() * 1e6).toString(36)}`
  const announceUntil = day(new Date(Date.UTC(...beijing(new Date())) + 14 * 86400 * 1000))
  let submissions = 0; let participations = 0; let reviews = 0

  const all = {
    landing: () => get(`/api/landing?scene=${encodeURIComponent(room()[1])}`),
    'room-list': () => random() < 0.6 || roomPages.length === 0 ? get(`/api/rooms/${room()[0]}/topics?limit=20`) : get(pick(roomPages)),
    detail: () => get(`/api/topics/${pick(topics)}`, random() < 0.5 ? { Authorization: `Bearer ${pick(tokens)}` } : {}),
    'region-list': () => random() < 0.6 || regionPages.length === 0 ? get(`/api/regions/${region()[0]}/topics?limit=20`) : get(pick(regionPages)),
    statistics: () => random() < 0.1 ? get(`/api/statistics?${period(random)}`) : get(`/api/regions/${region()[0]}/statistics?${period(random)}`),
    board: () => random() < 0.8 ? get(`/board/rooms/${encodeURIComponent(room()[1])}`) : get(`/board/regions/${region()[1]}`),
    submit: () => {
      const n = ++submissions
      return {
        method: 'POST',
        path: `/api/rooms/${room()[0]}/topics`,
        headers: json(pick(tokens), { 'Idempotency-Key': `bench-${run}-${n}` }),
        body: JSON.stringify({ title: `楼道灯坏了 ${n}`, description: '三号楼二单元楼道灯坏了一周，晚上上下楼不安全。', categoryId: Number(category), anonymous: true }),
      }
    },
    // Supports and comments alternate; the k-th support is resident k mod R on topic k div R, so none repeats.
    participate: () => {
      const k = participations++
      const i = k >> 1
      const topic = open[(Math.floor(i / tokens.length) * 7919) % open.length]
      if (k % 2 === 0) return { method: 'POST', path: `/api/topics/${topic}/support`, headers: json(tokens[i % tokens.length]), body: '' }
      return { method: 'POST', path: `/api/topics/${pick(open)}/comments`, headers: json(pick(tokens)), body: JSON.stringify({ stance: 'suggestion', body: '建议先在楼道装感应灯，费用从公共收益里出。' }) }
    },
    // Each submitted topic accepted once, in order; past the end, the last one again (a 409, counted as an error).
    review: () => ({
      method: 'POST',
      path: `/api/topics/${submitted[Math.min(reviews++, submitted.length - 1)]}/accept`,
      headers: json(reviewerToken),
      body: JSON.stringify({ announcementEndsOn: announceUntil }),
    }),
    // Cost only: a city over the last twelve months, one request at a time (the issue's "≤ 20 ms alone").
    'city-year': () => {
      const [y, m, d] = beijing(new Date())
      return get(`/api/regions/${pick(regions[0].length ? regions[0] : regions.flat())[0]}/statistics?from=${day(new Date(Date.UTC(y - 1, m, d + 1)))}&to=${day(new Date(Date.UTC(y, m, d)))}`)
    },
    // A title and, half the time, the description so far: one of the words of a resident's issue at one of the seed's places.
    similar: () => {
      const issue = pick(ISSUES); const place = pick(PLACES)
      const title = random() < 0.5 ? `${place}${issue}` : issue
      const description = random() < 0.5 ? `&description=${encodeURIComponent(`${place}${issue}${pick(TAILS)}`)}` : ''
      return get(`/api/rooms/${room()[0]}/similar-topics?title=${encodeURIComponent(title)}${description}`)
    },
    login: () => ({ method: 'POST', path: '/api/auth/login', headers: json(null), body: JSON.stringify({ code: `province-resident-${1 + Math.floor(random() * residents)}` }) }),
    // The floor reference (tests/Bench/Floor): one primary-key read, one autocommit insert.
    'floor-read': () => get(`/floor/read/${pick(rooms)[0]}`),
    'floor-write': () => ({ method: 'POST', path: `/floor/write/${pick(rooms)[0]}`, headers: {}, body: '' }),
  }
  return { all, submittedCount: submitted.length }
}

/**
 * How long a step at `rate` req/s runs: at least `seconds`, and long enough that the rarest of `shares` is asked
 * `answers` times. A p99 of fewer than 100 answers is their slowest (nearest rank): at 1 % of 200 req/s a 30 s step
 * holds 60 reviews, and a class whose true p99 is just within the SLO then misses it in nearly half the steps. 120
 * are asked for, since arrivals come at random: a step due 100 reviews got 92, and its p99 was again the slowest.
 */
function stepSeconds (seconds, rate, shares, answers = 120) {
  const rarest = Math.min(...Object.values(shares)) * rate
  return Math.max(seconds, Math.ceil(answers / rarest))
}

module.exports = { SHARES, classes, zipf, period, stepSeconds }

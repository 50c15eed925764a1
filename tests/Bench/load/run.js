'use strict'
// The benchmark's load (docs/benchmarks.md), run by scripts/bench/run.sh; one JSON line per result to $OUT.
//   node run.js ramp   the mixed load at each of $RATES req/s for $STEP s or until its rarest class has been asked 120
//                      times (mix.js stepSeconds; after $WARMUP s at the first), every class at once; stops after the
//                      first step that misses the SLO. CPU of the API ($API_PID) and of the
//                      database ($DB_PID) and the API's peak memory so far per step, and the peak at the end. $LABEL names the run.
//   node run.js ceiling the floor's primary-key read alone ($FLOOR_URL, $FLOOR_PID), ramped the same way at each of
//                      $CEILING_RATES: the most this box answers at the SLO, the ceiling the mix's capacities are read against.
//   node run.js cost   each class alone at $COST_RATE req/s for $COST_SECONDS s (after $COST_WARMUP s): CPU per request of the API (or the
//                      floor, $FLOOR_URL/$FLOOR_PID, for floor-read and floor-write) and of the database.
// $TRACE: a file prefix; each step writes $TRACE.<rate>, a line per answer (class, intended start in ms, latency, status),
// to tell a stall of the whole box (every class slow at the same moment) from one class's slow requests.
// $CLASSES: a subset (space separated) of the classes in mix.js. Run again after an interruption, each mode goes on
// where the lines already in $OUT stop (resume.js).
const fs = require('fs')
const { runClass } = require('./open')
const { SHARES, classes, stepSeconds } = require('./mix')
const { readRows, ratesLeft, classesLeft, progress } = require('./resume')

const env = (name, fallback) => process.env[name] ?? fallback
const SLO_MS = Number(env('SLO_MS', 50))
const CLK_TCK = Number(env('CLK_TCK', 100))
const OUT = env('OUT', '/dev/stdout')

/** CPU time (user + system, ms) a process has used so far; 0 if it is not there. */
function cpuMs (pid) {
  if (!pid) return 0
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) * 1000 / CLK_TCK
  } catch { return 0 }
}

function peakMb (pid) {
  try {
    const kb = /VmHWM:\s*(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]
    return Math.round(Number(kb) / 1024)
  } catch { return null }
}

/** The lines an earlier run of the same benchmark left in $OUT (none when it is new or stdout). */
const earlier = () => (fs.existsSync(OUT) && fs.statSync(OUT).isFile() ? readRows(fs.readFileSync(OUT, 'utf8')) : [])

const emit = (row) => {
  fs.appendFileSync(OUT, JSON.stringify(row) + '\n')
  const c = row.classes ? row.classes.map((x) => `${x.name} ${x.achieved.toFixed(0)}/${x.rate.toFixed(0)} p99 ${fmt(x.p99)}${x.errors + x.non2xx ? ` err ${x.errors + x.non2xx}` : ''}${x.fellBehind ? ' BEHIND' : ''}`).join(' · ') : ''
  process.stderr.write(`  ${row.kind} ${row.label ?? row.class ?? ''} ${row.rate ?? ''} ${row.pass === undefined ? '' : row.pass ? 'ok' : 'MISS'} ${c}\n`)
}
const fmt = (ms) => (ms === null ? '-' : ms.toFixed(1))

async function login (api, code) {
  const res = await fetch(`${api}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code }) })
  if (!res.ok) throw new Error(`login ${code}: ${res.status}`)
  return (await res.json()).accessToken
}

async function setup () {
  const api = env('API_URL', 'http://127.0.0.1:5300')
  const run = `${Date.now().toString(36)}`
  // Fresh residents for this run (simulated WeChat makes the user on first login).
  const tokens = []
  for (let i = 1; i <= Number(env('RESIDENTS', 64)); i++) tokens.push(await login(api, `bench-${run}-resident-${i}`))
  const mix = classes({
    dir: env('BENCH_DATA', '.local/bench/data'),
    tokens,
    reviewerToken: env('BENCH_REVIEWER_TOKEN', ''),
    category: env('BENCH_CATEGORY', '1'),
    residents: Number(env('BENCH_PROVINCE_RESIDENTS', 1000)),
    zipfS: Number(env('ZIPF_S', 1.0)),
  })
  const chosen = env('CLASSES', Object.keys(SHARES).join(' ')).split(/\s+/).filter(Boolean)
  const unknown = chosen.filter((name) => !SHARES[name])
  if (unknown.length) throw new Error(`CLASSES: no class ${unknown.join(', ')}; the classes are ${Object.keys(SHARES).join(', ')}`)
  return { api, mix, chosen }
}

/** One step of the mixed load at `rate` req/s (the 100 % share; trickle classes on top) against `api`, whose process is `pid`. */
async function step ({ api, pid, mix, chosen, shares }, rate, seconds) {
  const pids = { api: pid, db: env('DB_PID') }
  const before = { api: cpuMs(pids.api), db: cpuMs(pids.db), load: process.cpuUsage() }
  const trace = env('TRACE', '') ? [] : null
  const results = await Promise.all(chosen.map((name) =>
    runClass({ url: api, name, rate: shares[name] * rate, seconds, next: mix.all[name], trace })))
  if (trace) fs.writeFileSync(`${env('TRACE')}.${rate}`, trace.join('\n') + '\n')
  const load = process.cpuUsage(before.load)
  const completed = results.reduce((n, r) => n + r.completed, 0)
  const cpu = { api: cpuMs(pids.api) - before.api, db: cpuMs(pids.db) - before.db, load: (load.user + load.system) / 1000 }
  return {
    rate,
    seconds,
    completed,
    cpu_ms_per_request: { api: cpu.api / completed, db: cpu.db / completed, load: cpu.load / completed },
    cpu_share: { api: cpu.api / (seconds * 1000), db: cpu.db / (seconds * 1000) },
    pass: results.every((r) => r.due === 0 || (r.p99 !== null && r.p99 <= SLO_MS && r.errors === 0 && r.non2xx === 0 && !r.fellBehind)),
    classes: results,
  }
}

/** The mixed load's ramp against the API ($LABEL names it). */
async function ramp () {
  const ctx = await setup()
  await rampOf({ ...ctx, pid: env('API_PID'), shares: SHARES }, env('LABEL', 'cache on'), env('RATES', '100 200 400 600 800 1000 1200 1500 2000'))
}

/**
 * The floor's own capacity at SLO: its primary-key read alone, ramped as the mix is, on the same box with the same
 * database and load tool. No request of the API's can be answered more cheaply, so this is the most the box answers at
 * the SLO: the ceiling the mix's capacities are read against.
 */
async function ceiling () {
  const ctx = await setup()
  const floor = { ...ctx, api: env('FLOOR_URL', 'http://127.0.0.1:5301'), pid: env('FLOOR_PID'), chosen: ['floor-read'], shares: { 'floor-read': 1 } }
  await rampOf(floor, 'floor read', env('CEILING_RATES', '1000 2000 3000 4000 5000'))
}

async function rampOf (ctx, label, ratesText) {
  const rates = ratesText.split(/\s+/).filter(Boolean).map(Number)
  const seconds = parseFloat(env('STEP', '30')) // '30' or '30s'
  const warmup = parseFloat(env('WARMUP', '20'))
  const left = ratesLeft(earlier(), label, rates)
  if (left.length === 0) return console.error(`  ${label}: measured already`)
  if (left.length < rates.length) console.error(`  ${label}: resuming at ${left[0]} req/s`)
  if (warmup > 0) await step(ctx, left[0], warmup)
  const shares = Object.fromEntries(ctx.chosen.map((name) => [name, ctx.shares[name]]))
  for (const [i, rate] of left.entries()) {
    // The steps still to come are at higher rates, so none is longer than this one: the estimate is an upper bound.
    const length = stepSeconds(seconds, rate, shares)
    console.error(`  ${label} ${rate} req/s: step ${progress(rates.length - left.length + i, rates.length, length)} at most`)
    const row = await step(ctx, rate, length)
    // The peak so far (VmHWM only grows): read after each step, it tells the memory of the steps held from that of the
    // step that missed, when the process was overloaded and requests queued.
    emit({ kind: 'step', label, ...row, peak_mb: peakMb(ctx.pid) })
    if (!row.pass) break
  }
  emit({ kind: 'memory', label, peak_mb: peakMb(ctx.pid) })
}

async function cost () {
  const ctx = await setup()
  const rate = Number(env('COST_RATE', 200))
  const seconds = parseFloat(env('COST_SECONDS', '15'))
  const floor = env('FLOOR_URL', 'http://127.0.0.1:5301')
  const names = [...ctx.chosen, 'city-year', 'floor-read', 'floor-write']
  const left = classesLeft(earlier(), names)
  const warmupSeconds = parseFloat(env('COST_WARMUP', '5'))
  for (const [i, name] of left.entries()) {
    console.error(`  cost ${name}: ${progress(names.length - left.length + i, names.length, seconds + warmupSeconds)}`)
    const isFloor = name.startsWith('floor')
    // Each submitted topic can be accepted once: the review runs no longer than the pool lasts.
    const warmup = parseFloat(env('COST_WARMUP', '5'))
    const classRate = name === 'city-year' ? Math.min(rate, 5) : name === 'review' ? Math.max(1, Math.min(rate, Math.floor(ctx.mix.submittedCount / (seconds + warmup + 5)))) : rate
    const pid = isFloor ? env('FLOOR_PID') : env('API_PID')
    const url = isFloor ? floor : ctx.api
    // Unmeasured first: the runtime compiles a path in its first seconds of use, which a server running for days does not pay.
    if (warmup > 0) await runClass({ url, name, rate: classRate, seconds: warmup, next: ctx.mix.all[name] })
    const before = { app: cpuMs(pid), db: cpuMs(env('DB_PID')) }
    const r = await runClass({ url, name, rate: classRate, seconds, next: ctx.mix.all[name] })
    const app = cpuMs(pid) - before.app
    const db = cpuMs(env('DB_PID')) - before.db
    emit({ kind: 'cost', class: name, rate: classRate, ...r, app_cpu_ms: app / r.completed, db_cpu_ms: db / r.completed })
  }
}

const mode = process.argv[2]
const modes = { ramp, ceiling, cost }
const main = Object.hasOwn(modes, mode) ? modes[mode] : null
if (!main) {
  console.error('usage: node run.js ramp|ceiling|cost (see the head of run.js for its environment)')
  process.exit(2)
}
main().then(() => process.exit(0), (err) => { console.error(err); process.exit(1) })

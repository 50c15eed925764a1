// Turns the benchmark's JSON lines (tests/Bench/load/run.js) into .local/bench/results.md: the design load, the
// capacity at SLO with and without the public cache, every class at every step, and the cost per request beside the
// floor of the same run, with the issue's targets checked.
const fs = require('fs')
const os = require('os')
const [file, topics, rooms] = process.argv.slice(2)
const rows = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l))
const steps = (label) => rows.filter((r) => r.kind === 'step' && r.label === label)
const memory = (label) => rows.find((r) => r.kind === 'memory' && r.label === label)
const costs = rows.filter((r) => r.kind === 'cost')
const SLO = 50
// The capacity targets of the two ramps (issue 15); the floor's own ramp, the box's ceiling, is read beside them.
const TARGETS = { 'cache on': 1500, 'cache off': 600 }
const RAMPS = [...Object.keys(TARGETS), 'floor read']

const n = (x, d = 0) => (x === null || x === undefined || Number.isNaN(x) ? '–' : Number(x).toLocaleString('en', { minimumFractionDigits: d, maximumFractionDigits: d }))
const capacity = (label) => {
  const passed = steps(label).filter((s) => s.pass)
  return passed.length ? Math.max(...passed.map((s) => s.rate)) : 0
}
// The API's peak memory through the last step held (each step records the peak so far; runs before 2026-12-07 did not).
const heldPeak = (label) => steps(label).filter((s) => s.pass && s.peak_mb).map((s) => s.peak_mb).pop()
const peakText = (label) => `${memory(label)?.peak_mb ?? '–'} MB${heldPeak(label) && memory(label) && heldPeak(label) !== memory(label).peak_mb ? ` (${heldPeak(label)} MB through the last step held)` : ''}`
const why = (s) => s.classes.filter((c) => c.due > 0 && !(c.p99 <= SLO && c.errors === 0 && c.non2xx === 0 && !c.fellBehind))
  .map((c) => `${c.name}: ${[c.p99 > SLO ? `p99 ${n(c.p99, 0)} ms` : '', c.errors + c.non2xx ? `${c.errors + c.non2xx} errors` : '', c.fellBehind ? `fell behind (${n(c.achieved, 1)} of ${n(c.rate, 1)}/s)` : ''].filter(Boolean).join(', ')}`).join('; ')

const out = []
out.push(`Benchmark on ${new Date().toISOString().slice(0, 10)}: ${n(topics)} topics, ${n(rooms)} rooms; API, MariaDB and the load on one ${os.cpus().length}-core machine.`)
out.push('Open model: requests arrive at the set rate (Poisson) whatever the server does; latency from the intended start. SLO: every class p99 ≤ 50 ms, no errors, none fell behind (answered < 95 % of those due).')
out.push('')
out.push('## Capacity at SLO')
out.push('')
out.push('| run | capacity (req/s) | first miss | API peak memory |')
out.push('|---|---:|---|---:|')
for (const label of RAMPS) {
  if (!steps(label).length) continue
  const miss = steps(label).find((s) => !s.pass)
  out.push(`| ${label} | ${capacity(label) ? n(capacity(label)) : `below ${n(steps(label)[0].rate)}`} | ${miss ? `${n(miss.rate)} req/s — ${why(miss)}` : 'none (highest rate held)'} | ${peakText(label)} |`)
}

// The floor's primary-key read alone (run.js ceiling): no API request is cheaper, so its capacity is the box's ceiling.
if (steps('floor read').length) {
  const ceiling = capacity('floor read')
  out.push('')
  out.push(`*floor read* is the floor app's primary-key read alone, ramped the same way: no request of the API's is cheaper, so it is the most this box answers within the SLO. ` +
    (ceiling ? `The targets are ${Object.entries(TARGETS).map(([l, t]) => `${n(100 * t / ceiling)} % (${l}, ${n(t)})`).join(' and ')} of it; the capacities measured, ${Object.keys(TARGETS).filter((l) => steps(l).length).map((l) => `${n(100 * capacity(l) / ceiling)} % (${l})`).join(' and ')}.` : ''))
}

// The box's own pauses, measured idle before the load (tests/Bench/load/pauses.js): a floor under every p99 above.
const pauses = rows.filter((r) => r.kind === 'pauses').pop()
if (pauses) {
  out.push('')
  out.push(`The machine's own pauses, idle, before the load (a 1 ms timer loop for ${pauses.seconds} s): gap p50 ${n(pauses.p50, 1)} ms, ` +
    `p99.9 ${n(pauses.p999, 1)} ms, max ${n(pauses.max, 1)} ms; ${n(pauses.over20PerSecond, 1)} gaps over 20 ms and ${n(pauses.over50PerSecond, 1)} over 50 ms a second. ` +
    'A request in flight during a pause waits it out, so no class can show a p99 below what these pauses leave.')
}

for (const label of RAMPS) {
  if (!steps(label).length) continue
  out.push('')
  out.push(`## Steps, ${label}`)
  out.push('')
  out.push('| rate | class | target/s | achieved/s | p50 ms | p99 ms | max ms | count | non-2xx | errors | |')
  out.push('|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|')
  for (const s of steps(label)) {
    for (const c of s.classes) {
      const flag = c.fellBehind ? '**fell behind**' : c.p99 > SLO ? '**p99**' : ''
      out.push(`| ${n(s.rate)} | ${c.name} | ${n(c.rate, 1)} | ${n(c.achieved, 1)} | ${n(c.p50, 1)} | ${n(c.p99, 1)} | ${n(c.max, 0)} | ${n(c.completed)} | ${c.non2xx} | ${c.errors} | ${flag} |`)
    }
    const cpu = s.cpu_ms_per_request
    out.push(`| ${n(s.rate)} | **all** (${s.pass ? 'met' : '**missed**'}) | | ${n(s.completed / s.seconds, 0)} | | | | ${n(s.completed)} | | | CPU/req: ${label === 'floor read' ? 'floor' : 'API'} ${n(cpu.api, 2)} ms, DB ${n(cpu.db, 2)} ms, total ${n(cpu.api + cpu.db, 2)} ms (load tool ${n(cpu.load, 2)})${s.peak_mb ? `; peak memory so far ${s.peak_mb} MB` : ''} |`)
  }
}

if (costs.length) {
  const floorRead = costs.find((c) => c.class === 'floor-read')
  const floorWrite = costs.find((c) => c.class === 'floor-write')
  const total = (c) => c && c.app_cpu_ms + c.db_cpu_ms
  out.push('')
  out.push('## Cost per request (cache off, each class alone)')
  out.push('')
  out.push('CPU time of the API (the floor app for its rows) and of MariaDB over the run, divided by the requests answered; p50/p99 of one class alone at a modest rate.')
  out.push('')
  out.push('| class | rate/s | achieved/s | p50 ms | p99 ms | errors | API (or floor) CPU ms | DB CPU ms | total ms | × floor read | × floor insert |')
  out.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|')
  for (const c of costs) {
    out.push(`| ${c.class} | ${n(c.rate)} | ${n(c.achieved, 1)}${c.fellBehind ? ' (fell behind)' : ''} | ${n(c.p50, 1)} | ${n(c.p99, 1)} | ${c.errors + c.non2xx} | ${n(c.app_cpu_ms, 3)} | ${n(c.db_cpu_ms, 3)} | ${n(total(c), 3)} | ${n(total(c) / total(floorRead), 1)} | ${n(total(c) / total(floorWrite), 1)} |`)
  }
  const ratio = (name, floor) => total(costs.find((c) => c.class === name)) / total(floor)
  const checks = [
    ['landing ≤ 3 × floor read', ratio('landing', floorRead), 3],
    ['room list ≤ 3 × floor read', ratio('room-list', floorRead), 3],
    ['topic detail ≤ 5 × floor read', ratio('detail', floorRead), 5],
    ['submission ≤ 4 × floor insert', ratio('submit', floorWrite), 4],
  ]
  out.push('')
  out.push('## Targets')
  out.push('')
  out.push('| target | met | measured |')
  out.push('|---|---|---|')
  for (const [label, target] of Object.entries(TARGETS)) {
    if (steps(label).length) out.push(`| capacity at SLO, ${label} ≥ ${n(target)} req/s | ${capacity(label) >= target ? 'yes' : '**no**'} | ${capacity(label) ? n(capacity(label)) : `below ${n(steps(label)[0].rate)}`} req/s |`)
  }
  const cityYear = costs.find((c) => c.class === 'city-year')
  if (cityYear) out.push(`| statistics of a city over a year ≤ 20 ms alone (p50) | ${cityYear.p50 <= 20 ? 'yes' : '**no**'} | ${n(cityYear.p50, 1)} ms (p99 ${n(cityYear.p99, 1)}) |`)
  for (const [name, x, target] of checks) if (!Number.isNaN(x)) out.push(`| ${name} | ${x <= target ? 'yes' : '**no**'} | ${n(x, 1)} × |`)
  // The whole ramp's peak, the step that missed included; the peak through the steps held beside it.
  const ramps = Object.keys(TARGETS).filter((l) => memory(l))
  const peak = Math.max(0, ...ramps.map((l) => memory(l).peak_mb))
  const held = Math.max(0, ...ramps.map((l) => heldPeak(l) ?? 0))
  out.push(`| API peak memory ≤ 300 MB | ${peak <= 300 ? 'yes' : '**no**'} | ${peak} MB over the whole ramps${held && held !== peak ? `; ${held} MB through the last steps held` : ''} |`)
}
console.log(out.join('\n'))

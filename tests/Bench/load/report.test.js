'use strict'
// The benchmark's report (scripts/bench/report.js) from a run's JSON lines: `cd tests/Bench/load && npm test`.
const test = require('node:test')
const assert = require('node:assert')
const fs = require('fs')
const os = require('os')
const path = require('path')
const { execFileSync } = require('child_process')

const REPORT = path.join(__dirname, '..', '..', '..', 'scripts', 'bench', 'report.js')
const cls = (name, p99) => ({ name, rate: 10, due: 300, achieved: 10, p50: 2, p99, max: p99, completed: 300, non2xx: 0, errors: 0, fellBehind: false })
const step = (rate, pass, peak) => ({
  kind: 'step', label: 'cache on', rate, pass, seconds: 30, completed: rate * 30, classes: [cls('landing', pass ? 20 : 80)],
  cpu_ms_per_request: { api: 1, db: 1, load: 0.2 }, ...(peak ? { peak_mb: peak } : {}),
})

function report (rows) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'report-')), 'results.jsonl')
  fs.writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n')
  return execFileSync(process.execPath, [REPORT, file, '2000000', '20000'], { encoding: 'utf8' })
}

test('the peak memory of the steps held is told apart from the whole ramp\'s', () => {
  const cost = (name) => ({ kind: 'cost', class: name, rate: 200, achieved: 200, p50: 1, p99: 2, errors: 0, non2xx: 0, app_cpu_ms: 0.4, db_cpu_ms: 0.3 })
  const out = report([step(400, true, 280), step(600, true, 297), step(800, false, 356), { kind: 'memory', label: 'cache on', peak_mb: 356 },
    cost('floor-read'), cost('floor-write')])
  assert.match(out, /\| cache on \| 600 \| 800 req\/s — landing: p99 80 ms \| 356 MB \(297 MB through the last step held\) \|/)
  assert.match(out, /\| 600 \| \*\*all\*\* \(met\) .*; peak memory so far 297 MB \|/)
  assert.match(out, /\| API peak memory ≤ 300 MB \| \*\*no\*\* \| 356 MB over the whole ramps; 297 MB through the last steps held \|/)
})

test('a run recorded before steps carried their peak reports the whole ramp\'s alone', () => {
  const out = report([step(400, true), step(600, false), { kind: 'memory', label: 'cache on', peak_mb: 336 }])
  assert.match(out, /\| cache on \| 400 \| 600 req\/s — landing: p99 80 ms \| 336 MB \|/)
  assert.doesNotMatch(out, /through the last step held|peak memory so far/)
})

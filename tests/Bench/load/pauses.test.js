'use strict'
// The machine's own pauses, measured beside the benchmark: `cd tests/Bench/load && npm test`.
const test = require('node:test')
const assert = require('node:assert')
const { probe, summarize } = require('./pauses')

test('the summary counts the long gaps a second and keeps the worst', () => {
  const gaps = [...Array(996).fill(1.1), 25, 30, 60, 113]
  const r = summarize(gaps, 2)
  assert.strictEqual(r.ticks, 1000)
  assert.strictEqual(r.p50, 1.1)
  assert.strictEqual(r.max, 113)
  assert.strictEqual(r.over20PerSecond, 2)
  assert.strictEqual(r.over50PerSecond, 1)
})

test('a probe of a blocked loop sees the block', async () => {
  const running = probe(0.3)
  setTimeout(() => { const until = Date.now() + 80; while (Date.now() < until); }, 100)
  const r = await running
  assert.ok(r.max >= 70, `max ${r.max}`)
  assert.ok(r.over50PerSecond > 0)
})

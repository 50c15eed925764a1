'use strict'
// The open model's promises, against a local server that answers after a set delay: `cd tests/Bench/load && npm test`.
const test = require('node:test')
const assert = require('node:assert')
const { runClass } = require('./open')
const { server, get } = require('./local-server')

test('requests keep arriving at the set rate while the server takes longer than the gap between them', async () => {
  const s = await server(100)
  try {
    const r = await runClass({ url: `http://127.0.0.1:${s.address().port}`, name: 'slow', rate: 50, seconds: 2, next: get })
    assert.ok(r.due > 60 && r.due < 140, `about 100 due, got ${r.due}`)
    assert.ok(r.completed >= 0.95 * r.due, `answered ${r.completed} of ${r.due}`)
    assert.strictEqual(r.fellBehind, false)
    assert.ok(r.p50 >= 100 && r.p50 < 200, `p50 ${r.p50}`)
  } finally { s.close() }
})

test('a request that found every connection busy counts its wait, and the class is flagged as fallen behind', async () => {
  const s = await server(100)
  try {
    const r = await runClass({ url: `http://127.0.0.1:${s.address().port}`, name: 'starved', rate: 50, seconds: 1, next: get, connections: 1 })
    assert.strictEqual(r.fellBehind, true, `answered ${r.completed} of ${r.due}`)
    assert.ok(r.completed <= 12, `one connection answers about 10 a second, got ${r.completed}`)
    assert.ok(r.max > 400, `the last one sent waited most of the second, max ${r.max}`)
  } finally { s.close() }
})

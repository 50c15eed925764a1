'use strict'
// The open model's errors are the server's, never the tool's own: `cd tests/Bench/load && npm test`, and the README's
// test command (no timing is asserted here, so it holds on a busy machine).
const test = require('node:test')
const assert = require('node:assert')
const { runClass } = require('./open')
const { server, get } = require('./local-server')

test('a connection waiting longer than the timeout for its next arrival is not a timed-out request', async () => {
  // One request a second with every arrival 1.4 s after the last (a fixed draw of the Poisson process, so the test
  // does not depend on luck: at random draws, fewer than two arrivals in 6 s happen about once in 60 runs): each
  // connection waits longer than the 1 s timeout for its next arrival.
  const gap = 1.4
  const fixedDraw = () => 1 - Math.exp(-gap)
  const s = await server(5)
  try {
    const r = await runClass({ url: `http://127.0.0.1:${s.address().port}`, name: 'trickle', rate: 1, seconds: 6, next: get, graceSeconds: 1, random: fixedDraw })
    assert.strictEqual(r.sent, 4, `arrivals at 1.4, 2.8, 4.2 and 5.6 s, sent ${r.sent}`)
    assert.strictEqual(r.errors, 0, `no errors, got ${r.errors}`)
    assert.strictEqual(r.completed, r.sent)
  } finally { s.close() }
})

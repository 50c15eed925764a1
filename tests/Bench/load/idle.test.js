'use strict'
// The open model's errors are the server's, never the tool's own: `cd tests/Bench/load && npm test`, and the README's
// test command (no timing is asserted here, so it holds on a busy machine).
const test = require('node:test')
const assert = require('node:assert')
const { runClass } = require('./open')
const { server, get } = require('./local-server')

test('a connection waiting longer than the timeout for its next arrival is not a timed-out request', async () => {
  // Three connections at one request a second: a connection's next arrival is often more than the 1 s timeout away.
  const s = await server(5)
  try {
    const r = await runClass({ url: `http://127.0.0.1:${s.address().port}`, name: 'trickle', rate: 1, seconds: 6, next: get, graceSeconds: 1 })
    assert.ok(r.completed >= 2, `answered ${r.completed}`)
    assert.strictEqual(r.errors, 0, `no errors, got ${r.errors}`)
    assert.strictEqual(r.completed, r.sent)
  } finally { s.close() }
})

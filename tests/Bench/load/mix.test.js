'use strict'
// The load's mix: `cd tests/Bench/load && npm test`.
const test = require('node:test')
const assert = require('node:assert')
const { SHARES, stepSeconds } = require('./mix')

test('a step lasts until its rarest class has been asked 120 times, and never less than the step asked for', () => {
  // review and login are 1 % of the rate: 120 of them take 120 s at 100 req/s and 60 s at 200 req/s.
  assert.strictEqual(stepSeconds(30, 100, SHARES), 120)
  assert.strictEqual(stepSeconds(30, 200, SHARES), 60)
  assert.strictEqual(stepSeconds(30, 300, SHARES), 40)
  assert.strictEqual(stepSeconds(30, 400, SHARES), 30)
  // The floor's read alone: the step as asked.
  assert.strictEqual(stepSeconds(30, 1000, { 'floor-read': 1 }), 30)
})

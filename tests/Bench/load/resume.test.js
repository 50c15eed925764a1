'use strict'
// Picking up an interrupted benchmark: `cd tests/Bench/load && npm test`.
const test = require('node:test')
const assert = require('node:assert')
const { readRows, ratesLeft, classesLeft, progress } = require('./resume')

const step = (label, rate, pass = true) => JSON.stringify({ kind: 'step', label, rate, pass })

test('a ramp interrupted after two rates goes on at the third', () => {
  const rows = readRows([step('cache on', 100), step('cache on', 200), '{"kind":"step","lab'].join('\n'))
  assert.deepStrictEqual(ratesLeft(rows, 'cache on', [100, 200, 400, 600]), [400, 600])
  assert.deepStrictEqual(ratesLeft(rows, 'cache off', [100, 200]), [100, 200], 'the other ramp has not started')
})

test('a ramp that missed its SLO or measured its memory is finished', () => {
  assert.deepStrictEqual(ratesLeft(readRows([step('cache on', 100), step('cache on', 200, false)].join('\n')), 'cache on', [100, 200, 400]), [])
  assert.deepStrictEqual(ratesLeft(readRows([step('cache on', 100), '{"kind":"memory","label":"cache on","peak_mb":200}'].join('\n')), 'cache on', [100, 200]), [])
})

test('the cost phase goes on at the first class it has not measured', () => {
  const rows = readRows(['{"kind":"cost","class":"landing"}', '{"kind":"cost","class":"detail"}'].join('\n'))
  assert.deepStrictEqual(classesLeft(rows, ['landing', 'detail', 'statistics', 'floor-read']), ['statistics', 'floor-read'])
})

test('progress says how far and how long is left', () => {
  assert.strictEqual(progress(3, 9, 30), '3 of 9 (33 %), about 3 min left')
  assert.strictEqual(progress(8, 9, 30), '8 of 9 (89 %), about 30 s left')
})

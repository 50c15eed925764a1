'use strict'
// The closing line CI reads: real totals from every runner's results, and a results file that cannot be read (a
// runner cut off mid-write, a full disk) counted as a failure rather than stopping the count.
const test = require('node:test')
const assert = require('node:assert')
const fs = require('fs')
const os = require('os')
const path = require('path')
const { spawnSync } = require('child_process')

function summarize (files) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'summarize-'))
  try {
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true })
      fs.writeFileSync(path.join(dir, name), text)
    }
    const run = spawnSync(process.execPath, [path.join(__dirname, 'summarize.js'), dir], { encoding: 'utf8' })
    return { line: run.stdout.trim().split('\n').pop(), status: run.status, stderr: run.stderr }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

const trx = (passed, failed, notExecuted) =>
  `<TestRun><ResultSummary outcome="Completed"><Counters total="${passed + failed + notExecuted}" executed="${passed + failed}" passed="${passed}" failed="${failed}" error="0" timeout="0" aborted="0" inconclusive="0" notExecuted="${notExecuted}" /></ResultSummary></TestRun>`

test('sums NUnit and jest results into one line', () => {
  const result = summarize({
    'backend.trx': trx(10, 0, 1),
    'miniprogram.json': JSON.stringify({ numPassedTests: 5, numFailedTests: 0, numPendingTests: 2 }),
    'nested/console.json': JSON.stringify({ numPassedTests: 3, numFailedTests: 0 }),
    'bench-tool.tap': 'not read',
  })
  assert.strictEqual(result.line, '18 passed, 0 failed, 3 skipped')
  assert.strictEqual(result.status, 0)
})

test('a failed test fails the run', () => {
  const result = summarize({ 'backend.trx': trx(10, 2, 0), 'console.json': JSON.stringify({ numPassedTests: 1, numRuntimeErrorTestSuites: 1 }) })
  assert.strictEqual(result.line, '11 passed, 3 failed, 0 skipped')
  assert.strictEqual(result.status, 1)
})

test('an empty or cut-off results file is one failed suite, named, and the totals are still printed', () => {
  const result = summarize({
    'backend.trx': trx(4, 0, 0),
    'miniprogram-e2e.json': '',
    'console.json': '{"numPassedTests": 7, "numFa',
    'cluster.trx': '<TestRun><ResultSummary',
  })
  assert.strictEqual(result.line, '4 passed, 3 failed, 0 skipped')
  assert.strictEqual(result.status, 1)
  assert.match(result.stderr, /miniprogram-e2e\.json/)
  assert.match(result.stderr, /console\.json/)
  assert.match(result.stderr, /cluster\.trx/)
})

test('no test at all is a failure', () => {
  const result = summarize({})
  assert.strictEqual(result.line, '0 passed, 0 failed, 0 skipped')
  assert.strictEqual(result.status, 1)
})

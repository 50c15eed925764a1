// Adds up the real results of every test runner into the closing line CI reads:
// "N passed, N failed, N skipped". Exits non-zero when a test failed or no test ran.
const fs = require('fs');
const path = require('path');

const dir = process.argv[2];
let passed = 0, failed = 0, skipped = 0;

for (const file of fs.readdirSync(dir, { recursive: true }).map(String)) {
  const full = path.join(dir, file);
  if (file.endsWith('.trx')) {
    const counters = fs.readFileSync(full, 'utf8').match(/<Counters\b[^>]*>/);
    if (!counters) continue;
    const attr = (name) => Number((counters[0].match(new RegExp(`\\b${name}="(\\d+)"`)) || [0, 0])[1]);
    passed += attr('passed');
    failed += attr('failed') + attr('error') + attr('timeout') + attr('aborted');
    skipped += attr('notExecuted') + attr('inconclusive');
  } else if (file.endsWith('.json')) {
    const jest = JSON.parse(fs.readFileSync(full, 'utf8'));
    passed += jest.numPassedTests || 0;
    failed += (jest.numFailedTests || 0) + (jest.numRuntimeErrorTestSuites || 0);
    skipped += (jest.numPendingTests || 0) + (jest.numTodoTests || 0);
  }
}

console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);

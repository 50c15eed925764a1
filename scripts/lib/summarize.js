// Adds up the real results of every test runner into the closing line CI reads:
// "N passed, N failed, N skipped". Exits non-zero when a test failed or no test ran.
// A result file that cannot be read (a runner killed mid-write, a full disk) counts as one failed suite, named, so the
// totals line is still printed and never hides it.
const fs = require('fs');
const path = require('path');

const dir = process.argv[2];
let passed = 0, failed = 0, skipped = 0;

for (const file of fs.readdirSync(dir, { recursive: true }).map(String)) {
  const full = path.join(dir, file);
  if (!file.endsWith('.trx') && !file.endsWith('.json')) continue;
  try {
    const text = fs.readFileSync(full, 'utf8');
    if (file.endsWith('.trx')) {
      const counters = text.match(/<Counters\b[^>]*>/);
      if (!counters) throw new Error('no <Counters> element');
      const attr = (name) => Number((counters[0].match(new RegExp(`\\b${name}="(\\d+)"`)) || [0, 0])[1]);
      passed += attr('passed');
      failed += attr('failed') + attr('error') + attr('timeout') + attr('aborted');
      skipped += attr('notExecuted') + attr('inconclusive');
    } else {
      const jest = JSON.parse(text);
      passed += jest.numPassedTests || 0;
      failed += (jest.numFailedTests || 0) + (jest.numRuntimeErrorTestSuites || 0);
      skipped += (jest.numPendingTests || 0) + (jest.numTodoTests || 0);
    }
  } catch (error) {
    console.error(`The results in ${full} could not be read (${error.message}): counted as one failed suite.`);
    failed += 1;
  }
}

console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);

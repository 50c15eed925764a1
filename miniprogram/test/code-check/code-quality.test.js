/**
 * @jest-environment node
 */
// miniprogram-ci's offline checks on what would be uploaded (see ship.js, run in a process of its
// own): code quality passes and the packages stay within WeChat's limits (main package 2 MB).
const { execFile } = require('child_process');
const path = require('path');

const MB = 1024 * 1024;
let result;

beforeAll(async () => {
  const stdout = await new Promise((resolve, reject) => {
    execFile(process.execPath, [path.join(__dirname, 'ship.js')], { maxBuffer: 64 * MB, timeout: 180000 }, (err, out, errOut) => {
      if (err) reject(new Error(`ship.js failed: ${errOut || err.message}`));
      else resolve(out);
    });
  });
  const line = stdout.split('\n').find((l) => l.startsWith('SHIP_RESULT '));
  result = JSON.parse(line.slice('SHIP_RESULT '.length));
}, 200000);

test('every checkCodeQuality check passes', () => {
  const failed = result.quality.filter((q) => !q.success).map((q) => `${q.name}: ${q.text}`);
  expect(failed).toEqual([]);
  expect(result.quality.map((q) => q.name)).toEqual(expect.arrayContaining(['PACKAGE_SIZE_LIMIT', 'CONTAINS_OTHER_PKG_JS', 'CONTAINS_UNUSED_CODES']));
});

test('analyseCode: the main package is within 2 MB and TDesign was packed into miniprogram_npm', () => {
  expect(result.sizes.main).toBeLessThan(2 * MB);
  expect(result.files.some((f) => f.path.startsWith('miniprogram_npm/tdesign-miniprogram/'))).toBe(true);
  expect(result.files.some((f) => f.path.startsWith('test/') || f.path.startsWith('node_modules/'))).toBe(false);
});

test('the staff pages and their service ship in the staff subpackage only', () => {
  expect(result.sizes.packageStaff).toBeGreaterThan(0);
  const staffFiles = result.files.filter((f) => f.path.startsWith('packageStaff/'));
  expect(staffFiles.map((f) => f.path)).toContain('packageStaff/services/staff.js');
  expect(staffFiles.every((f) => f.subPackage === 'packageStaff/')).toBe(true);
});

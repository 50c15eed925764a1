// The end-to-end test: the mini program's services against a real API (see test/e2e/), in Node.
module.exports = {
  testEnvironment: 'node',
  transform: {},
  testMatch: ['<rootDir>/test/e2e/**/*.e2e.test.js'],
  testTimeout: 30000,
};

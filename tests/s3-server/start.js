// Starts s3rver on a free loopback port for the NUnit tests (S3TestServer.cs), with one bucket, files in a folder the
// caller owns. Prints one line, {"port":N}, once it listens. Stops when stdin closes (the test process ended, however
// it ended) or on SIGTERM/SIGINT, so it never outlives the tests.
'use strict';
const S3rver = require('s3rver');

const [directory, bucket] = process.argv.slice(2);
if (!directory || !bucket) {
  console.error('usage: node start.js <directory> <bucket>');
  process.exit(2);
}

const server = new S3rver({
  address: '127.0.0.1',
  port: 0,
  silent: true,
  directory,
  configureBuckets: [{ name: bucket }],
});

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  server.close().then(() => process.exit(0), () => process.exit(0));
}

server.run().then(
  address => {
    process.stdout.write(JSON.stringify({ port: address.port }) + '\n');
    process.stdin.on('end', stop);
    process.stdin.on('close', stop);
    process.stdin.resume();
  },
  error => {
    console.error(error);
    process.exit(1);
  },
);
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

// Turns the benchmark's JSON lines into a table with the targets checked against the floor of the same run.
const fs = require('fs');
const [file, topics, rooms, connections, duration] = process.argv.slice(2);
const rows = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const by = (name) => rows.find((r) => r.scenario.startsWith(name)) || {};
const floorRead = by('floor: primary-key read');
const floorWrite = by('floor: insert');
const memory = by('api peak memory');

const present = (name) => by(name).requests !== undefined;
const checks = [
  ['scan landing ≥ 60% of the floor read', by('scan landing').rps / floorRead.rps >= 0.6, `${pct(by('scan landing').rps / floorRead.rps)} of ${floorRead.rps} req/s`],
  ['scan landing p99 ≤ 50 ms', by('scan landing').p99_ms <= 50, `${by('scan landing').p99_ms} ms`],
  ['public list p99 ≤ 50 ms (deep pages)', by('public topic list').p99_ms <= 50, `${by('public topic list').p99_ms} ms`],
  ['topic detail p99 ≤ 50 ms', by('topic detail').p99_ms <= 50, `${by('topic detail').p99_ms} ms`],
  ['submission ≥ 35% of the floor insert', by('submission').rps / floorWrite.rps >= 0.35, `${pct(by('submission').rps / floorWrite.rps)} of ${floorWrite.rps} req/s`],
  ['statistics (whole province, each city) p99 ≤ 200 ms', by('region statistics').p99_ms <= 200, `${by('region statistics').p99_ms} ms`],
  ['API peak memory ≤ 300 MB', memory.peak_mb <= 300, `${memory.peak_mb} MB`],
  ['zero errors', rows.filter((r) => r.requests !== undefined).every((r) => r.errors === 0), rows.filter((r) => r.errors).map((r) => `${r.scenario}: ${r.errors}`).join('; ') || 'none'],
];

function pct(x) { return `${(100 * x).toFixed(0)}%`; }

const lines = [];
lines.push(`Benchmark on ${new Date().toISOString().slice(0, 10)}: ${Number(topics).toLocaleString('en')} topics, ${Number(rooms).toLocaleString('en')} rooms; ` +
  `${connections} connections, ${duration} per scenario; API, MariaDB and wrk on one ${require('os').cpus().length}-core machine.`);
lines.push('');
lines.push('| scenario | req/s | p50 ms | p99 ms | errors |');
lines.push('|---|---:|---:|---:|---:|');
for (const r of rows.filter((x) => x.requests !== undefined)) {
  lines.push(`| ${r.scenario} | ${r.rps.toFixed(0)} | ${r.p50_ms.toFixed(1)} | ${r.p99_ms.toFixed(1)} | ${r.errors} |`);
}
lines.push(`| API peak memory (VmHWM) | ${memory.peak_mb} MB | | | |`);
lines.push('');
lines.push('| target | met | measured |');
lines.push('|---|---|---|');
for (const [name, ok, measured] of checks.filter(([, ok]) => !Number.isNaN(ok) && ok !== undefined)) lines.push(`| ${name} | ${ok ? 'yes' : '**no**'} | ${measured} |`);
console.log(lines.join('\n'));

'use strict'
// What an earlier, interrupted run of the same benchmark already measured (its lines in $OUT), so running the same
// command again picks up where it stopped: a finished ramp is not run again, a ramp goes on at its next rate, the cost
// phase at its next class. Lines of another build or other settings are not mixed in: run.sh starts a new file then.

/** The JSON lines of `text` (a half-written last line, from a run killed mid-write, is dropped). */
function readRows (text) {
  return text.split('\n').filter(Boolean).flatMap((line) => {
    try { return [JSON.parse(line)] } catch { return [] }
  })
}

/** The rates of the ramp `label` still to run, or [] when it is finished (memory measured or a step missed). */
function ratesLeft (rows, label, rates) {
  const steps = rows.filter((r) => r.kind === 'step' && r.label === label)
  if (rows.some((r) => r.kind === 'memory' && r.label === label) || steps.some((s) => !s.pass)) return []
  const done = new Set(steps.map((s) => s.rate))
  return rates.filter((rate) => !done.has(rate))
}

/** The cost classes still to measure. */
function classesLeft (rows, names) {
  const done = new Set(rows.filter((r) => r.kind === 'cost').map((r) => r.class))
  return names.filter((n) => !done.has(n))
}

/** "step 3 of 9 (33 %), about 4 min left" for a phase of `total` equal parts, `done` of them finished. */
function progress (done, total, secondsEach) {
  const left = Math.max(0, total - done) * secondsEach
  const estimate = left >= 90 ? `about ${Math.round(left / 60)} min left` : `about ${Math.round(left)} s left`
  return `${done} of ${total} (${Math.round((100 * done) / total)} %), ${estimate}`
}

module.exports = { readRows, ratesLeft, classesLeft, progress }

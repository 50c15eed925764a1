// How long this machine stops by itself: a 1 ms timer loop on an idle box, for SECONDS. Any gap well above 1 ms is
// time no process here was run (the VM's host, the kernel), and it lands on whichever requests are in flight then: a
// p99 of 50 ms cannot be measured below the pauses the box makes with nothing to do. Prints one JSON line.
//   node pauses.js [SECONDS]
function probe (seconds, now = () => process.hrtime.bigint()) {
  return new Promise((resolve) => {
    const end = Date.now() + seconds * 1000
    const gaps = []
    let last = now()
    const tick = () => {
      const t = now()
      gaps.push(Number(t - last) / 1e6)
      last = t
      if (Date.now() < end) setTimeout(tick, 1)
      else resolve(summarize(gaps, seconds))
    }
    setTimeout(tick, 1)
  })
}

/** The gaps' spread, and how many a second exceed 20 and 50 ms. */
function summarize (gaps, seconds) {
  const sorted = [...gaps].sort((a, b) => a - b)
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]
  const round = (x) => Math.round(x * 10) / 10
  return {
    kind: 'pauses',
    seconds,
    ticks: sorted.length,
    p50: round(at(0.5)),
    p999: round(at(0.999)),
    max: round(sorted[sorted.length - 1]),
    over20PerSecond: round(sorted.filter((g) => g > 20).length / seconds),
    over50PerSecond: round(sorted.filter((g) => g > 50).length / seconds),
  }
}

module.exports = { probe, summarize }

if (require.main === module) {
  probe(Number(process.argv[2] || 30)).then((r) => console.log(JSON.stringify(r)))
}

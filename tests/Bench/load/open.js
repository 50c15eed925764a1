'use strict'
// An open-model load over autocannon's connections: requests arrive at a set rate whatever the server does, and each
// latency is counted from the request's intended start, so a slow server is not hidden by clients that wait for it.
//
// autocannon's own overallRate is a per-connection quota refilled every second: each connection sends its share
// back to back at the top of every second, a burst that would measure the burst. Here autocannon keeps what it does
// well (connections, HTTP, request building per request with setupRequest, timeouts, reconnects) and each connection,
// when free, takes the next arrival of a Poisson process at the class's rate and sends it at that moment — at once if
// the moment has passed (all connections were busy): that request's wait counts in its latency, and a class whose
// server cannot keep up sends fewer than were due, which the report calls "fell behind".
const autocannon = require('autocannon')
const { performance } = require('perf_hooks')

/**
 * Runs one class of requests for `seconds` at `rate` per second; resolves with its counts and latencies (ms).
 * next() returns the next request ({ method, path, headers, body }).
 */
function runClass ({ url, name, rate, seconds, next, connections, graceSeconds = 10, random = Math.random, trace = null }) {
  const start = performance.now() + 200 // connections open first
  const end = start + seconds * 1000
  let due = start
  const stats = { name, rate, seconds, due: 0, sent: 0, completed: 0, ok: 0, non2xx: 0, errors: 0, statuses: {}, latencies: [] }
  let finished = false
  const inflight = new Set()

  // The next arrival, or null when the class's time is over.
  const claim = () => {
    due += -Math.log(1 - random()) * 1000 / rate
    if (due >= end) return null
    stats.due++
    return due
  }

  const setupClient = (client) => {
    const send = Object.getPrototypeOf(client)._doRequest
    client._doRequest = function () {
      if (finished || this.destroyed) return
      // A connection with nothing more to send stays open until the class stops: not a request that timed out.
      const at = claim()
      if (at === null) return this.timeoutTicker.clear()
      const fire = () => {
        if (finished || this.destroyed) return
        // Past the end of the step an arrival still waiting is not sent: the class answered fewer than were due.
        if (performance.now() >= end) return this.timeoutTicker.clear()
        this.intended = at
        inflight.add(this)
        stats.sent++
        send.call(this)
      }
      const wait = at - performance.now()
      if (wait > 1) {
        // autocannon times a connection out when it has sent nothing for its timeout; waiting for the next arrival is
        // not a request in flight, so the timeout counts from the moment this one is sent.
        this.timeoutTicker.reschedule(wait + this.timeout)
        setTimeout(fire, wait)
      } else fire()
    }
  }

  return new Promise((resolve, reject) => {
    const instance = autocannon({
      url,
      connections: Math.max(1, connections ?? Math.min(400, Math.ceil(rate * 0.25) + 2)),
      duration: seconds + graceSeconds + 5,
      timeout: graceSeconds,
      setupClient,
      requests: [{ setupRequest: (req) => ({ ...req, ...next() }) }],
    }, (err) => { if (err) reject(err) })
    instance.on('response', (client, statusCode) => {
      inflight.delete(client)
      const ms = performance.now() - client.intended
      if (client.intended >= end) return
      stats.completed++
      stats.latencies.push(ms)
      if (trace) trace.push(`${name}\t${client.intended.toFixed(1)}\t${ms.toFixed(1)}\t${statusCode}`)
      stats.statuses[statusCode] = (stats.statuses[statusCode] || 0) + 1
      if (statusCode >= 200 && statusCode < 300) stats.ok++
      else stats.non2xx++
    })
    instance.on('reqError', () => { stats.errors++ })
    // After the last arrival, wait for the answers still due (at most the grace), then stop.
    const check = setInterval(() => {
      const now = performance.now()
      if (now < end) return
      if (inflight.size > 0 && now < end + graceSeconds * 1000) return
      clearInterval(check)
      finished = true
      stats.unanswered = inflight.size
      stats.errors += inflight.size
      instance.stop()
      resolve(summarise(stats))
    }, 50)
  })
}

function percentile (sorted, p) {
  if (sorted.length === 0) return null
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p / 100) - 1)]
}

function summarise (s) {
  const sorted = Float64Array.from(s.latencies).sort()
  const { latencies, ...rest } = s
  return {
    ...rest,
    achieved: s.completed / s.seconds,
    fellBehind: s.completed < 0.95 * s.due,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1] : null,
  }
}

module.exports = { runClass, percentile }

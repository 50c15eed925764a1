'use strict'
// For the load tool's tests: a local server that answers every request after a set delay, and a plain GET.
const http = require('http')

function server (delayMs) {
  const s = http.createServer((req, res) => setTimeout(() => res.end('ok'), delayMs))
  return new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve(s)))
}

const get = () => ({ method: 'GET', path: '/', headers: {}, body: '' })

module.exports = { server, get }

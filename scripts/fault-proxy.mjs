// A recording, fault-injecting HTTP(S) proxy for tests and benchmarks. It sits in front of one upstream
// (the OIDC stand-in, moto, the registry), records every request it passes on with the answer, and can be
// scripted to break the next requests of a kind: a canned answer (500, 503, throttling, garbage, cut-off
// JSON), a reset connection, an endpoint that accepts and never answers, an answer that trickles in byte
// by byte, or a connection dropped while the client is still sending (a blob upload). Loopback only.
import { createServer as createHttpServer, request as httpRequest } from 'node:http'
import { createServer as createHttpsServer, request as httpsRequest } from 'node:https'
import { createServer as createTcpServer } from 'node:net'

/** How long a trickled answer waits between two bytes. */
export const TRICKLE_BYTE_MS = 250

const readBody = (stream) => new Promise((resolve, reject) => {
  const chunks = []
  stream.on('data', (chunk) => chunks.push(chunk)).on('end', () => resolve(Buffer.concat(chunks))).on('error', reject)
})

/** A port on 127.0.0.1 where nothing listens (taken, then let go): connecting to it is refused. */
export async function closedPort() {
  const server = createTcpServer()
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address()
  await new Promise((resolve) => server.close(resolve))
  return port
}

export class FaultProxy {
  /** every request passed on or broken: { action, status, responseBody } (status 0: no answer was given) */
  calls = []
  /** scripted faults, first match wins: { action, kind?, times?, status?, body?, contentType? } */
  faults = []
  #server
  #upstream
  #options
  #sockets = new Set()
  #timers = new Set()

  /**
   * @param upstream base URL requests go on to
   * @param options.actionOf (req, body) => the name faults match on; default `METHOD path`
   * @param options.tls { key, cert } to serve HTTPS, and { ca } to trust the upstream's certificate
   * @param options.host, options.port where to listen (127.0.0.1, any free port)
   * @param options.keepHost pass the client's Host header on (a registry builds its upload URLs from it)
   * @param options.contentType of a canned answer that names none
   */
  constructor(upstream, options = {}) {
    this.#upstream = upstream
    this.#options = options
  }

  get url() {
    const { port } = this.#server.address()
    return `${this.#options.tls ? 'https' : 'http'}://${this.#options.host ?? '127.0.0.1'}:${port}`
  }

  actions() {
    return this.calls.map((call) => call.action)
  }

  reset() {
    this.calls.length = 0
    this.faults.length = 0
  }

  /** The first scripted fault for `action`, used up once (or `times` times; Infinity for always). */
  #takeFault(action) {
    const index = this.faults.findIndex((fault) => fault.action === action)
    if (index < 0) return undefined
    const fault = this.faults[index]
    const left = (fault.times ?? 1) - 1
    if (left <= 0) this.faults.splice(index, 1)
    else fault.times = left
    return fault
  }

  #handle(req, res) {
    const actionOf = this.#options.actionOf ?? ((r) => `${r.method} ${new URL(r.url ?? '/', 'http://x').pathname}`)
    // a drop must happen while the client is still sending, so it is decided before the body is read
    const early = this.#takeFault(actionOf(req, ''))
    if (early?.kind === 'drop') {
      this.calls.push({ action: actionOf(req, ''), status: 0, responseBody: '' })
      req.once('data', () => req.socket.destroy())
      req.once('end', () => req.socket.destroy())
      return
    }
    void readBody(req).then((body) => {
      const action = actionOf(req, body.toString('utf8'))
      const fault = early ?? this.#takeFault(action)
      if (fault?.kind === 'reset') {
        this.calls.push({ action, status: 0, responseBody: '' })
        req.socket.destroy()
        return
      }
      if (fault?.kind === 'hang') {
        this.calls.push({ action, status: 0, responseBody: '' })
        return // the socket stays open, unanswered, until the client gives up or stop() closes it
      }
      if (fault && fault.kind !== 'trickle') {
        this.calls.push({ action, status: fault.status, responseBody: fault.body })
        res.writeHead(fault.status, { 'content-type': fault.contentType ?? this.#options.contentType ?? 'application/json' }).end(fault.body)
        return
      }
      this.#forward(req, res, body, action, fault?.kind === 'trickle')
    })
  }

  #forward(req, res, body, action, trickle) {
    const target = new URL(req.url ?? '/', this.#upstream)
    const tls = target.protocol === 'https:'
    const headers = { ...req.headers, host: this.#options.keepHost ? req.headers.host : target.host }
    const send = tls ? httpsRequest : httpRequest
    const upstream = send(target, {
      method: req.method, headers, ...(tls ? { ca: this.#options.tls?.ca, servername: target.hostname } : {}),
    }, (answer) => {
      void readBody(answer).then((answerBody) => {
        this.calls.push({ action, status: answer.statusCode ?? 0, responseBody: answerBody.toString('utf8') })
        if (!trickle) {
          res.writeHead(answer.statusCode ?? 502, answer.headers).end(answerBody)
          return
        }
        const { 'transfer-encoding': _, ...rest } = answer.headers
        res.writeHead(answer.statusCode ?? 502, { ...rest, 'content-length': String(answerBody.length) })
        let sent = 0
        const timer = setInterval(() => {
          if (res.destroyed || sent >= answerBody.length) {
            clearInterval(timer)
            this.#timers.delete(timer)
            if (!res.destroyed) res.end()
            return
          }
          res.write(answerBody.subarray(sent, ++sent))
        }, TRICKLE_BYTE_MS)
        this.#timers.add(timer)
      })
    })
    upstream.on('error', (error) => res.writeHead(502).end(String(error)))
    upstream.end(body)
  }

  async start() {
    const handler = (req, res) => this.#handle(req, res)
    this.#server = this.#options.tls ? createHttpsServer({ key: this.#options.tls.key, cert: this.#options.tls.cert }, handler) : createHttpServer(handler)
    this.#server.on('connection', (socket) => {
      this.#sockets.add(socket)
      socket.on('close', () => this.#sockets.delete(socket))
    })
    await new Promise((resolve, reject) => {
      this.#server.once('error', reject)
      this.#server.listen(this.#options.port ?? 0, this.#options.host ?? '127.0.0.1', resolve)
    })
    return this
  }

  async stop() {
    for (const timer of this.#timers) clearInterval(timer)
    for (const socket of this.#sockets) socket.destroy()
    await new Promise((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()))
  }
}

// A recording HTTP proxy in front of the local stack's AWS endpoint, for tests and benchmarks: it
// records every AWS call (and the answer, so tests can learn which secrets were handed out), and can
// answer the next calls of an action with canned faults.
import { createServer, request } from 'node:http'

/** STS's query-protocol error, as AWS sends it. */
export function stsError(code, message, status = 400) {
  return {
    status,
    contentType: 'text/xml',
    body: `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>4c1f0d5e-test</RequestId></ErrorResponse>`,
  }
}

/** IAM's query-protocol error. */
export function iamError(code, message, status = 403) {
  return {
    status,
    contentType: 'text/xml',
    body: `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>5d2e1f6a-test</RequestId></ErrorResponse>`,
  }
}

/** A JSON-protocol (ECR) error. */
export function jsonError(type, message, status = 400) {
  return { status, contentType: 'application/x-amz-json-1.1', body: JSON.stringify({ __type: type, message }) }
}

/** Reads are Get*, List*, Describe*; everything else changes something. */
export const isWrite = (action) => !/^(Get|List|Describe)/.test(action)

function actionOf(req, body) {
  const target = req.headers['x-amz-target']
  if (typeof target === 'string') return target.split('.').pop() ?? target
  return new URLSearchParams(body).get('Action') ?? `${req.method} ${req.url}`
}

const readBody = (stream) => new Promise((resolve, reject) => {
  const chunks = []
  stream.on('data', (chunk) => chunks.push(chunk)).on('end', () => resolve(Buffer.concat(chunks))).on('error', reject)
})

export class AwsProxy {
  calls = []
  faults = []
  #server
  #upstream

  constructor(upstream) {
    this.#upstream = upstream
  }

  get url() {
    return `http://127.0.0.1:${this.#server.address().port}`
  }

  actions() {
    return this.calls.map((call) => call.action)
  }

  writes() {
    return this.actions().filter(isWrite)
  }

  reset() {
    this.calls.length = 0
    this.faults.length = 0
  }

  async start() {
    this.#server = createServer((req, res) => {
      void (async () => {
        const body = await readBody(req)
        const action = actionOf(req, body.toString('utf8'))
        const faultIndex = this.faults.findIndex((fault) => fault.action === action)
        if (faultIndex >= 0) {
          const [fault] = this.faults.splice(faultIndex, 1)
          this.calls.push({ action, status: fault.status, responseBody: fault.body })
          res.writeHead(fault.status, { 'content-type': fault.contentType ?? 'application/x-amz-json-1.1' }).end(fault.body)
          return
        }
        const target = new URL(req.url ?? '/', this.#upstream)
        const upstream = request(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (answer) => {
          void readBody(answer).then((answerBody) => {
            this.calls.push({ action, status: answer.statusCode ?? 0, responseBody: answerBody.toString('utf8') })
            res.writeHead(answer.statusCode ?? 502, answer.headers).end(answerBody)
          })
        })
        upstream.on('error', (error) => res.writeHead(502).end(String(error)))
        upstream.end(body)
      })()
    })
    await new Promise((resolve) => this.#server.listen(0, '127.0.0.1', resolve))
    return this
  }

  async stop() {
    await new Promise((resolve) => this.#server?.close(() => resolve()))
  }
}

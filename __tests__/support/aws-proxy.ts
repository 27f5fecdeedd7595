import { type IncomingMessage, type Server, createServer, request } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One AWS call as it crossed the wire. */
export interface RecordedCall {
  action: string // AssumeRoleWithWebIdentity, GetAuthorizationToken, …
  status: number
  responseBody: string
}

/** A canned answer for the next call of an action, in place of moto's. */
export interface Fault {
  action: string
  status: number
  body: string
  contentType?: string
}

/** STS's query-protocol error, as AWS sends it. */
export function stsError(code: string, message: string, status = 400): Omit<Fault, 'action'> {
  return {
    status,
    contentType: 'text/xml',
    body: `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>4c1f0d5e-test</RequestId></ErrorResponse>`,
  }
}

function actionOf(req: IncomingMessage, body: string): string {
  const target = req.headers['x-amz-target']
  if (typeof target === 'string') return target.split('.').pop() ?? target
  return new URLSearchParams(body).get('Action') ?? `${req.method} ${req.url}`
}

const readBody = (stream: IncomingMessage) =>
  new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = []
    stream.on('data', (chunk: Buffer) => chunks.push(chunk)).on('end', () => resolve(Buffer.concat(chunks))).on('error', reject)
  })

/**
 * An HTTP proxy in front of moto that records every AWS call (and moto's answers, to learn the
 * secrets handed out) and can answer the next calls of an action with faults.
 */
export class AwsProxy {
  readonly calls: RecordedCall[] = []
  readonly faults: Fault[] = []
  private server?: Server

  constructor(private readonly upstream: string) {}

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`
  }

  actions(): string[] {
    return this.calls.map((call) => call.action)
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void (async () => {
        const body = await readBody(req)
        const action = actionOf(req, body.toString('utf8'))
        const faultIndex = this.faults.findIndex((fault) => fault.action === action)
        if (faultIndex >= 0) {
          const [fault] = this.faults.splice(faultIndex, 1)
          this.calls.push({ action, status: fault!.status, responseBody: fault!.body })
          res.writeHead(fault!.status, { 'content-type': fault!.contentType ?? 'application/x-amz-json-1.1' }).end(fault!.body)
          return
        }
        const target = new URL(req.url ?? '/', this.upstream)
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
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve))
    return this
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()))
  }
}

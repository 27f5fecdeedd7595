/** One request as it crossed the proxy; status 0: no answer was given (reset, hang, drop). */
export interface RecordedCall {
  action: string
  status: number
  responseBody: string
}
/**
 * A scripted fault for the next request(s) named `action`. Without `kind`, a canned answer (`status`,
 * `body`); `reset` closes the connection, `hang` never answers, `trickle` sends the real answer a byte
 * at a time, `drop` closes the connection while the client is still sending. `times` (default 1; Infinity).
 */
export interface Fault {
  action: string
  kind?: 'reset' | 'hang' | 'trickle' | 'drop'
  times?: number
  status?: number
  body?: string
  contentType?: string
}
export interface FaultProxyOptions {
  actionOf?: (req: import('node:http').IncomingMessage, body: string) => string
  tls?: { key: string | Buffer; cert: string | Buffer; ca?: string | Buffer }
  host?: string
  port?: number
  keepHost?: boolean
  contentType?: string
}
export const TRICKLE_BYTE_MS: number
export function closedPort(): Promise<number>
export class FaultProxy {
  readonly calls: RecordedCall[]
  readonly faults: Fault[]
  constructor(upstream: string, options?: FaultProxyOptions)
  get url(): string
  actions(): string[]
  reset(): void
  start(): Promise<this>
  stop(): Promise<void>
}

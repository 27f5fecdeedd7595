/** One AWS call as it crossed the wire. */
export interface RecordedCall {
  action: string
  status: number
  responseBody: string
}
/** A canned answer for the next call of an action, in place of the stack's. */
export interface Fault {
  action: string
  status: number
  body: string
  contentType?: string
}
export function stsError(code: string, message: string, status?: number): Omit<Fault, 'action'>
export function iamError(code: string, message: string, status?: number): Omit<Fault, 'action'>
export function jsonError(type: string, message: string, status?: number): Omit<Fault, 'action'>
export function isWrite(action: string): boolean
export class AwsProxy {
  readonly calls: RecordedCall[]
  readonly faults: Fault[]
  constructor(upstream: string)
  get url(): string
  actions(): string[]
  writes(): string[]
  reset(): void
  start(): Promise<this>
  stop(): Promise<void>
}

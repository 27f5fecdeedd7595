import type { Fault, FaultProxy } from './fault-proxy.mjs'
export type { Fault, RecordedCall } from './fault-proxy.mjs'

export function stsError(code: string, message: string, status?: number): Omit<Fault, 'action'> & { status: number; body: string }
export function iamError(code: string, message: string, status?: number): Omit<Fault, 'action'> & { status: number; body: string }
export function jsonError(type: string, message: string, status?: number): Omit<Fault, 'action'> & { status: number; body: string }
export function isWrite(action: string): boolean
export class AwsProxy extends FaultProxy {
  constructor(upstream: string)
  writes(): string[]
}

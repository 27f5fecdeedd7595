import type { Annotation } from './annotations.js'

/** An error whose message is the whole explanation, for a person; printed as is, without a stack. */
export class ExplainedError extends Error {
  override name = 'ExplainedError'
  /** where the runner's annotation points, when there is a place */
  constructor(message: string, readonly annotation?: Annotation) {
    super(message)
  }
}

/** `Name: message (HTTP status)` of an AWS SDK error, for a message to a person. */
export function describeAwsError(error: unknown): string {
  const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number }; $response?: unknown }
  if (e.$response !== undefined && (e.$metadata?.httpStatusCode ?? 200) < 300) {
    return `an answer that could not be read (${(e.message ?? '').split('\n')[0]})`
  }
  const status = e.$metadata?.httpStatusCode ? ` (HTTP ${e.$metadata.httpStatusCode})` : ''
  return `${e.name ?? 'Error'}: ${e.message ?? String(error)}${status}`
}

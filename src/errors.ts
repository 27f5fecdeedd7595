/** The errors the project foresees, and how any error becomes the message a person reads. */
import { type Annotation, inputNamesOf } from './annotations.js'
import { formatSeconds } from './format.js'

/** An error whose message is the whole explanation, for a person; printed as is, without a stack. */
export class ExplainedError extends Error {
  override name = 'ExplainedError'
  /** where the runner's annotation points, when there is a place */
  constructor(
    message: string,
    readonly annotation?: Annotation,
  ) {
    super(message)
  }
}

/** Bad input: every problem found, each naming the input and what to do. */
export class InputError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'))
    this.name = 'InputError'
  }
}

/** An attempt (a remote call's, a bounded docker command's) that ran past its deadline. */
export class AttemptTimeout extends Error {
  override name = 'AttemptTimeout'
  constructor(readonly ms: number) {
    super(`no complete answer within ${formatSeconds(ms)}`)
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

/** People get the explanation; only a bug (an error we did not anticipate) shows its stack. */
export function messageFor(error: unknown): string {
  if (error instanceof InputError) return `Invalid input:\n${error.problems.map((p) => `- ${p}`).join('\n')}`
  if (error instanceof ExplainedError) return error.message
  return `Unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`
}

/** Bad input points at the workflow file and names the inputs; a failed build at its Dockerfile line. */
export function annotationFor(error: unknown, workflowFile: string | undefined): Annotation | undefined {
  if (error instanceof InputError) {
    const names = inputNamesOf(error.problems)
    return { title: names.length > 0 ? `Invalid input: ${names.join(', ')}` : 'Invalid input', file: workflowFile }
  }
  return error instanceof ExplainedError ? error.annotation : undefined
}

/**
 * One policy for every remote call the action and the CLI make: GitHub's OIDC token service, STS, ECR,
 * IAM, docker's own calls to the registry. Each attempt has a deadline; timeouts, connection errors,
 * throttling and 5xx are tried again after a jittered backoff; refusals never are;
 * and one call never takes longer than its budget.
 */
import { AttemptTimeout, ExplainedError } from './errors.js'
import { formatSeconds } from './format.js'

// the docker edge and the post step need the error without the policy: it lives in errors.ts
export { AttemptTimeout }

export interface RemotePolicy {
  /** one attempt, from sending the request to the last byte of the answer */
  attemptTimeoutMs: number
  /** opening the connection (TCP and TLS) */
  connectTimeoutMs: number
  maxAttempts: number
  /** all attempts and waits of one call together: no attempt starts, and none runs, past it */
  budgetMs: number
  /** the wait before attempt n+1 is drawn from [ceiling/2, ceiling], ceiling = min(max, base·2ⁿ⁻¹) */
  baseDelayMs: number
  maxDelayMs: number
}

/** The numbers the README documents. */
export const REMOTE_POLICY: RemotePolicy = {
  attemptTimeoutMs: 10_000,
  connectTimeoutMs: 3_000,
  maxAttempts: 5,
  budgetMs: 30_000,
  baseDelayMs: 500,
  maxDelayMs: 4_000,
}

/** docker login pings the registry through the daemon, which is slower than one HTTP request. */
export const DOCKER_LOGIN_POLICY: RemotePolicy = {
  ...REMOTE_POLICY,
  attemptTimeoutMs: 30_000,
  maxAttempts: 3,
  budgetMs: 60_000,
}

/** Transient faults worth another attempt, with what to tell a person about each. */
export interface Fault {
  transient: boolean
  /** for a person: "no complete answer within 10 s", "connection refused", "HTTP 503 …" */
  description: string
  /** no answer came at all (refused, reset, timed out, no such host): the network, not the service, is at fault */
  unreachable?: boolean
}

const THROTTLING = /Throttl|TooManyRequests|RequestLimitExceeded|SlowDown/
/** `^(a|b|…)$` over whole error names, or (`anywhere`) any of them inside a name. */
const namesPattern = (names: string[], anywhere = false) =>
  new RegExp(anywhere ? names.join('|') : `^(${names.join('|')})$`)
const TRANSIENT_NAMES = namesPattern([
  'IDPCommunicationError(Exception)?',
  'ServiceUnavailable(Exception)?',
  'InternalFailure',
  'InternalError',
  'InternalServerError',
  'RequestTimeout(Exception)?',
  'TimeoutError',
])
const REFUSALS = namesPattern(
  [
    'AccessDenied',
    'Unauthorized',
    'NotAuthorized',
    'InvalidIdentityToken',
    'ExpiredToken',
    'Validation',
    'InvalidParameter',
    'NoSuchEntity',
    'NotFound',
  ],
  true,
)
const CONNECTION_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed while sending',
  ETIMEDOUT: 'connection timed out',
  ECONNABORTED: 'connection aborted',
  EAI_AGAIN: 'DNS lookup failed for now',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_SOCKET: 'connection closed',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
}
/**
 * An error and its causes, outermost first: fetch (undici) and Octokit say what happened only deep inside
 * (`fetch failed` ← `connect ECONNREFUSED`, `Proxy response (407) !== 200`).
 */
const chainOf = (error: unknown): Array<RemoteErrorShape & { hostname?: string }> => {
  const chain: Array<RemoteErrorShape & { hostname?: string }> = []
  let at = error as RemoteErrorShape | undefined
  while (at && typeof at === 'object' && chain.length < 5) {
    chain.push(at)
    at = at.cause as RemoteErrorShape | undefined
  }
  return chain
}
/** No answer came at all: the network (or a proxy) is at fault, not the service. */
const noAnswer = (description: string, transient = true): Fault => ({ transient, description, unreachable: true })

interface RemoteErrorShape {
  name?: string
  message?: string
  code?: string
  statusCode?: number
  /** Octokit's RequestError */
  status?: number
  cause?: unknown
  $metadata?: { httpStatusCode?: number }
  $response?: unknown
}

/** Which faults are passing (try again) and which are answers (a refusal, bad input: never retried). */
export function classifyFault(error: unknown): Fault {
  const e = (error ?? {}) as RemoteErrorShape
  // the SDK wraps a throwable that is not an Error as `AWS SDK error wrapper for <Name>: <message>`
  const name = e.message?.match(/^AWS SDK error wrapper for (\w+):/)?.[1] ?? e.name ?? ''
  const status = e.$metadata?.httpStatusCode ?? e.statusCode ?? e.status
  const message = (e.message ?? String(error)).split('\n')[0] ?? ''
  if (error instanceof AttemptTimeout) return noAnswer(error.message)
  if (name === 'AbortError' && e.cause instanceof AttemptTimeout) return noAnswer(e.cause.message)
  const chain = chainOf(error)
  const failed = chain.find((link) => link.code === 'ENOTFOUND' || CONNECTION_CODES[link.code ?? ''])
  // a name that does not resolve stays so: said (which name: the host's or a proxy's), not tried again
  if (failed?.code === 'ENOTFOUND') return noAnswer(`no such host ${failed.hostname ?? ''} (DNS lookup failed)`, false)
  if (failed?.code) return noAnswer(`${CONNECTION_CODES[failed.code]} (${failed.code})`)
  // a proxy that would not open the tunnel (undici: "Proxy response (407) !== 200"), or answered for the host
  const said = chain.map((link) => link.message ?? '').join(' / ')
  const proxyStatus = status === 407 ? 407 : Number(said.match(/Proxy response \((\d+)\)/)?.[1])
  if (proxyStatus)
    return noAnswer(
      `the proxy answered HTTP ${proxyStatus}` +
        (proxyStatus === 407 ? ': it wants other credentials (the user and password in HTTPS_PROXY/HTTP_PROXY)' : ''),
      proxyStatus >= 500,
    )
  if (REFUSALS.test(name))
    return { transient: false, description: `${name}: ${message}${status ? ` (HTTP ${status})` : ''}` }
  if (THROTTLING.test(name) || status === 429)
    return {
      transient: true,
      description: `throttled (${name && name !== 'Error' ? name : `HTTP ${status}`}: ${message})`,
    }
  if (TRANSIENT_NAMES.test(name))
    return { transient: true, description: `${name}: ${message}${status ? ` (HTTP ${status})` : ''}` }
  if (status !== undefined && status >= 500)
    return { transient: true, description: `HTTP ${status}${name && name !== 'Error' ? ` ${name}` : ''}: ${message}` }
  // an answer cut off on the wire ends in a connection error (above); a whole answer the client cannot
  // parse is what the other side sends every time, so it is reported, not tried again
  if (name === 'SyntaxError' || (e.$response !== undefined && (status === undefined || status < 300))) {
    return {
      transient: false,
      description: `an answer that could not be read${status ? ` (HTTP ${status})` : ''}: ${message}`,
    }
  }
  return {
    transient: false,
    description: `${name && name !== 'Error' ? `${name}: ` : ''}${message}${status ? ` (HTTP ${status})` : ''}`,
  }
}

export function backoffMs(
  attempt: number,
  policy: Pick<RemotePolicy, 'baseDelayMs' | 'maxDelayMs'>,
  random = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt)
  return Math.round(ceiling / 2 + (random() * ceiling) / 2)
}

/** What was called, for messages: `AWS STS` `AssumeRoleWithWebIdentity`. */
export interface RemoteCall {
  service: string
  call: string
  /** where: a URL's host, or (AWS clients) a look-up of where the client last sent a request */
  endpoint?: string | (() => string | undefined)
}

/** A call that kept failing in a passing way until its attempts or its budget ran out. */
export class RemoteUnavailable extends ExplainedError {
  override name = 'RemoteUnavailable'
  constructor(
    readonly target: Omit<RemoteCall, 'endpoint'> & { endpoint?: string | undefined },
    readonly attempts: number,
    readonly elapsedMs: number,
    readonly fault: Fault,
    override readonly cause: unknown,
  ) {
    super(
      `${target.service} did not complete ${target.call}${target.endpoint ? ` at ${target.endpoint}` : ''}: ` +
        `${fault.description}, after ${attempts} attempt${attempts === 1 ? '' : 's'} over ${formatSeconds(elapsedMs)}.`,
    )
  }
}

export interface CallOptions {
  policy?: RemotePolicy
  sleep?: (ms: number) => Promise<void>
  now?: () => number
  /** how to read a failure; AWS and HTTP errors by default */
  classify?: (error: unknown) => Fault
}

/** Runs `attempt` until it succeeds, fails for good, or the policy is spent. The signal aborts at the deadline. */
export async function callRemote<T>(
  target: RemoteCall,
  attempt: (signal: AbortSignal) => Promise<T>,
  options: CallOptions = {},
): Promise<T> {
  const policy = options.policy ?? REMOTE_POLICY
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  const now = options.now ?? (() => performance.now())
  const classify = options.classify ?? classifyFault
  const started = now()
  for (let attempts = 1; ; attempts++) {
    const left = policy.budgetMs - (now() - started)
    try {
      return await withDeadline(Math.max(1, Math.min(policy.attemptTimeoutMs, left)), attempt)
    } catch (error) {
      const fault = classify(error)
      // an answer (a refusal, bad input) is the caller's to explain; no answer at all is said here
      if (!fault.transient && !fault.unreachable) throw error
      const delay = backoffMs(attempts - 1, policy)
      const elapsed = now() - started
      // an attempt squeezed into the last second of the budget could only time out
      if (!fault.transient || attempts >= policy.maxAttempts || elapsed + delay + 1000 > policy.budgetMs) {
        const endpoint = typeof target.endpoint === 'function' ? target.endpoint() : target.endpoint
        throw new RemoteUnavailable({ ...target, endpoint }, attempts, elapsed, fault, error)
      }
      await sleep(delay)
    }
  }
}

/** After its deadline an attempt is aborted and has this long to wind down (close its socket) before it is left. */
const ABORT_GRACE_MS = 1_000

/**
 * The attempt's outcome, or AttemptTimeout at the deadline: the attempt's signal aborts, and whatever it
 * then throws becomes the timeout, even if it never settles.
 */
async function withDeadline<T>(ms: number, attempt: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController()
  const timeout = new AttemptTimeout(ms)
  let timer: NodeJS.Timeout | undefined
  let grace: NodeJS.Timeout | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort(timeout)
      grace = setTimeout(() => reject(timeout), ABORT_GRACE_MS)
    }, ms)
  })
  try {
    return await Promise.race([attempt(controller.signal), deadline])
  } catch (error) {
    throw controller.signal.aborted ? timeout : error
  } finally {
    clearTimeout(timer)
    clearTimeout(grace)
  }
}

/**
 * A write whose answer may be lost on the wire (a timeout or a reset after AWS applied it): each attempt after
 * the first asks `readBack` whether the write happened already, and counts what it finds as the write's
 * answer; only when it finds nothing is the write sent again. Without this, a retried CreateRole fails
 * "already exists" and a retried RegisterTaskDefinition leaves an extra revision.
 */
export function checkedWrite<T>(
  write: (signal: AbortSignal) => Promise<T>,
  readBack: (signal: AbortSignal) => Promise<T | undefined>,
): (signal: AbortSignal) => Promise<T> {
  let attempts = 0
  return async (signal) => {
    attempts++
    if (attempts > 1) {
      const done = await readBack(signal)
      if (done !== undefined) return done
    }
    return write(signal)
  }
}

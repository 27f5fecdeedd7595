/** Bounded retry with exponential backoff and jitter, for AWS calls that can fail for a moment. */
export interface RetryPolicy {
  attempts: number
  baseDelayMs: number
  maxDelayMs: number
  sleep?: (ms: number) => Promise<void>
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 500, maxDelayMs: 8000 }

const RETRYABLE_NAMES = new Set([
  'ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded',
  'IDPCommunicationError', 'IDPCommunicationErrorException', 'ServiceUnavailable', 'ServiceUnavailableException', 'InternalFailure',
  'InternalError', 'RequestTimeout', 'RequestTimeoutException',
])
const RETRYABLE_CODES = new Set(['ECONNRESET', 'ETIMEDOUT', 'EAI_AGAIN', 'EPIPE', 'ECONNABORTED'])

interface AwsLikeError {
  name?: string
  code?: string
  $metadata?: { httpStatusCode?: number }
}

/** Throttling, 5xx and the identity provider's hiccups are worth another try; a refusal is not. */
export function isRetryable(error: unknown): boolean {
  const e = (error ?? {}) as AwsLikeError
  if (e.name && /AccessDenied|InvalidIdentityToken|ExpiredToken|Validation/.test(e.name)) return false
  if (e.name && RETRYABLE_NAMES.has(e.name)) return true
  if (e.code && RETRYABLE_CODES.has(e.code)) return true
  const status = e.$metadata?.httpStatusCode
  return status !== undefined && status >= 500
}

export function backoffMs(attempt: number, policy: RetryPolicy, random = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt)
  return Math.round(ceiling / 2 + (random() * ceiling) / 2)
}

export async function withRetry<T>(call: () => Promise<T>, policy: RetryPolicy = DEFAULT_RETRY): Promise<T> {
  const sleep = policy.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  for (let attempt = 0; ; attempt++) {
    try {
      return await call()
    } catch (error) {
      if (attempt + 1 >= policy.attempts || !isRetryable(error)) throw error
      await sleep(backoffMs(attempt, policy))
    }
  }
}

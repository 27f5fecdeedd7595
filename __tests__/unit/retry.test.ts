import { backoffMs, isRetryable, withRetry } from '../../src/retry.js'

const awsError = (name: string, status?: number) => Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } })

test.each<[string, unknown, boolean]>([
  ['throttling', awsError('ThrottlingException', 400), true],
  ['IDP communication error', awsError('IDPCommunicationError', 400), true],
  ['IDP communication error as the SDK names it', awsError('IDPCommunicationErrorException', 400), true],
  ['a 503', awsError('ServiceUnavailable', 503), true],
  ['any 5xx', awsError('SomethingNew', 502), true],
  ['connection reset', Object.assign(new Error('x'), { code: 'ECONNRESET' }), true],
  ['access denied', awsError('AccessDenied', 403), false],
  ['access denied even on a 5xx', awsError('AccessDeniedException', 500), false],
  ['invalid identity token', awsError('InvalidIdentityToken', 400), false],
  ['expired token', awsError('ExpiredTokenException', 400), false],
  ['validation', awsError('ValidationError', 400), false],
  ['plain error', new Error('x'), false],
  ['not an error', undefined, false],
])('isRetryable: %s → %s', (_, error, expected) => expect(isRetryable(error)).toBe(expected))

test('backoff grows, is capped, and keeps half of the ceiling', () => {
  const policy = { attempts: 5, baseDelayMs: 100, maxDelayMs: 1000 }
  expect([0, 1, 2, 3, 4, 10].map((attempt) => backoffMs(attempt, policy, () => 1))).toEqual([100, 200, 400, 800, 1000, 1000])
  expect(backoffMs(2, policy, () => 0)).toBe(200)
})

describe('withRetry', () => {
  const sleeps: number[] = []
  const policy = { attempts: 4, baseDelayMs: 10, maxDelayMs: 100, sleep: async (ms: number) => void sleeps.push(ms) }
  beforeEach(() => (sleeps.length = 0))

  test('retries a passing failure until it works', async () => {
    let calls = 0
    const result = await withRetry(async () => (++calls < 3 ? Promise.reject(awsError('Throttling', 400)) : 'ok'), policy)
    expect(result).toBe('ok')
    expect(calls).toBe(3)
    expect(sleeps).toHaveLength(2)
  })

  test('gives up after the bounded number of attempts', async () => {
    let calls = 0
    await expect(withRetry(async () => { calls++; throw awsError('IDPCommunicationError', 400) }, policy)).rejects.toThrow('IDPCommunicationError')
    expect(calls).toBe(4)
  })

  test('never retries a refusal', async () => {
    let calls = 0
    await expect(withRetry(async () => { calls++; throw awsError('AccessDenied', 403) }, policy)).rejects.toThrow('AccessDenied')
    expect(calls).toBe(1)
    expect(sleeps).toHaveLength(0)
  })
})

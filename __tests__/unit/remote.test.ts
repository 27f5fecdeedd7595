import { AttemptTimeout, REMOTE_POLICY, RemoteUnavailable, backoffMs, callRemote, classifyFault } from '../../src/remote.js'

const awsError = (name: string, status?: number, extra: object = {}) => Object.assign(new Error(`${name} happened`), { name, $metadata: { httpStatusCode: status }, ...extra })
const withCode = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:1`), { code })

test.each<[string, unknown, boolean, RegExp]>([
  ['our deadline', new AttemptTimeout(10_000), true, /^no complete answer within 10\.0 s$/],
  ['the SDK aborted at our deadline', Object.assign(new Error('Request aborted'), { name: 'AbortError', cause: new AttemptTimeout(2500) }), true, /within 2\.5 s/],
  ['the SDK request timeout', awsError('TimeoutError'), true, /TimeoutError/],
  ['connection refused', withCode('ECONNREFUSED'), true, /^connection refused \(ECONNREFUSED\)$/],
  ['connection reset', withCode('ECONNRESET'), true, /^connection reset/],
  ['reset, wrapped', Object.assign(new Error('fetch failed'), { cause: withCode('ECONNRESET') }), true, /connection reset/],
  // Octokit's RequestError (HTTP 500 for any fetch failure) keeps fetch's error as its cause: the reason is deeper
  ['refused, under Octokit and fetch', Object.assign(new Error('fetch failed'), { status: 500, cause: Object.assign(new TypeError('fetch failed'), { cause: withCode('ECONNREFUSED') }) }), true, /^connection refused \(ECONNREFUSED\)$/],
  ['no such host, deep', Object.assign(new TypeError('fetch failed'), { cause: Object.assign(withCode('ENOTFOUND'), { hostname: 'proxy.corp' }) }), false, /^no such host proxy\.corp \(DNS lookup failed\)$/],
  ['a proxy\'s 407, under Octokit and undici', Object.assign(new Error('Request was cancelled.'), { status: 500, cause: Object.assign(new TypeError('fetch failed'), { cause: new Error('Proxy response (407) !== 200 when HTTP Tunneling') }) }), false, /^the proxy answered HTTP 407: it wants other credentials/],
  ['a proxy\'s 502', Object.assign(new TypeError('fetch failed'), { cause: new Error('Proxy response (502) !== 200 when HTTP Tunneling') }), true, /^the proxy answered HTTP 502$/],
  ['DNS for now', withCode('EAI_AGAIN'), true, /DNS/],
  ['a timeout the SDK wrapped', new Error('AWS SDK error wrapper for TimeoutError: socket hang up'), true, /TimeoutError/],
  ['throttling', awsError('ThrottlingException', 400), true, /^throttled \(ThrottlingException/],
  ['STS throttling', awsError('Throttling', 400), true, /throttled/],
  ['HTTP 429', Object.assign(new Error('slow down'), { statusCode: 429 }), true, /throttled \(HTTP 429: slow down\)/],
  ['IDP communication error', awsError('IDPCommunicationError', 400), true, /IDPCommunicationError/],
  ['a 503', awsError('ServiceUnavailable', 503), true, /ServiceUnavailable.*HTTP 503/],
  ['any 5xx', awsError('SomethingNew', 502), true, /^HTTP 502 SomethingNew/],
  ['an HTTP client 500', Object.assign(new Error('oops'), { statusCode: 500 }), true, /^HTTP 500: oops$/],
  ['access denied', awsError('AccessDenied', 403), false, /^AccessDenied: .*\(HTTP 403\)$/],
  ['access denied even on a 5xx', awsError('AccessDeniedException', 500), false, /AccessDeniedException/],
  ['invalid identity token', awsError('InvalidIdentityToken', 400), false, /InvalidIdentityToken/],
  ['expired token', awsError('ExpiredTokenException', 400), false, /ExpiredToken/],
  ['validation', awsError('ValidationError', 400), false, /ValidationError/],
  ['no such entity', awsError('NoSuchEntity', 404), false, /NoSuchEntity/],
  ['an unparseable 200', awsError('SyntaxError', 200, { $response: {} }), false, /^an answer that could not be read \(HTTP 200\)/],
  ['a 401 from an HTTP client', Object.assign(new Error('Bad credentials'), { statusCode: 401 }), false, /^Bad credentials \(HTTP 401\)$/],
  ['plain error', new Error('x'), false, /^x$/],
  ['not an error', undefined, false, /undefined/],
])('classifyFault: %s → transient %s', (_, error, transient, description) => {
  const fault = classifyFault(error)
  expect(fault.transient).toBe(transient)
  expect(fault.description).toMatch(description)
})

test('backoff doubles to the cap and keeps at least half of the ceiling', () => {
  const policy = { baseDelayMs: 100, maxDelayMs: 1000 }
  expect([0, 1, 2, 3, 4, 10].map((attempt) => backoffMs(attempt, policy, () => 1))).toEqual([100, 200, 400, 800, 1000, 1000])
  expect([0, 1, 2].map((attempt) => backoffMs(attempt, policy, () => 0))).toEqual([50, 100, 200])
})

test('the documented numbers: a hung endpoint gives up within 30 s', () => {
  expect(REMOTE_POLICY).toEqual({ attemptTimeoutMs: 10_000, connectTimeoutMs: 3_000, maxAttempts: 5, budgetMs: 30_000, baseDelayMs: 500, maxDelayMs: 4_000 })
})

describe('callRemote', () => {
  /** A clock the sleeps move, so budgets can be tested without waiting. */
  function fakeTime() {
    let clock = 0
    const sleeps: number[] = []
    return { sleeps, now: () => clock, sleep: async (ms: number) => void (sleeps.push(ms), (clock += ms)), advance: (ms: number) => (clock += ms) }
  }
  const target = { service: 'AWS STS', call: 'AssumeRoleWithWebIdentity' }

  test('a passing fault is tried again until it works', async () => {
    const time = fakeTime()
    let calls = 0
    const result = await callRemote(target, async () => (++calls < 3 ? Promise.reject(awsError('Throttling', 400)) : 'ok'), time)
    expect(result).toBe('ok')
    expect(calls).toBe(3)
    expect(time.sleeps).toHaveLength(2)
  })

  test('a refusal is never tried again, and comes back as it was', async () => {
    const time = fakeTime()
    let calls = 0
    const denied = awsError('AccessDenied', 403)
    await expect(callRemote(target, async () => { calls++; throw denied }, time)).rejects.toBe(denied)
    expect(calls).toBe(1)
    expect(time.sleeps).toEqual([])
  })

  test('attempts are bounded, and the failure names the service, the call, the endpoint and the count', async () => {
    const time = fakeTime()
    let calls = 0
    const located = { ...target, endpoint: () => 'https://sts.us-east-1.amazonaws.com' }
    const error = await callRemote(located, async () => { calls++; throw withCode('ECONNREFUSED') }, time).catch((e: unknown) => e)
    expect(calls).toBe(REMOTE_POLICY.maxAttempts)
    expect(error).toBeInstanceOf(RemoteUnavailable)
    expect((error as Error).message).toMatch(/^AWS STS did not complete AssumeRoleWithWebIdentity at https:\/\/sts\.us-east-1\.amazonaws\.com: connection refused \(ECONNREFUSED\), after 5 attempts over \d+\.\d s\.$/)
  })

  test('the budget stops attempts that each take long', async () => {
    const time = fakeTime()
    let calls = 0
    // every attempt runs to its deadline: the attempt's own, or what is left of the budget
    const hang = async () => {
      calls++
      time.advance(Math.min(REMOTE_POLICY.attemptTimeoutMs, REMOTE_POLICY.budgetMs - time.now()))
      throw new AttemptTimeout(REMOTE_POLICY.attemptTimeoutMs)
    }
    const error = await callRemote(target, hang, time).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RemoteUnavailable)
    expect(calls).toBeLessThan(REMOTE_POLICY.maxAttempts)
    expect(time.now()).toBeLessThanOrEqual(REMOTE_POLICY.budgetMs)
  })

  test('an attempt that never settles ends at its deadline and its signal is aborted', async () => {
    const policy = { ...REMOTE_POLICY, attemptTimeoutMs: 30, maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1, budgetMs: 5_000 }
    const signals: AbortSignal[] = []
    const error = await callRemote(target, (signal) => (signals.push(signal), new Promise<never>(() => {})), { policy }).catch((e: unknown) => e)
    expect((error as Error).message).toMatch(/no complete answer within 0\.0 s, after 2 attempts/)
    expect(signals.map((signal) => signal.aborted)).toEqual([true, true])
    expect((signals[0]!.reason as Error)).toBeInstanceOf(AttemptTimeout)
  })

  test('the last attempt gets only what is left of the budget', async () => {
    const policy = { ...REMOTE_POLICY, attemptTimeoutMs: 10_000, budgetMs: 1_200, baseDelayMs: 1, maxDelayMs: 1 }
    const started = performance.now()
    await expect(callRemote(target, () => new Promise<never>(() => {}), { policy })).rejects.toBeInstanceOf(RemoteUnavailable)
    expect(performance.now() - started).toBeLessThan(3_500) // the budget, plus the grace a deaf attempt gets
  })

  test('whatever an aborted attempt throws becomes the timeout', async () => {
    const policy = { ...REMOTE_POLICY, attemptTimeoutMs: 20, maxAttempts: 1 }
    const sdkLike = (signal: AbortSignal) => new Promise<never>((_, reject) => {
      signal.addEventListener('abort', () => reject(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })))
    })
    const error = await callRemote({ ...target, endpoint: 'https://sts.example' }, sdkLike, { policy }).catch((e: unknown) => e)
    expect((error as Error).message).toBe('AWS STS did not complete AssumeRoleWithWebIdentity at https://sts.example: no complete answer within 0.0 s, after 1 attempt over 0.0 s.')
  })
})

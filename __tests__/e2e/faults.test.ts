// Every remote the action talks to, broken on purpose, with the action run as the runner runs it: a
// fault-injecting proxy in front of the OIDC stand-in, moto and the registry. Each scenario checks the
// outcome and its time against the policy's budget, that the message names the failing service, the
// secret scan, the post step's cleanup, and for a failed push that the tags it reports are the registry's.
import { readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import * as path from 'node:path'
import { AwsProxy, jsonError, stsError } from '../../scripts/aws-proxy.mjs'
import { type Fault, FaultProxy, closedPort } from '../../scripts/fault-proxy.mjs'
import { githubClaims, startOidcStub } from '../../scripts/oidc-stub.mjs'
import { annotationsIn, runAction, runPostStep } from '../support/action-runner.js'
import { sampleWorkspace, setUpFor, uniqueRepository } from '../support/fixtures.js'
import { listTagsAt } from '../support/registry-api.js'
import { registryProxy } from '../support/registry.js'
import { leaks, secretsHandedOut } from '../support/secrets.js'
import { FAULT_REGION, FAULT_REGISTRY_HOST, FAULT_REGISTRY_IP, MOTO_URL, REGISTRY_PASSWORD, requireMoto } from '../support/stack.js'

/** Registry requests by what they do, so a fault can pick one kind. */
function registryAction(req: { method?: string; url?: string }): string {
  const url = new URL(req.url ?? '/', 'https://x').pathname
  if (url === '/v2/' || url === '/v2') return 'ping'
  if (/\/blobs\/uploads\//.test(url) && (req.method === 'PATCH' || req.method === 'PUT')) return 'blob-upload'
  const manifest = url.match(/\/manifests\/([^/]+)$/)
  if (manifest && req.method === 'PUT') return `manifest-put:${manifest[1]!.startsWith('sha256:') ? 'digest' : manifest[1]}`
  return `${req.method} ${url}`
}

interface Scenario {
  name: string
  faults?: { token?: Fault[]; aws?: Fault[]; registry?: Fault[] }
  /** nothing listens at the token URL / the AWS endpoint */
  refused?: 'token' | 'aws'
  exitCode: 0 | 1
  /** what the error annotation says; it must name the service */
  message?: RegExp
  /** wall-time bound of the main step: the policy's budget plus the build's own time */
  maxSeconds: number
}

const garbage = { status: 200, contentType: 'text/plain', body: '<html>proxy error page</html>' }
const TOKEN = "GitHub's OIDC token service"

const scenarios: Scenario[] = [
  { name: 'token service: HTTP 500 twice, then a token', faults: { token: [{ action: 'token', status: 500, body: '{"message":"boom"}', times: 2 }] }, exitCode: 0, maxSeconds: 60 },
  { name: 'token service: HTTP 503, then a reset, then a token', faults: { token: [{ action: 'token', status: 503, body: 'busy' }, { action: 'token', kind: 'reset' }] }, exitCode: 0, maxSeconds: 60 },
  { name: 'token service: throttled (429) once', faults: { token: [{ action: 'token', status: 429, body: '{"message":"slow down"}' }] }, exitCode: 0, maxSeconds: 60 },
  { name: 'token service: its answer trickles in once', faults: { token: [{ action: 'token', kind: 'trickle' }] }, exitCode: 0, maxSeconds: 70 },
  { name: 'token service: refuses connections', refused: 'token', exitCode: 1, maxSeconds: 20,
    message: new RegExp(`^${TOKEN} did not complete the token request at 127\\.0\\.0\\.1:\\d+: connection refused \\(ECONNREFUSED\\), after 5 attempts`) },
  { name: 'token service: accepts and never answers', faults: { token: [{ action: 'token', kind: 'hang', times: Infinity }] }, exitCode: 1, maxSeconds: 40,
    message: new RegExp(`^${TOKEN} did not complete the token request at 127\\.0\\.0\\.1:\\d+: no complete answer within \\d+\\.\\d s, after 3 attempts over 3\\d\\.\\d s`) },
  { name: 'token service: a garbage body', faults: { token: [{ action: 'token', ...garbage }] }, exitCode: 1, maxSeconds: 10,
    message: new RegExp(`^${TOKEN} answered the token request at 127\\.0\\.0\\.1:\\d+ with HTTP 200: an answer with no token in it`) },
  { name: 'token service: HTTP 401 (not retried)', faults: { token: [{ action: 'token', status: 401, body: '{"message":"Bad credentials"}', times: Infinity }] }, exitCode: 1, maxSeconds: 10,
    message: new RegExp(`^${TOKEN} answered the token request at 127\\.0\\.0\\.1:\\d+ with HTTP 401: \\{"message":"Bad credentials"\\}`) },
  { name: 'STS: HTTP 503 twice', faults: { aws: [{ action: 'AssumeRoleWithWebIdentity', ...stsError('ServiceUnavailable', 'try later', 503), times: 2 }] }, exitCode: 0, maxSeconds: 60 },
  { name: 'STS: throttled twice', faults: { aws: [{ action: 'AssumeRoleWithWebIdentity', ...stsError('Throttling', 'Rate exceeded'), times: 2 }] }, exitCode: 0, maxSeconds: 60 },
  { name: 'STS: connection reset once', faults: { aws: [{ action: 'AssumeRoleWithWebIdentity', kind: 'reset' }] }, exitCode: 0, maxSeconds: 60 },
  { name: 'STS: accepts and never answers', faults: { aws: [{ action: 'AssumeRoleWithWebIdentity', kind: 'hang', times: Infinity }] }, exitCode: 1, maxSeconds: 40,
    message: /^Could not get credentials for arn:aws:iam::123456789012:role\/\S+: AWS STS did not complete AssumeRoleWithWebIdentity at http:\/\/127\.0\.0\.1:\d+: no complete answer within \d+\.\d s, after 3 attempts over 3\d\.\d s/ },
  { name: 'STS: refuses connections', refused: 'aws', exitCode: 1, maxSeconds: 20,
    message: /^Could not get credentials for \S+: AWS STS did not complete AssumeRoleWithWebIdentity at http:\/\/127\.0\.0\.1:\d+: connection refused \(ECONNREFUSED\), after 5 attempts/ },
  { name: 'STS: a garbage body', faults: { aws: [{ action: 'AssumeRoleWithWebIdentity', ...garbage }] }, exitCode: 1, maxSeconds: 10,
    message: /^STS answered AssumeRoleWithWebIdentity for \S+ without credentials/ },
  { name: 'ECR: HTTP 500 twice', faults: { aws: [{ action: 'GetAuthorizationToken', ...jsonError('ServerException', 'internal', 500), times: 2 }] }, exitCode: 0, maxSeconds: 60 },
  { name: 'ECR: its answer trickles in once', faults: { aws: [{ action: 'GetAuthorizationToken', kind: 'trickle' }] }, exitCode: 0, maxSeconds: 70 },
  { name: 'ECR: a truncated JSON answer', faults: { aws: [{ action: 'GetAuthorizationToken', status: 200, body: '{"authorizationData":[{"authorizationToken":"QVdT' }] }, exitCode: 1, maxSeconds: 10,
    message: /^ECR GetAuthorizationToken failed: an answer that could not be read/ },
  // push signs in with a docker config of its own (no docker login); the first thing it asks the registry is a blob
  { name: 'registry: a blob upload answered 503 twice', faults: { registry: [{ action: 'blob-upload', status: 503, body: 'unavailable', times: 2 }] }, exitCode: 0, maxSeconds: 60 },
  // the docker driver's image goes up by digest from its OCI layout (registry/layout-push.ts); tags are set after
  { name: 'registry: drops every blob upload midway', faults: { registry: [{ action: 'blob-upload', kind: 'drop', times: Infinity }] }, exitCode: 1, maxSeconds: 120,
    message: /^The registry \S+ did not complete the upload of sha256:[0-9a-f]{64}: connection (closed \(UND_ERR_SOCKET\)|reset \(ECONNRESET\)|closed while sending \(EPIPE\)), after 5 attempts over \d+\.\d s\.\nNo tag was set/ },
  { name: 'registry: answers every manifest PUT with 500', faults: { registry: [{ action: 'manifest-put:digest', status: 500, body: '{"errors":[{"code":"UNKNOWN","message":"disk full"}]}', times: Infinity }] }, exitCode: 1, maxSeconds: 120,
    message: /^The registry \S+ did not complete the manifest PUT of sha256:[0-9a-f]{64}: UNKNOWN: disk full \(HTTP 500\), after 5 attempts over \d+\.\d s\.\nNo tag was set/ },
  { name: 'registry: refuses a manifest (403, not retried)', faults: { registry: [{ action: 'manifest-put:digest', status: 403, body: '{"errors":[{"code":"DENIED","message":"not authorized to perform ecr:PutImage"}]}', times: Infinity }] }, exitCode: 1, maxSeconds: 60,
    message: /^The registry \S+ refused the manifest PUT of sha256:[0-9a-f]{64} to fault-\S+: DENIED: not authorized to perform ecr:PutImage \(HTTP 403\)\nNothing was tagged/ },
]

let aws: AwsProxy
let registry: FaultProxy
let workspace: string
const table: string[] = []

beforeAll(async () => {
  await requireMoto()
  workspace = sampleWorkspace()
  aws = await new AwsProxy(MOTO_URL).start()
  registry = await registryProxy(FAULT_REGISTRY_IP, 'fault', registryAction)
})
afterAll(async () => {
  await Promise.all([aws?.stop(), registry?.stop()])
  process.stdout.write(['', 'Fault scenarios, the action run as the runner runs it:', '| scenario | outcome | main step |', '|---|---|---|', ...table, ''].join('\n'))
})

const errorLines = (stdout: string) => annotationsIn(stdout).map((annotation) => annotation.message)

/** The tags a failed push says reached the registry. */
function reportedThere(message: string): string[] {
  const there = message.match(/\n {2}there: ([^(\n]+)/)?.[1]
  return there ? there.trim().split(', ') : []
}

/** One table cell: the error's first line, and for a failed push what it read back. */
function outcomeOf(exitCode: number, error = ''): string {
  if (exitCode === 0) return 'success, exit 0'
  const readBack = error.split('Read back from the registry after the failure')[1]
  const summary = readBack ? `docker buildx build failed; read back${readBack.replace(/\n\s*/g, ' ')}` : error.split('\n')[0]!
  return `exit ${exitCode}: ${summary.replace(/\|/g, '\\|')}`
}

test.each(scenarios.map((s) => [s.name, s] as const))('%s', async (_, scenario) => {
  const repository = uniqueRepository('fault')
  const ecrName = repository.split('/')[1]!
  await setUpFor(repository, { region: FAULT_REGION })
  const stub = await startOidcStub(githubClaims({ repository }))
  const token = await new FaultProxy(new URL(stub.env.ACTIONS_ID_TOKEN_REQUEST_URL).origin, { actionOf: () => 'token' }).start()
  aws.reset()
  registry.reset()
  token.faults.push(...(scenario.faults?.token ?? []))
  aws.faults.push(...(scenario.faults?.aws ?? []))
  registry.faults.push(...(scenario.faults?.registry ?? []))
  const tokenUrl = new URL(stub.env.ACTIONS_ID_TOKEN_REQUEST_URL)
  const tokenOrigin = scenario.refused === 'token' ? `http://127.0.0.1:${await closedPort()}` : token.url
  const awsEndpoint = scenario.refused === 'aws' ? `http://127.0.0.1:${await closedPort()}` : aws.url
  try {
    const started = performance.now()
    const result = await runAction({
      workspace, repository, inputs: { 'account-id': '123456789012', region: FAULT_REGION, platforms: 'linux/amd64' },
      env: { ...stub.env, ACTIONS_ID_TOKEN_REQUEST_URL: `${tokenOrigin}${tokenUrl.pathname}${tokenUrl.search}`, AWS_ENDPOINT_URL: awsEndpoint },
    })
    const seconds = (performance.now() - started) / 1000
    const post = await runPostStep(workspace, result.state)
    const errors = errorLines(result.stdout)
    table.push(`| ${scenario.name} | ${outcomeOf(result.exitCode, errors[0])} | ${seconds.toFixed(1)} s |`)

    expect({ exitCode: result.exitCode, errors: errors.length, stderr: result.stderr }).toEqual({ exitCode: scenario.exitCode, errors: scenario.exitCode, stderr: '' })
    expect(seconds).toBeLessThan(scenario.maxSeconds)
    if (scenario.message) expect(errors[0]).toMatch(scenario.message)
    // every fault the scenario scripts (but those it keeps for ever) happened: one that never did proves nothing
    const unmet = [...token.faults, ...aws.faults, ...registry.faults].filter((fault) => fault.times !== Infinity)
    expect(unmet).toEqual([])
    for (const error of errors) {
      expect(error).not.toMatch(/\n\s+at |Unexpected error/) // anticipated: never a stack trace
      expect(error).not.toContain('ACTIONS_ID_TOKEN_REQUEST_URL is not set') // the permission is there
    }

    const secrets = secretsHandedOut(stub.issued, aws.calls)
    expect(leaks({
      stdout: result.stdout, stderr: result.stderr, GITHUB_OUTPUT: result.files.output, GITHUB_STATE: result.files.state,
      GITHUB_STEP_SUMMARY: result.files.summary, 'post stdout': post.stdout, 'post stderr': post.stderr,
    }, secrets)).toEqual([])

    // the post step undoes what main did, whatever happened in main
    expect(post.exitCode).toBe(0)
    if (result.state['registry']) {
      expect(post.stdout).toContain(`Cleanup: docker logout ${FAULT_REGISTRY_HOST}`)
      const config = JSON.parse(readFileSync(path.join(homedir(), '.docker/config.json'), 'utf8')) as { auths?: Record<string, unknown> }
      expect(Object.keys(config.auths ?? {})).not.toContain(FAULT_REGISTRY_HOST)
    }

    const inRegistry = (await listTagsAt(FAULT_REGISTRY_HOST, ecrName, REGISTRY_PASSWORD)).filter((tag) => !tag.startsWith('buildcache-')).sort()
    if (scenario.exitCode === 0) {
      expect(inRegistry).toEqual(['0123456', '0123456-amd64', 'latest', 'main', 'main-0123456'])
      expect(result.outputs['digest']).toMatch(/^sha256:/)
    } else if (errors[0]?.startsWith('docker buildx build failed')) {
      // what the action says reached the registry is what the registry holds
      expect(reportedThere(errors[0]).sort()).toEqual(inRegistry)
    } else {
      expect(inRegistry).toEqual([])
    }
  } finally {
    await token.stop()
    await stub.close()
  }
}, 180_000)

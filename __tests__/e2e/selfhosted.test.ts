// Issue 16, self-hosted runners, as the runner runs the action: a docker config whose credsStore is a desktop
// keychain the runner does not have, nothing of the login left after the step, two jobs of one run on one
// daemon at once, and a builder the job already has (`builder`). Each test's job has a docker config of its own
// (DOCKER_CONFIG), so the machine's ~/.docker is never touched.
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { promisify } from 'node:util'
import type { AwsProxy } from '../../scripts/aws-proxy.mjs'
import { githubClaims, startOidcStub } from '../../scripts/oidc-stub.mjs'
import { type RunOptions, annotationsIn, runAction, runPostStep } from '../support/action-runner.js'
import { openHarness, setUpFor, uniqueRepository } from '../support/fixtures.js'
import { listTags } from '../support/registry.js'
import { leaks, secretsHandedOut } from '../support/secrets.js'
import { REGISTRY_HOST, REGISTRY_PASSWORD } from '../support/stack.js'

const run = promisify(execFile)
const valid = { 'account-id': '123456789012', region: 'us-east-1' }
let proxy: AwsProxy
let workspace: string
beforeAll(async () => {
  ({ proxy, workspace } = await openHarness())
})
afterAll(() => proxy.stop())

/** A self-hosted runner's docker config: its credsStore is a desktop keychain, whose helper is not on PATH. */
function keychainConfig(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ecr-oidc-push-sh-job-'))
  writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ credsStore: 'desktop', auths: {} }, null, '\t'))
  return dir
}
const newTemp = () => mkdtempSync(path.join(tmpdir(), 'ecr-oidc-push-sh-temp-'))

/** One step of a job on this runner: main, then its post step, with the job's docker config and RUNNER_TEMP. */
async function step(repository: string, jobConfig: string, options: Partial<RunOptions> & { temp?: string } = {}) {
  await setUpFor(repository)
  const stub = await startOidcStub(githubClaims({ repository }))
  const temp = options.temp ?? newTemp()
  try {
    const result = await runAction({
      workspace, repository, inputs: valid, ...options,
      env: { ...stub.env, AWS_ENDPOINT_URL: proxy.url, DOCKER_CONFIG: jobConfig, RUNNER_TEMP: temp, GITHUB_JOB: 'build', ...options.env },
    })
    const privateConfigAfterMain = result.state['docker-config'] ? existsSync(result.state['docker-config']) : undefined
    const post = await runPostStep(workspace, result.state)
    return { result, post, temp, privateConfigAfterMain, tokens: [...stub.issued] }
  } finally {
    await stub.close()
  }
}

/** Every file under `dir` whose bytes hold one of `secrets`. */
function filesHolding(dir: string, secrets: string[]): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).map((name) => path.join(dir, name))
    .filter((file) => statSync(file).isFile() && secrets.some((secret) => readFileSync(file).includes(secret)))
}

describe('a runner whose docker config names a desktop keychain', () => {
  const repository = uniqueRepository('sh-keychain')
  const jobConfig = keychainConfig()
  const before = readFileSync(path.join(jobConfig, 'config.json'), 'utf8')
  let pushed: Awaited<ReturnType<typeof step>>
  let secrets: string[]
  beforeAll(async () => {
    proxy.reset()
    pushed = await step(repository, jobConfig, { inputs: { ...valid, platforms: 'linux/amd64' } })
    secrets = secretsHandedOut(pushed.tokens, proxy.calls)
  }, 180_000)

  test('docker login with that config fails: the runner\'s own docker cannot store a password', async () => {
    const login = run('docker', ['login', '--username', 'AWS', '--password-stdin', REGISTRY_HOST], { env: { ...process.env, DOCKER_CONFIG: jobConfig }, timeout: 30_000 })
    login.child.stdin!.end(REGISTRY_PASSWORD)
    expect(await login.then(() => 'logged in', (error: { stderr?: string }) => error.stderr ?? '')).toMatch(/docker-credential-desktop/)
  })

  test('push does not use it: it succeeds, and the registry has the image', async () => {
    expect(pushed.result.stderr).toBe('')
    expect(annotationsIn(pushed.result.stdout)).toEqual([])
    expect(pushed.result.exitCode).toBe(0)
    expect(pushed.result.outputs['digest']).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect((await listTags(repository.split('/')[1]!)).sort()).toEqual(expect.arrayContaining(['0123456', '0123456-amd64', 'latest', 'main']))
    expect(pushed.result.stdout).toContain(`Logged docker into ${REGISTRY_HOST}, in this step's own docker config`)
  })

  test('nothing of the login remains after the step: its docker config is gone with main, the job\'s is as it was', () => {
    const dir = pushed.result.state['docker-config']!
    expect(path.dirname(dir)).toBe(pushed.temp)
    expect(pushed.privateConfigAfterMain).toBe(false)
    expect(readFileSync(path.join(jobConfig, 'config.json'), 'utf8')).toBe(before)
    expect(secrets.length).toBeGreaterThanOrEqual(5)
    expect(filesHolding(pushed.temp, secrets)).toEqual([])
    expect(filesHolding(jobConfig, secrets)).toEqual([])
    // the post step has no docker logout to run
    expect(pushed.post.exitCode).toBe(0)
    expect(pushed.post.stdout).toMatch(/^::group::ecr-oidc-push: cleanup\n::endgroup::$/m)
    expect(pushed.result.state['registry']).toBeUndefined()
    expect(leaks({ stdout: pushed.result.stdout, GITHUB_STATE: pushed.result.files.state, 'post stdout': pushed.post.stdout }, secrets)).toEqual([])
  })

  test('login mode still writes to the job\'s config, and says why it cannot and what to do', async () => {
    const started = performance.now()
    const { result } = await step(repository, jobConfig, { inputs: { ...valid, mode: 'login' } })
    expect(result.exitCode).toBe(1)
    const [error, ...more] = annotationsIn(result.stdout)
    expect(more).toEqual([])
    expect(error!.message).toMatch(new RegExp(`^docker login to ${REGISTRY_HOST.replace(/\./g, '\\.')} failed:\\n[\\s\\S]*docker-credential-desktop`))
    expect(error!.message).toContain(`The docker config ${path.join(jobConfig, 'config.json')} hands registry passwords to a credential helper`)
    expect(error!.message).toMatch(/remove the `credsStore`[\s\S]*set DOCKER_CONFIG to a directory under RUNNER_TEMP[\s\S]*Push and merge need neither/)
    // a helper that cannot store is not a registry out of reach: no second attempt
    expect(error!.message).not.toMatch(/after \d attempts/)
    expect(performance.now() - started).toBeLessThan(30_000)
  }, 60_000)
})

test('two jobs of one run on one daemon, at once, one runner user: both push, then merge publishes their index', async () => {
  const repository = uniqueRepository('sh-legs')
  const jobConfig = keychainConfig()
  const before = readFileSync(path.join(jobConfig, 'config.json'), 'utf8')
  // two matrix legs of one job: the same run, attempt and job; each its own RUNNER_TEMP, the same ~/.docker
  const legs = await Promise.all(['linux/amd64', 'linux/arm64'].map((platform) =>
    step(repository, jobConfig, { inputs: { ...valid, platforms: platform, 'platform-image': 'true' } })))
  for (const leg of legs) {
    expect({ exitCode: leg.result.exitCode, errors: annotationsIn(leg.result.stdout), post: leg.post.exitCode }).toEqual({ exitCode: 0, errors: [], post: 0 })
    expect(leg.privateConfigAfterMain).toBe(false)
  }
  expect(legs[0]!.result.state['docker-config']).not.toBe(legs[1]!.result.state['docker-config'])
  expect((await listTags(repository.split('/')[1]!)).filter((tag) => !tag.startsWith('buildcache-')).sort()).toEqual(['0123456-amd64', '0123456-arm64'])
  const merged = await step(repository, jobConfig, { inputs: { ...valid, mode: 'merge' } })
  expect(annotationsIn(merged.result.stdout)).toEqual([])
  expect(merged.result.exitCode).toBe(0)
  expect(merged.privateConfigAfterMain).toBe(false)
  expect(readFileSync(path.join(jobConfig, 'config.json'), 'utf8')).toBe(before)
}, 240_000)

describe('builder: a builder the job already has', () => {
  // a builder of the job's own docker config: a context's, as a runner whose docker talks to its daemon through one
  const jobConfig = keychainConfig()
  const builder = `sh-ctx-${process.pid}`
  const docker = (...args: string[]) => run('docker', args, { env: { ...process.env, DOCKER_CONFIG: jobConfig } })
  beforeAll(async () => {
    const host = (await run('docker', ['context', 'inspect', '--format', '{{.Endpoints.docker.Host}}'])).stdout.trim()
    await docker('context', 'create', builder, '--docker', `host=${host}`)
  })

  test('is used by name (buildx records its activity in the job\'s buildx state), and neither created nor removed', async () => {
    const repository = uniqueRepository('sh-named')
    const activity = path.join(jobConfig, 'buildx', 'activity', builder)
    expect(existsSync(activity)).toBe(false)
    const { result, post } = await step(repository, jobConfig, { inputs: { ...valid, builder, platforms: 'linux/amd64,linux/arm64' } })
    expect(annotationsIn(result.stdout)).toEqual([])
    expect(result.exitCode).toBe(0)
    expect(existsSync(activity)).toBe(true)
    expect(result.state['builder']).toBeUndefined()
    expect(post.stdout).not.toContain('remove buildx builder')
    expect((await docker('buildx', 'inspect', builder)).stdout).toMatch(new RegExp(`^Name:\\s+${builder}$`, 'm'))
  }, 180_000)

  test('an unknown name: exit 1 naming the input and what to do, nothing pushed', async () => {
    const repository = uniqueRepository('sh-unknown')
    const { result } = await step(repository, jobConfig, { inputs: { ...valid, builder: 'sh-no-such-builder' } })
    expect(result.exitCode).toBe(1)
    const [error, ...more] = annotationsIn(result.stdout)
    expect(more).toEqual([])
    expect(error!.message).toMatch(/^Invalid input:\n- Input `builder` is "sh-no-such-builder", and docker buildx has no builder of that name here\. Make it in an earlier step/)
    expect(error!.properties['title']).toBe('Invalid input: builder')
    expect(result.outputs).toEqual({})
    expect(await listTags(repository.split('/')[1]!)).toEqual([])
  }, 120_000)
})

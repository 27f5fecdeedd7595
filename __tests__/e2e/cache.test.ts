// The layer cache in ECR, as the runner runs the action: a second build of the same commit on a machine
// whose local build cache is empty (a fresh runner) takes its steps from the registry.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import type { AwsProxy } from '../../scripts/aws-proxy.mjs'
import { githubClaims, startOidcStub } from '../../scripts/oidc-stub.mjs'
import { runAction, runPostStep } from '../support/action-runner.js'
import { openHarness, setUpFor, uniqueRepository } from '../support/fixtures.js'
import { listTags } from '../support/registry.js'
import { REGISTRY_HOST } from '../support/stack.js'

const run = promisify(execFile)
let proxy: AwsProxy
let workspace: string
beforeAll(async () => {
  ({ proxy, workspace } = await openHarness())
})
afterAll(() => proxy.stop())

async function push(repository: string, inputs: Record<string, string> = {}) {
  await setUpFor(repository)
  const stub = await startOidcStub(githubClaims({ repository }))
  try {
    const result = await runAction({
      workspace, repository, inputs: { 'account-id': '123456789012', region: 'us-east-1', ...inputs }, env: { ...stub.env, AWS_ENDPOINT_URL: proxy.url },
    })
    await runPostStep(workspace, result.state)
    return result
  } finally {
    await stub.close()
  }
}
/** What a fresh runner has: no local build cache at all. */
const emptyLocalBuildCache = () => run('docker', ['buildx', 'prune', '--all', '--force'])
/**
 * buildx's plain output: the Dockerfile's RUN step, once per platform, and whether it ran or came from a
 * cache: `CACHED`, or (an OCI layout export, which needs the bytes) the cached result's layers downloaded.
 */
function runSteps(stdout: string): string[] {
  const ids = [...new Set([...stdout.matchAll(/^#(\d+) \[(?:\S+ )?\d+\/\d+\] RUN /gm)].map((m) => m[1]!))]
  const fromCache = (id: string) => new RegExp(`^#${id} (CACHED|sha256:[0-9a-f]{64} .* done)$`, 'm').test(stdout)
  return ids.map((id) => (fromCache(id) ? 'cached' : 'ran'))
}

test('a rebuild with an empty local cache takes every step from the ECR cache', async () => {
  const repository = uniqueRepository('cached')
  const name = repository.split('/')[1]!
  await emptyLocalBuildCache()
  const first = await push(repository)
  expect(first.exitCode).toBe(0)
  expect(first.stdout).toContain(`No layer cache at ${REGISTRY_HOST}/${name}:buildcache-main yet`)
  expect(runSteps(first.stdout)).toEqual(['ran', 'ran'])
  expect(await listTags(name)).toContain('buildcache-main')
  expect(first.outputs['tags']).not.toContain('buildcache')

  await emptyLocalBuildCache()
  const second = await push(repository)
  expect(second.exitCode).toBe(0)
  expect(second.stdout).toContain(`importing cache manifest from ${REGISTRY_HOST}/${name}:buildcache-main`)
  expect(runSteps(second.stdout)).toEqual(['cached', 'cached'])
  expect(second.outputs['digest']).toBe(first.outputs['digest'])
  expect(annotations(second.stdout)).toEqual([])
}, 240_000)

test('a feature branch starts from the default branch\'s cache and writes its own', async () => {
  const repository = uniqueRepository('branched')
  const name = repository.split('/')[1]!
  expect((await push(repository)).exitCode).toBe(0) // main's cache
  await emptyLocalBuildCache()
  await setUpFor(repository, { ref: 'refs/heads/feature/x' })
  const stub = await startOidcStub(githubClaims({ repository, ref: 'refs/heads/feature/x' }))
  try {
    const result = await runAction({
      workspace, repository, ref: 'refs/heads/feature/x', inputs: { 'account-id': '123456789012', region: 'us-east-1' },
      env: { ...stub.env, AWS_ENDPOINT_URL: proxy.url },
    })
    expect(result.exitCode).toBe(0)
    expect(runSteps(result.stdout)).toEqual(['cached', 'cached'])
    expect(await listTags(name)).toEqual(expect.arrayContaining(['buildcache-main', 'buildcache-feature-x']))
    await runPostStep(workspace, result.state)
  } finally {
    await stub.close()
  }
}, 240_000)

test('cache: none reads and writes no cache', async () => {
  const repository = uniqueRepository('uncached')
  const result = await push(repository, { cache: 'none', platforms: 'linux/amd64' })
  expect(result.exitCode).toBe(0)
  expect(result.stdout).not.toMatch(/--cache-(from|to)/)
  expect((await listTags(repository.split('/')[1]!)).filter((tag) => tag.startsWith('buildcache-'))).toEqual([])
}, 120_000)

const annotations = (stdout: string) => stdout.split('\n').filter((line) => /^::(warning|error)/.test(line))

// What users meet first on AWS, met here too because the stack applies ECR's rules (issue 14), and what the
// product does about it (issue 15): a release re-run on a fresh runner, a second git tag on one commit, a
// first multi-platform push to an immutable repository, a push to a repository that does not exist, an
// immutable tag another commit holds.
import { execFile } from 'node:child_process'
import * as path from 'node:path'
import { promisify } from 'node:util'
import { DeleteRepositoryCommand, ECRClient } from '@aws-sdk/client-ecr'
import type { AwsProxy } from '../../scripts/aws-proxy.mjs'
import { githubClaims, startOidcStub } from '../../scripts/oidc-stub.mjs'
import { type RunOptions, annotationsIn, runAction, runPostStep } from '../support/action-runner.js'
import { openHarness, setUpFor, uniqueRepository } from '../support/fixtures.js'
import { inspectRaw, listTags } from '../support/registry.js'
import { MOTO_ENV, MOTO_URL, REGION } from '../support/stack.js'

const run = promisify(execFile)
const UNREPRODUCIBLE = path.join(import.meta.dirname, 'fixtures/unreproducible.Dockerfile')
let proxy: AwsProxy
let workspace: string
beforeAll(async () => {
  ({ proxy, workspace } = await openHarness())
})
afterAll(() => proxy.stop())

/** A release run of `ref` for a repository set up with the release tier, as the runner runs it. */
async function release(repository: string, ref: string, inputs: Record<string, string> = {}, options: Partial<RunOptions> = {}) {
  await setUpFor(repository, { flags: ['--tiers', 'main,release'] })
  const stub = await startOidcStub(githubClaims({ repository, ref }))
  try {
    const result = await runAction({
      workspace, repository, ref, ...options,
      inputs: { 'account-id': '123456789012', region: REGION, tier: 'release', platforms: 'linux/amd64', ...inputs },
      env: { ...stub.env, AWS_ENDPOINT_URL: proxy.url },
    })
    await runPostStep(workspace, result.state)
    return result
  } finally {
    await stub.close()
  }
}
/** What a fresh runner has: no local build cache. */
const freshRunner = () => run('docker', ['buildx', 'prune', '--all', '--force'])
const releaseName = (repository: string) => `${repository.split('/')[1]}-release`

test('a release re-run on a fresh runner succeeds, moves nothing, and describes the published image', async () => {
  const repository = uniqueRepository('rerun')
  const first = await release(repository, 'refs/tags/v1.0.0', { file: UNREPRODUCIBLE })
  expect(first.exitCode).toBe(0)
  await freshRunner()
  const again = await release(repository, 'refs/tags/v1.0.0', { file: UNREPRODUCIBLE })
  expect(annotationsIn(again.stdout, 'error')).toEqual([])
  expect(again.exitCode).toBe(0)
  expect(again.outputs['digest']).toBe(first.outputs['digest'])
  expect((await inspectRaw(releaseName(repository), 'v1.0.0')).digest).toBe(first.outputs['digest'])
}, 240_000)

test('a second git tag on the same commit is published, naming the same image', async () => {
  const repository = uniqueRepository('retagged')
  const candidate = await release(repository, 'refs/tags/v2.0.0-rc.1', { file: UNREPRODUCIBLE })
  expect(candidate.exitCode).toBe(0)
  await freshRunner()
  const final = await release(repository, 'refs/tags/v2.0.0', { file: UNREPRODUCIBLE })
  expect(final.exitCode).toBe(0)
  expect((await inspectRaw(releaseName(repository), 'v2.0.0')).digest).toBe(candidate.outputs['digest'])
}, 240_000)

// The `docker` driver cannot push by digest (buildx 0.13), and the Engine 26.1 here PUTs a tag with a
// platform's manifest before the index: the action has buildx write an OCI layout and pushes it by digest.
test('a first multi-platform push to an immutable repository publishes every tag on the index', async () => {
  const repository = uniqueRepository('multi-release')
  const result = await release(repository, 'refs/tags/v3.0.0', { platforms: 'linux/amd64,linux/arm64' })
  expect(annotationsIn(result.stdout, 'error')).toEqual([])
  expect(result.exitCode).toBe(0)
  for (const tag of ['v3.0.0', '0123456']) {
    const { digest, index } = await inspectRaw(releaseName(repository), tag)
    expect(digest).toBe(result.outputs['digest'])
    expect(index.manifests.map((m) => m.platform.architecture).sort()).toEqual(['amd64', 'arm64'])
  }
}, 240_000)

test('a push to a repository that does not exist fails before the build, naming it and the setup that makes it', async () => {
  const repository = uniqueRepository('deleted')
  await setUpFor(repository)
  const ecr = new ECRClient({ region: REGION, endpoint: MOTO_URL, credentials: { accessKeyId: MOTO_ENV.AWS_ACCESS_KEY_ID, secretAccessKey: MOTO_ENV.AWS_SECRET_ACCESS_KEY } })
  await ecr.send(new DeleteRepositoryCommand({ repositoryName: repository.split('/')[1]!, force: true }))
  const stub = await startOidcStub(githubClaims({ repository }))
  try {
    const result = await runAction({ workspace, repository, inputs: { 'account-id': '123456789012', region: REGION, platforms: 'linux/amd64' }, env: { ...stub.env, AWS_ENDPOINT_URL: proxy.url } })
    expect(result.exitCode).toBe(1)
    expect(result.stdout).not.toMatch(/^» build( \+ push)?$/m)
    expect(annotationsIn(result.stdout, 'error')[0]?.message).toMatch(new RegExp(`${repository.split('/')[1]}.*does not exist[\\s\\S]*ecr-oidc-push setup`))
    expect(await listTags(repository.split('/')[1]!)).toEqual([])
  } finally {
    await stub.close()
  }
}, 240_000)

test('an immutable tag another commit holds fails before the build, naming it, its digest and that commit; nothing is published', async () => {
  const repository = uniqueRepository('held')
  const first = await release(repository, 'refs/tags/v4.0.0', { tags: 'stable' })
  expect(first.exitCode).toBe(0)
  const second = await release(repository, 'refs/tags/v4.1.0', { tags: 'stable' }, { sha: 'fedcba9876543210fedcba9876543210fedcba98' })
  expect(second.exitCode).toBe(1)
  expect(second.stdout).not.toMatch(/^» build( \+ push)?$/m)
  expect(annotationsIn(second.stdout, 'error')[0]?.message).toMatch(new RegExp(
    `^The tag stable in \\S+ is immutable and already names another image, ${first.outputs['digest']}, ` +
    'built from commit 0123456789abcdef0123456789abcdef01234567\\. Nothing was built, pushed or moved\\.'))
  expect((await listTags(releaseName(repository))).sort()).toEqual(['0123456', '0123456-amd64', 'stable', 'v4.0.0'])
}, 240_000)

// a user's attempt to break issue 15: a typo in `repository` names a repository this role may not touch
test('a typo in `repository` fails before the build, naming the repository and what to check', async () => {
  const repository = uniqueRepository('typo')
  await setUpFor(repository)
  const stub = await startOidcStub(githubClaims({ repository }))
  try {
    const result = await runAction({ workspace, repository, inputs: { 'account-id': '123456789012', region: REGION, platforms: 'linux/amd64', repository: 'no-such-repo-typo' }, env: { ...stub.env, AWS_ENDPOINT_URL: proxy.url } })
    expect(result.exitCode).toBe(1)
    expect(result.stdout).not.toMatch(/^» build( \+ push)?$/m)
    expect(annotationsIn(result.stdout, 'error')[0]?.message).toMatch(
      /^This role may not use the ECR repository no-such-repo-typo in AWS account 123456789012 \(us-east-1\): ECR refused to describe it and to read its images[\s\S]*Check the `repository` and `tier` inputs/)
  } finally {
    await stub.close()
  }
}, 240_000)

test('a second tag that asks for other platforms is added to the commit\'s image with a warning; the summary says what it has', async () => {
  const repository = uniqueRepository('other-platforms')
  const first = await release(repository, 'refs/tags/v5.0.0')
  expect(first.exitCode).toBe(0)
  const second = await release(repository, 'refs/tags/v5.0.1', { platforms: 'linux/amd64,linux/arm64' })
  expect(second.exitCode).toBe(0)
  expect(annotationsIn(second.stdout, 'warning').map((a) => a.message)).toContainEqual(expect.stringMatching(
    /^v5\.0\.1 is added to this commit's image sha256:[0-9a-f]{64}, which has platforms linux\/amd64, not linux\/amd64, linux\/arm64: every tag of a commit names the same image\./))
  expect(second.summary).toContain('| Platforms | linux/amd64 |')
  expect((await inspectRaw(releaseName(repository), 'v5.0.1')).digest).toBe(first.outputs['digest'])
}, 240_000)

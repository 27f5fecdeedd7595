// Build once, promote (issue 15): a release of a commit the main tier built from the same inputs is that
// image, copied into the release repository by digest with every platform, and not rebuilt. The Dockerfile's
// RUN step writes the time, so a rebuild could never give the same digest.
import { writeFileSync } from 'node:fs'
import * as path from 'node:path'
import type { AwsProxy } from '../../scripts/aws-proxy.mjs'
import { githubClaims, startOidcStub } from '../../scripts/oidc-stub.mjs'
import { annotationsIn, runAction, runPostStep } from '../support/action-runner.js'
import { openHarness, sampleWorkspace, setUpFor, uniqueRepository } from '../support/fixtures.js'
import { inspectRaw, listTags } from '../support/registry.js'
import { REGION, REGISTRY_HOST } from '../support/stack.js'

const UNREPRODUCIBLE = path.join(import.meta.dirname, 'fixtures/unreproducible.Dockerfile')
const TWO_PLATFORMS = 'linux/amd64,linux/arm64'
let proxy: AwsProxy
let workspace: string
beforeAll(async () => {
  ({ proxy, workspace } = await openHarness())
})
afterAll(() => proxy.stop())

/** One job of `ref` on the repository's main and release tiers, as the runner runs it. */
async function job(repository: string, ref: string, inputs: Record<string, string>, options: { sha?: string; workspace?: string } = {}) {
  await setUpFor(repository, { ref, flags: ['--tiers', 'main,release'] })
  const stub = await startOidcStub(githubClaims({ repository, ref }))
  try {
    const result = await runAction({
      workspace, repository, ref, ...options,
      inputs: { 'account-id': '123456789012', region: REGION, file: UNREPRODUCIBLE, platforms: TWO_PLATFORMS, ...inputs },
      env: { ...stub.env, AWS_ENDPOINT_URL: proxy.url },
    })
    await runPostStep(workspace, result.state)
    return result
  } finally {
    await stub.close()
  }
}
const names = (repository: string) => {
  const main = repository.split('/')[1]!
  return { main, release: `${main}-release`, mainImage: `${REGISTRY_HOST}/${main}` }
}

test('a release of a commit main built is promoted: the same index, both platforms, no build', async () => {
  const repository = uniqueRepository('promoted')
  const { main, release, mainImage } = names(repository)
  const built = await job(repository, 'refs/heads/main', {})
  expect(built.exitCode).toBe(0)

  const promoted = await job(repository, 'refs/tags/v1.0.0', { tier: 'release' })
  expect(annotationsIn(promoted.stdout, 'error')).toEqual([])
  expect(promoted.exitCode).toBe(0)
  expect(promoted.stdout).not.toMatch(/^» build( \+ push)?$/m)
  expect(promoted.stdout).toContain(`Promoted ${mainImage}@${built.outputs['digest']} into ${REGISTRY_HOST}/${release}`)
  expect(promoted.outputs['promoted-from']).toBe(`${mainImage}@${built.outputs['digest']}`)
  expect(promoted.outputs['digest']).toBe(built.outputs['digest'])
  for (const tag of ['v1.0.0', '0123456']) {
    const { digest, index } = await inspectRaw(release, tag)
    expect(digest).toBe(built.outputs['digest'])
    expect(index.manifests.map((m) => m.platform.architecture).sort()).toEqual(['amd64', 'arm64'])
  }
  expect(promoted.summary).toContain(`| Build | none: promoted from \`${mainImage}@${built.outputs['digest']}\` |`)
  expect((await listTags(main)).sort()).toEqual(expect.arrayContaining(['0123456', 'main'])) // main's untouched
}, 300_000)

test.each<[string, Record<string, string>, RegExp]>([
  ['a build argument differs', { 'build-args': 'FLAVOUR=release' }, /image differs in its build-args/],
  ['the platforms differ', { platforms: 'linux/amd64' }, /it has platforms linux\/amd64, linux\/arm64, this build wants linux\/amd64/],
  ['`promote: never`', { promote: 'never' }, /^$/],
])('no promotion when %s: the release builds', async (_, inputs, reason) => {
  const repository = uniqueRepository('rebuilt')
  const { release } = names(repository)
  const built = await job(repository, 'refs/heads/main', {})
  expect(built.exitCode).toBe(0)
  const rebuilt = await job(repository, 'refs/tags/v1.0.0', { tier: 'release', ...inputs })
  expect(rebuilt.exitCode).toBe(0)
  expect(rebuilt.stdout).toMatch(/^» build( \+ push)?$/m)
  expect(rebuilt.outputs['promoted-from']).toBe('')
  expect((await inspectRaw(release, 'v1.0.0')).digest).toBe(rebuilt.outputs['digest'])
  const said = rebuilt.stdout.match(/^No promotion: (.*)\. Building\.$/m)?.[1] ?? ''
  expect(said).toMatch(reason)
}, 300_000)

// what a user met trying it (issue 15's review)
test('a re-run of a promoted release says so again; a second tag with other build-args is warned about', async () => {
  const repository = uniqueRepository('promoted-again')
  const { release, mainImage } = names(repository)
  const built = await job(repository, 'refs/heads/main', {})
  const first = await job(repository, 'refs/tags/v1.0.0', { tier: 'release' })
  const again = await job(repository, 'refs/tags/v1.0.0', { tier: 'release' })
  expect(again.exitCode).toBe(0)
  expect(again.outputs['promoted-from']).toBe(first.outputs['promoted-from'])
  expect(again.outputs['promoted-from']).toBe(`${mainImage}@${built.outputs['digest']}`)
  expect(again.summary).toContain(`| Build | none: this commit's image was published already (promoted from \`${mainImage}@${built.outputs['digest']}\`) |`)

  const other = await job(repository, 'refs/tags/v1.0.1', { tier: 'release', 'build-args': 'FLAVOUR=other' })
  expect(other.exitCode).toBe(0)
  expect(annotationsIn(other.stdout, 'warning').map((a) => a.message)).toContainEqual(expect.stringMatching(
    new RegExp(`^v1\\.0\\.1 is added to this commit's image ${built.outputs['digest']}, which differs in its build-args: every tag of a commit names the same image\\.`)))
  expect((await inspectRaw(release, 'v1.0.1')).digest).toBe(built.outputs['digest'])
}, 300_000)

test('two tags of one commit released at once both land on the promoted image', async () => {
  const repository = uniqueRepository('promoted-twice')
  const { release } = names(repository)
  const built = await job(repository, 'refs/heads/main', {})
  const [one, two] = await Promise.all([
    job(repository, 'refs/tags/v1.0.0', { tier: 'release' }),
    job(repository, 'refs/tags/v1.0.1', { tier: 'release', tags: 'stable' }),
  ])
  expect(annotationsIn(one.stdout + two.stdout, 'error')).toEqual([])
  for (const tag of ['v1.0.0', 'v1.0.1', 'stable', '0123456']) expect((await inspectRaw(release, tag)).digest).toBe(built.outputs['digest'])
}, 300_000)

test.each<[string, (dir: string) => void, { sha?: string }, RegExp]>([
  ['a file of the context changed since the commit', (dir) => writeFileSync(path.join(dir, 'hello.sh'), 'echo stamped\n'), {},
    /differs in the context's uncommitted files/],
  // a file a step writes that .gitignore hides is a build input all the same
  ['a file git ignores changed', (dir) => writeFileSync(path.join(dir, 'busybox-amd64.note'), 'release 1.0.0\n'), {},
    /differs in the context's uncommitted files/],
  ['another commit shares the short sha', () => {}, { sha: '0123456fffffffffffffffffffffffffffffffff' },
    /was built from commit 0123456789abcdef0123456789abcdef01234567, not 0123456fffffffffffffffffffffffffffffffff/],
])('no promotion when %s', async (_, change, options, reason) => {
  const repository = uniqueRepository('not-promoted')
  const checkout = sampleWorkspace()
  // a file .gitignore hides, written by a step before each build (a version stamp)
  writeFileSync(path.join(checkout, '.gitignore'), '*.note\n')
  writeFileSync(path.join(checkout, 'busybox-amd64.note'), 'snapshot\n')
  expect((await job(repository, 'refs/heads/main', {}, { workspace: checkout })).exitCode).toBe(0)
  change(checkout)
  const rebuilt = await job(repository, 'refs/tags/v1.0.0', { tier: 'release' }, { workspace: checkout, ...options })
  expect(rebuilt.exitCode).toBe(0)
  expect(rebuilt.outputs['promoted-from']).toBe('')
  expect(rebuilt.stdout.match(/^No promotion: (.*)\. Building\.$/m)?.[1]).toMatch(reason)
}, 300_000)

test('main built by platform jobs and merge is promoted to a release built in one job', async () => {
  const repository = uniqueRepository('merged-promoted')
  for (const platform of TWO_PLATFORMS.split(',')) {
    expect((await job(repository, 'refs/heads/main', { platforms: platform, 'platform-image': 'true' })).exitCode).toBe(0)
  }
  const merged = await job(repository, 'refs/heads/main', { mode: 'merge', file: '' })
  expect(merged.exitCode).toBe(0)
  const promoted = await job(repository, 'refs/tags/v1.0.0', { tier: 'release' })
  expect(promoted.outputs['promoted-from']).toBe(`${names(repository).mainImage}@${merged.outputs['digest']}`)
}, 300_000)

// Native multi-runner builds as the runner runs them: one job per platform pushes `<sha7>-<arch>`
// (platform-image), then `mode: merge` publishes one index under every usual tag; a missing platform publishes nothing.
import type { AwsProxy } from '../../scripts/aws-proxy.mjs'
import { githubClaims, startOidcStub } from '../../scripts/oidc-stub.mjs'
import { annotationsIn, runAction, runPostStep } from '../support/action-runner.js'
import { openHarness, setUpFor, uniqueRepository } from '../support/fixtures.js'
import { inspectRaw, listTags } from '../support/registry.js'

let proxy: AwsProxy
let workspace: string
beforeAll(async () => {
  ({ proxy, workspace } = await openHarness())
})
afterAll(() => proxy.stop())

async function job(repository: string, inputs: Record<string, string>) {
  await setUpFor(repository)
  const stub = await startOidcStub(githubClaims({ repository }))
  try {
    const result = await runAction({
      workspace, repository, inputs: { 'account-id': '123456789012', region: 'us-east-1', ...inputs }, env: { ...stub.env, AWS_ENDPOINT_URL: proxy.url },
    })
    const post = await runPostStep(workspace, result.state)
    expect(post.exitCode).toBe(0)
    return result
  } finally {
    await stub.close()
  }
}
const imageTags = async (name: string) => (await listTags(name)).filter((tag) => !tag.startsWith('buildcache-')).sort()

test('two platform jobs, then merge: one index of both, under every usual tag', async () => {
  const repository = uniqueRepository('native')
  const name = repository.split('/')[1]!
  for (const platform of ['linux/amd64', 'linux/arm64']) {
    const result = await job(repository, { platforms: platform, 'platform-image': 'true' })
    expect(result.exitCode).toBe(0)
    expect(result.outputs['tags']).toBe(`${result.outputs['image']}:0123456-${platform.split('/')[1]}`)
  }
  expect(await imageTags(name)).toEqual(['0123456-amd64', '0123456-arm64'])
  expect(await listTags(name)).toEqual(expect.arrayContaining(['buildcache-main-amd64', 'buildcache-main-arm64'])) // each its own cache

  const before = proxy.actions().length
  const merged = await job(repository, { mode: 'merge' })
  expect(merged.stderr).toBe('')
  expect(merged.exitCode).toBe(0)
  expect(merged.outputs['tags']!.split('\n').map((ref) => ref.split(':').pop())).toEqual(['0123456', 'main', 'main-0123456', 'latest'])
  for (const tag of ['0123456', 'main', 'main-0123456', 'latest']) {
    const { digest, index } = await inspectRaw(name, tag)
    expect(digest).toBe(merged.outputs['digest'])
    expect(index.manifests.map((m) => `${m.platform.os}/${m.platform.architecture}`).sort()).toEqual(['linux/amd64', 'linux/arm64'])
  }
  expect(merged.outputs['image-ref']).toBe(`${merged.outputs['image']}@${merged.outputs['digest']}`)
  // the index made by docker (not pushed), put through ECR's API: the index under the first tag, then each other tag
  expect(proxy.actions().slice(before).filter((action) => action === 'PutImage')).toHaveLength(4)

  // a re-run of the merge job publishes the same index again, and nothing else changes
  const again = await job(repository, { mode: 'merge' })
  expect(again.exitCode).toBe(0)
  expect(again.outputs['digest']).toBe(merged.outputs['digest'])
  expect((await inspectRaw(name, 'latest')).digest).toBe(merged.outputs['digest'])
}, 300_000)

test('a platform image missing: the step names it and the job that should have pushed it; nothing is published', async () => {
  const repository = uniqueRepository('half')
  const name = repository.split('/')[1]!
  expect((await job(repository, { platforms: 'linux/amd64', 'platform-image': 'true' })).exitCode).toBe(0)
  const merged = await job(repository, { mode: 'merge' })
  expect(merged.exitCode).toBe(1)
  const [error] = annotationsIn(merged.stdout)
  expect(error!.message).toMatch(/^Merge found 1 of 2 platform images missing, so it published nothing:\n {2}linux\/arm64: \S+:0123456-arm64 is not there; the job with `platforms: linux\/arm64` and `platform-image: true` should have pushed it for commit 0123456\./)
  expect(await imageTags(name)).toEqual(['0123456-amd64'])
  expect(merged.outputs).toEqual({})
}, 300_000)

import { githubClaims, startOidcStub } from '../../scripts/oidc-stub.mjs'
import type { AwsProxy } from '../../scripts/aws-proxy.mjs'
import { runAction, runPostStep } from '../support/action-runner.js'
import { openHarness, setUpFor, uniqueRepository } from '../support/fixtures.js'
import { listTags } from '../support/registry.js'
import { REGISTRY_HOST } from '../support/stack.js'

let proxy: AwsProxy
let workspace: string
beforeAll(async () => {
  ({ proxy, workspace } = await openHarness())
})
afterAll(() => proxy.stop())

/** `tier: auto` as the runner runs it, on one ref; the role assumed is read from the STS call moto received. */
async function pushOn(repository: string, ref: string) {
  await setUpFor(repository, { flags: ['--tiers', 'main,dev,release'] })
  const stub = await startOidcStub(githubClaims({ repository, ref }))
  proxy.calls.length = 0
  try {
    const result = await runAction({
      workspace, repository, ref, inputs: { 'account-id': '123456789012', region: 'us-east-1', tier: 'auto', platforms: 'linux/amd64' },
      env: { ...stub.env, AWS_ENDPOINT_URL: proxy.url },
    })
    await runPostStep(workspace, result.state)
    const assumed = proxy.calls.find((call) => call.action === 'AssumeRoleWithWebIdentity')?.responseBody.match(/assumed-role\/([^/<]+)\//)?.[1]
    return { ...result, assumed }
  } finally {
    await stub.close()
  }
}

describe('tier: auto lands each ref in its tier\'s repository, with its tier\'s role', () => {
  const repository = uniqueRepository('tiered')
  const name = repository.split('/')[1]!
  test.each([
    ['a release tag', 'refs/tags/v1.2.3', `${name}-release`, `github-actions-${name}-release`, ['0123456', 'v1.2.3', '0123456-amd64']],
    ['a feature branch', 'refs/heads/feature/login', `${name}-dev`, `github-actions-${name}-dev`, ['0123456', 'feature-login', 'feature-login-0123456', '0123456-amd64']],
    ['the default branch', 'refs/heads/main', name, `github-actions-${name}`, ['0123456', 'main', 'main-0123456', 'latest', '0123456-amd64']],
  ])('%s (%s) → %s', async (_, ref, ecrRepository, role, tags) => {
    const result = await pushOn(repository, ref)
    expect(result.exitCode).toBe(0)
    expect(result.outputs['image']).toBe(`${REGISTRY_HOST}/${ecrRepository}`)
    expect(result.outputs['role-arn']).toBe(`arn:aws:iam::123456789012:role/${role}`)
    expect(result.assumed).toBe(role)
    // the registry, read by skopeo, holds the image under exactly these tags in that repository
    expect((await listTags(ecrRepository)).filter((tag) => !tag.startsWith('buildcache-')).sort()).toEqual([...tags].sort())
  }, 240_000)
})

import { existsSync } from 'node:fs'
import * as path from 'node:path'
import { githubClaims, startOidcStub } from '../../scripts/oidc-stub.mjs'
import { type RunOptions, annotationsIn, runAction, runPostStep } from '../support/action-runner.js'
import type { AwsProxy } from '../../scripts/aws-proxy.mjs'
import { openHarness, setUpFor, uniqueRepository } from '../support/fixtures.js'
import { inspectImage, inspectRaw, listTags } from '../support/registry.js'
import { leaks, secretsHandedOut } from '../support/secrets.js'
import { MOTO_ENV, REGISTRY_HOST } from '../support/stack.js'

let proxy: AwsProxy
let workspace: string
beforeAll(async () => {
  ({ proxy, workspace } = await openHarness())
})
afterAll(() => proxy.stop())

/** Runs the action with a GitHub OIDC stand-in for `repository`, AWS through the recording proxy. */
async function runWithOidc(repository: string, options: Partial<RunOptions> = {}) {
  await setUpFor(repository, { ref: options.ref ?? 'refs/heads/main' })
  const stub = await startOidcStub(githubClaims({ repository, ref: options.ref ?? 'refs/heads/main' }))
  proxy.calls.length = 0
  try {
    const result = await runAction({
      workspace, repository, inputs: { 'account-id': '123456789012', region: 'us-east-1' },
      ...options, env: { ...stub.env, AWS_ENDPOINT_URL: proxy.url, ...options.env },
    })
    return { result, issuedTokens: [...stub.issued], calls: [...proxy.calls] }
  } finally {
    await stub.close()
  }
}

const ecrName = (repository: string) => repository.split('/')[1]!

describe('a push to the default branch', () => {
  const repository = uniqueRepository('sample-app')
  const image = `${REGISTRY_HOST}/${ecrName(repository)}`
  let run: Awaited<ReturnType<typeof runWithOidc>>
  let post: Awaited<ReturnType<typeof runPostStep>>

  beforeAll(async () => {
    run = await runWithOidc(repository)
    post = await runPostStep(workspace, run.result.state)
  }, 180_000)

  test('succeeds and sets every output', () => {
    expect(run.result.stderr).toBe('')
    expect(run.result.exitCode).toBe(0)
    expect(run.result.outputs).toEqual({
      registry: REGISTRY_HOST,
      image,
      tags: ['0123456', 'main', 'main-0123456', 'latest'].map((tag) => `${image}:${tag}`).join('\n'),
      digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      'image-ref': `${image}@${run.result.outputs['digest']}`,
      'role-arn': `arn:aws:iam::123456789012:role/github-actions-${ecrName(repository)}`,
      'promoted-from': '',
      'task-definition-arn': '',
    })
  })

  test('talks to AWS: STS, ECR\'s token, pre-flight\'s two reads of the repository, then the tags, each once', () => {
    expect(run.calls.map((call) => call.action)).toEqual([
      'AssumeRoleWithWebIdentity', 'GetAuthorizationToken', 'DescribeRepositories', 'BatchGetImage',
      // the image went up by digest; each tag is then set on it, last
      'BatchGetImage', 'PutImage', 'PutImage', 'PutImage', 'PutImage',
    ])
  })

  test('the registry holds every tag, each an index of amd64 and arm64 whose digest is the output', async () => {
    // and the branch's layer cache, which is not among the image's tags
    expect((await listTags(ecrName(repository))).sort()).toEqual(['0123456', 'buildcache-main', 'latest', 'main', 'main-0123456'])
    for (const tag of ['0123456', 'main', 'main-0123456', 'latest']) {
      const { digest, index } = await inspectRaw(ecrName(repository), tag)
      expect(digest).toBe(run.result.outputs['digest'])
      expect(index.manifests.map((m) => `${m.platform.os}/${m.platform.architecture}`).sort()).toEqual(['linux/amd64', 'linux/arm64'])
    }
  })

  test('each platform image carries the OCI labels, created = the commit time', async () => {
    for (const arch of ['amd64', 'arm64']) {
      const config = await inspectImage(ecrName(repository), 'main', arch)
      expect(config.Architecture).toBe(arch)
      expect(config.Labels).toMatchObject({
        'org.opencontainers.image.revision': '0123456789abcdef0123456789abcdef01234567',
        'org.opencontainers.image.source': `https://github.com/${repository}`,
        'org.opencontainers.image.created': '2026-11-20T10:00:00.000Z',
        'org.opencontainers.image.title': ecrName(repository),
      })
    }
  })

  test('the job summary shows the image, digest, role, phases and a pull line', () => {
    const { summary, outputs } = run.result
    expect(summary).toContain(`| Digest | \`${outputs['digest']}\` |`)
    expect(summary).toContain('| Platforms | linux/amd64, linux/arm64 |')
    expect(summary).toContain(`| Role | \`${outputs['role-arn']}\` |`)
    for (const phase of ['OIDC token', 'STS AssumeRoleWithWebIdentity', 'ECR login', 'build', 'push', 'tags']) expect(summary).toMatch(new RegExp(`\\| ${phase.replace('+', '\\+')} \\| \\d+\\.\\d s \\|`))
    expect(summary).toContain(`docker pull ${outputs['image-ref']}`)
  })

  test('the login was the step\'s own docker config, gone with main: the post step has nothing to log out of', () => {
    expect(post.exitCode).toBe(0)
    expect(run.result.state['registry']).toBeUndefined()
    expect(existsSync(run.result.state['docker-config']!)).toBe(false)
    expect(post.stdout).not.toContain('docker logout')
  })

  test('no secret reaches a log, an output, state or the summary', () => {
    const secrets = secretsHandedOut(run.issuedTokens, run.calls)
    expect(secrets.length).toBeGreaterThanOrEqual(5) // JWT, STS key id + secret + session token, ECR token + password
    expect(leaks({
      stdout: run.result.stdout, stderr: run.result.stderr, GITHUB_OUTPUT: run.result.files.output,
      GITHUB_STATE: run.result.files.state, GITHUB_STEP_SUMMARY: run.result.files.summary,
      'post stdout': post.stdout, 'post stderr': post.stderr,
    }, secrets)).toEqual([])
    for (const secret of secrets) expect(run.result.stdout).toContain(`::add-mask::${secret}`)
  })

  test('a log a person can read: one line per phase, the build folded in a group, the cleanup too', () => {
    const lines = run.result.stdout.split('\n')
    expect(lines.filter((line) => line.startsWith('» '))).toEqual(['» builder', '» OIDC token', '» STS AssumeRoleWithWebIdentity', '» ECR login', '» pre-flight', '» build', '» push', '» tags'])
    const start = lines.findIndex((line) => line === `::group::docker buildx build linux/amd64,linux/arm64 → ${image}`)
    const end = lines.indexOf('::endgroup::', start)
    expect(start).toBeGreaterThan(-1)
    expect(end).toBeGreaterThan(start + 10) // buildx's own lines are inside
    const inside = lines.slice(start, end).join('\n')
    expect(inside).toMatch(/#\d+ \[linux\/arm64/)
    expect(leaks({ 'build group': inside }, secretsHandedOut(run.issuedTokens, run.calls))).toEqual([])
    expect(post.stdout).toMatch(/^::group::ecr-oidc-push: cleanup\n::endgroup::$/m)
  })

  test('a rebuild of the same commit pushes the same digest', async () => {
    const again = await runWithOidc(repository)
    expect(again.result.exitCode).toBe(0)
    expect(again.result.outputs['digest']).toBe(run.result.outputs['digest'])
  })
})

describe('other refs and credentials', () => {
  test('a git tag push: the tag and the sha, no latest', async () => {
    const repository = uniqueRepository('tagged')
    const { result } = await runWithOidc(repository, { ref: 'refs/tags/v1.2.0' })
    expect(result.exitCode).toBe(0)
    expect((await listTags(ecrName(repository))).sort()).toEqual(['0123456', 'v1.2.0'])
  })

  test('provenance: max adds one attestation manifest per platform, as documented', async () => {
    const repository = uniqueRepository('attested')
    const { result } = await runWithOidc(repository, { inputs: { 'account-id': '123456789012', region: 'us-east-1', provenance: 'max' } })
    expect(result.exitCode).toBe(0)
    const { digest, index } = await inspectRaw(ecrName(repository), 'main')
    expect(digest).toBe(result.outputs['digest'])
    expect(index.manifests.map((m) => `${m.platform.os}/${m.platform.architecture}`).sort()).toEqual(['linux/amd64', 'linux/arm64', 'unknown/unknown', 'unknown/unknown'])
  }, 120_000)

  test('push: false builds and pushes nothing', async () => {
    const repository = uniqueRepository('build-only')
    const { result } = await runWithOidc(repository, { inputs: { 'account-id': '123456789012', region: 'us-east-1', push: 'false', platforms: 'linux/arm64' } })
    expect(result.exitCode).toBe(0)
    expect(result.outputs['digest']).toBe('')
    expect(await listTags(ecrName(repository))).toEqual([])
  })

  test('push: false with no token and no credentials (a fork\'s pull request) still builds', async () => {
    const repository = uniqueRepository('fork-pr')
    proxy.calls.length = 0
    const result = await runAction({
      workspace, repository, ref: 'refs/pull/7/merge', eventName: 'pull_request',
      inputs: { 'account-id': '123456789012', region: 'us-east-1', push: 'false', platforms: 'linux/amd64' },
      env: { AWS_ENDPOINT_URL: proxy.url, AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent', AWS_EC2_METADATA_DISABLED: 'true' },
    })
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toContain('::notice::No OIDC token and no AWS credentials: building without logging into ECR')
    expect(result.outputs['tags']).toContain(':pr-7')
    expect(proxy.calls).toEqual([])
    expect(result.state['registry']).toBeUndefined()
  })

  // issue 18, row 5: a schedule's payload names no repository; the run is on the default branch all the same
  test('a nightly schedule run is on the default branch: `latest` is pushed; an event that cannot say so is told', async () => {
    const repository = uniqueRepository('nightly')
    const inputs = { 'account-id': '123456789012', region: 'us-east-1', platforms: 'linux/amd64' }
    const { result } = await runWithOidc(repository, { inputs, eventName: 'schedule', event: { schedule: '0 3 * * *' } })
    expect(result.exitCode).toBe(0)
    expect(result.outputs['tags']!.split('\n').map((ref) => ref.split(':').pop())).toContain('latest')
    expect(result.stdout).not.toContain('The default branch is not known')
    const unknown = await runWithOidc(repository, { inputs, eventName: 'workflow_run', event: {} })
    expect(unknown.result.exitCode).toBe(0)
    expect(unknown.result.stdout).toContain('::notice::The default branch is not known on this `workflow_run` event')
    expect(unknown.result.outputs['tags']).not.toContain(':latest')
  })

  test('under act (no OIDC token), the ambient credentials are used and said so', async () => {
    const repository = uniqueRepository('act')
    await setUpFor(repository)
    proxy.calls.length = 0
    const result = await runAction({
      workspace, repository, inputs: { 'account-id': '123456789012', region: 'us-east-1', platforms: 'linux/amd64' },
      env: { ...MOTO_ENV, ACT: 'true', AWS_ENDPOINT_URL: proxy.url },
    })
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toMatch(/::notice::Using the ambient AWS credentials of arn:aws:.* \(running under act, which has no OIDC token\)/)
    expect(proxy.actions().slice(0, 4)).toEqual(['GetCallerIdentity', 'GetAuthorizationToken', 'DescribeRepositories', 'BatchGetImage'])
    expect(await listTags(ecrName(repository))).toContain('main')
  })

  test('a failing RUN step fails the step with the end of the build output', async () => {
    const repository = uniqueRepository('broken')
    const { result } = await runWithOidc(repository, {
      inputs: { 'account-id': '123456789012', region: 'us-east-1', file: path.join(import.meta.dirname, 'fixtures/failing.Dockerfile'), platforms: 'linux/amd64' },
    })
    expect(result.exitCode).toBe(1)
    const [error, ...more] = annotationsIn(result.stdout)
    expect(more).toEqual([])
    expect(error!.message).toMatch(/^docker buildx build failed \(exit 1\)\. Its last lines:\n[\s\S]*this step fails on purpose/)
    // the annotation points at the Dockerfile's failing line
    expect(error!.properties).toEqual({ title: 'docker buildx build failed', file: path.relative(workspace, path.join(import.meta.dirname, 'fixtures/failing.Dockerfile')), line: '4' })
    expect(await listTags(ecrName(repository))).toEqual([])
  })
})

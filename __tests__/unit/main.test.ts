import type { STSClient } from '@aws-sdk/client-sts'
import { existsSync, writeFileSync } from 'node:fs'
import * as path from 'node:path'
import type { Docker } from '../../src/docker/docker.js'
import { DOCKER_MISSING } from '../../src/docker/docker.js'
import { ExplainedError, messageFor } from '../../src/errors.js'
import { run } from '../../src/main.js'
import { CONTAINERD_STORE, digest, fakeEdges, password, valid } from '../support/fake-edges.js'

test('a builder that pushes by digest: the image first, then each tag through ECR, once', async () => {
  const containerBuilder = CONTAINERD_STORE.replace('Driver: docker', 'Driver: docker-container')
  const builds: string[][] = []
  const docker: Docker = async (args) => {
    if (args[1] === 'inspect') return { exitCode: 0, stdout: containerBuilder, stderr: '' }
    if (args[1] === 'build') {
      builds.push(args)
      writeFileSync(args.find((arg) => arg.startsWith('--metadata-file='))!.slice('--metadata-file='.length), JSON.stringify({ 'containerimage.digest': digest }))
    }
    return { exitCode: 0, stdout: '', stderr: '' }
  }
  const { edges, calls, failures } = fakeEdges(valid, { docker })
  await run(edges)
  expect(failures).toEqual([])
  expect(builds[0]).toContain('--output=type=image,name=123456789012.dkr.ecr.us-east-1.amazonaws.com/octo-repo,push-by-digest=true,name-canonical=true,push=true')
  expect(builds[0]!.filter((arg) => arg.startsWith('--tag=') || arg === '--push')).toEqual([])
  expect(calls).toEqual([
    'github:token', 'sts:AssumeRoleWithWebIdentityCommand', 'ecr:GetAuthorizationTokenCommand',
    'ecr:DescribeRepositoriesCommand', 'ecr:BatchGetImageCommand',
    'ecr:BatchGetImageCommand', 'ecr:PutImageCommand', 'ecr:PutImageCommand', 'ecr:PutImageCommand', 'ecr:PutImageCommand',
  ])
})

test('the whole flow in order, with every secret masked', async () => {
  const { edges, calls, outputs, masked, failures } = fakeEdges(valid)
  await run(edges)
  expect(failures).toEqual([])
  expect(calls).toEqual([
    // the login is written into the step's own docker config: no `docker login`
    'docker:buildx inspect', 'github:token', 'sts:AssumeRoleWithWebIdentityCommand', 'ecr:GetAuthorizationTokenCommand',
    // pre-flight: the repository and the tags it holds; then the build, pushed by digest; then each tag
    'ecr:DescribeRepositoriesCommand', 'ecr:BatchGetImageCommand', 'docker:buildx build',
    'ecr:BatchGetImageCommand', 'ecr:PutImageCommand', 'ecr:PutImageCommand', 'ecr:PutImageCommand', 'ecr:PutImageCommand',
  ])
  expect(masked).toEqual(expect.arrayContaining(['header.e30.sig', 'SECRET', 'SESSION', password]))
  expect(outputs).toMatchObject({
    registry: '123456789012.dkr.ecr.us-east-1.amazonaws.com',
    image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/octo-repo',
    digest, 'image-ref': `123456789012.dkr.ecr.us-east-1.amazonaws.com/octo-repo@${digest}`,
    'role-arn': 'arn:aws:iam::123456789012:role/github-actions-octo-repo',
  })
  expect(outputs['tags']!.split('\n')).toHaveLength(4)
})

test('bad input: one clear failure and nothing touched', async () => {
  const { edges, calls, failures } = fakeEdges({ ...valid, 'account-id': '42' })
  await run(edges)
  expect(calls).toEqual([])
  expect(failures).toEqual([expect.stringMatching(/^Invalid input:\n- Input `account-id` must be your 12-digit/)])
})

test('no docker: fails before asking GitHub or AWS for anything', async () => {
  const { edges, calls, failures } = fakeEdges(valid, { docker: async () => { throw new ExplainedError(DOCKER_MISSING) } })
  await run(edges)
  expect(calls).toEqual([])
  expect(failures).toEqual([DOCKER_MISSING])
})

describe('docker and AWS at the same time, once docker runs', () => {
  /** a docker that says it started and answers `inspect` with `inspectExit` (and `inspect` text) */
  function startedDocker(inspectExit: number, calls: string[], inspect = CONTAINERD_STORE): Docker {
    return async (args, options) => {
      options?.onSpawn?.()
      calls.push(`docker:${args.slice(0, 2).join(' ')}`)
      await new Promise((resolve) => setTimeout(resolve, 20))
      if (args[1] === 'inspect') return { exitCode: inspectExit, stdout: inspect, stderr: 'Cannot connect to the Docker daemon' }
      if (args[1] === 'build') writeFileSync(args.find((arg) => arg.startsWith('--metadata-file='))!.slice('--metadata-file='.length), JSON.stringify({ 'containerimage.digest': digest }))
      return { exitCode: 0, stdout: '', stderr: '' }
    }
  }

  test('credentials are fetched while the builder is prepared', async () => {
    const calls: string[] = []
    const { edges, failures, outputs } = fakeEdges(valid, { docker: startedDocker(0, calls) })
    edges.getIdToken = async () => (calls.push('github:token'), 'header.e30.sig')
    await run(edges)
    expect(failures).toEqual([])
    // the token was asked for while docker buildx inspect ran
    expect(calls.slice(0, 2)).toEqual(['docker:buildx inspect', 'github:token'])
    expect(outputs['digest']).toBe(digest)
  })

  test('docker failing after AWS signed in: docker is the failure, and the login is gone with the step\'s docker config', async () => {
    const { edges, failures, state } = fakeEdges(valid, { docker: startedDocker(1, []) })
    await run(edges)
    expect(failures).toEqual([expect.stringMatching(/^docker buildx is not usable here/)])
    // nothing for the post step to log out of
    expect(state['registry']).toBeUndefined()
    expect(existsSync(state['docker-config']!)).toBe(false)
  })

  test('AWS failing after docker created a builder: the post step still removes it', async () => {
    // a single-platform build that exports the cache needs a docker-container builder on the docker driver without containerd
    const classicStore = 'Name: default\nDriver: docker\nPlatforms: linux/amd64\n'
    const { edges, failures, state, jobConfig } = fakeEdges({ ...valid, platforms: 'linux/amd64' }, { docker: startedDocker(0, [], classicStore) })
    edges.sts = () => ({ send: async () => { throw Object.assign(new Error('Not authorized'), { name: 'AccessDenied' }) } }) as unknown as STSClient
    await run(edges)
    expect(failures[0]).toMatch(/AccessDenied|Not authorized/)
    // the run, its attempt, the job, and the step's own part
    expect(state['builder']).toMatch(/^ecr-oidc-push-9-1-build-[0-9a-z]{1,6}$/)
    expect(state['buildx-config']).toBe(path.join(jobConfig, 'buildx'))
  })
})

test('no OIDC token and no ambient credentials: names the permission', async () => {
  const { edges, failures } = fakeEdges(valid, { oidc: false })
  edges.sts = () => ({ send: async () => { throw Object.assign(new Error('Could not load credentials'), { name: 'CredentialsProviderError' }) } }) as unknown as STSClient
  await run(edges)
  expect(failures[0]).toMatch(/permissions:\n {4}id-token: write/)
  expect(failures[0]).toMatch(/forks/)
})

test('an unexpected STS failure names the call that failed', async () => {
  const { edges, failures } = fakeEdges(valid)
  edges.getIdToken = async () => 'a.b.c'
  edges.sts = () => ({ send: async () => { throw new TypeError('boom') } }) as unknown as STSClient
  await run(edges)
  expect(failures[0]).toMatch(/STS AssumeRoleWithWebIdentity into .* failed: TypeError: boom/)
})

test('tier: auto on a feature branch pushes to the dev tier; a refusal says how to set that tier up', async () => {
  const { edges, failures } = fakeEdges({ ...valid, tier: 'auto' })
  edges.git = { ...edges.git, ref: 'refs/heads/feature/x' }
  edges.env = { ...edges.env, GITHUB_REPOSITORY: 'octo-org/octo-repo' }
  const roles: string[] = []
  edges.sts = () => ({ send: async (command: { input: { RoleArn: string } }) => {
    roles.push(command.input.RoleArn)
    throw Object.assign(new Error('Not authorized to perform sts:AssumeRoleWithWebIdentity'), { name: 'AccessDenied' })
  } }) as unknown as STSClient
  await run(edges)
  expect(roles).toEqual(['arn:aws:iam::123456789012:role/github-actions-octo-repo-dev'])
  expect(failures[0]).toContain('This run pushes to the dev tier, whose role github-actions-octo-repo-dev trusts any branch of this repository')
  expect(failures[0]).toContain('npx ecr-oidc-push setup --account-id 123456789012 --region us-east-1 --repository octo-org/octo-repo --tiers main,dev')
})

test('only an unanticipated error shows a stack', () => {
  expect(messageFor(new ExplainedError('plain words'))).toBe('plain words')
  expect(messageFor(new RangeError('bug'))).toMatch(/^Unexpected error: RangeError: bug\n\s+at /)
})

describe('mode: login', () => {
  const own = '123456789012.dkr.ecr.us-east-1.amazonaws.com'
  const other = '210987654321.dkr.ecr.us-east-1.amazonaws.com'

  test('one token, one docker login per registry, no build; the password stays masked and is no output', async () => {
    const { edges, calls, outputs, masked, failures, warnings, state, dockerOptions } = fakeEdges({ ...valid, mode: 'login', registries: '210987654321, 123456789012' })
    await run(edges)
    expect(failures).toEqual([])
    expect(calls).toEqual(['github:token', 'sts:AssumeRoleWithWebIdentityCommand', 'ecr:GetAuthorizationTokenCommand', 'docker:login --username', 'docker:login --username'])
    // into the job's docker config, for later steps: no private one
    expect(dockerOptions.map((options) => options.env)).toEqual([undefined, undefined])
    expect(state['docker-config']).toBeUndefined()
    expect(outputs).toEqual({ registry: own, registries: `${own}\n${other}`, 'role-arn': 'arn:aws:iam::123456789012:role/github-actions-octo-repo' })
    expect(masked).toContain(password)
    expect(warnings).toEqual([])
    expect(state['registry']).toBe(`${own}\n${other}`)
  })

  test('expose-credentials: the username and password become outputs, unmasked, with a warning', async () => {
    const { edges, outputs, masked, warnings } = fakeEdges({ ...valid, mode: 'login', 'expose-credentials': 'true' })
    await run(edges)
    expect(outputs).toMatchObject({ 'docker-username': 'AWS', 'docker-password': password })
    expect(masked).not.toContain(password)
    expect(warnings).toEqual([expect.stringMatching(/unmasked so that later jobs receive it.*12 hours.*pull-only role/)])
  })

  test.each<[string, Record<string, string>, RegExp]>([
    ['a malformed registry ID', { mode: 'login', registries: '21098765432' }, /Input `registries` has "21098765432", which is not a 12-digit AWS account ID/],
    ['expose-credentials in push mode', { 'expose-credentials': 'true' }, /Input `expose-credentials` is for `mode: login`, and this step runs `mode: (push|setup)`/],
    ['expose-credentials in setup mode', { mode: 'setup', 'expose-credentials': 'true' }, /Input `expose-credentials` is for `mode: login`, and this step runs `mode: (push|setup)`/],
    // issue 18, row 1: without `mode: setup`, `dry-run: true` built and pushed
    ['dry-run without mode: setup', { 'dry-run': 'true' }, /^Invalid input:\n- Input `dry-run` is for `mode: setup`, and this step runs `mode: push`\. Remove it, or set `mode: setup`\./],
    ['trust-branches in a merge step', { mode: 'merge', 'trust-branches': 'develop' }, /Input `trust-branches` is for `mode: setup`, and this step runs `mode: merge`/],
    ['a build input in a login step', { mode: 'login', 'build-args': 'A=1' }, /Input `build-args` is for `mode: push`, and this step runs `mode: login`/],
    // row 2: each platform job would deploy its own single-platform image, and the last would win
    ['a platform image with a deploy', { platforms: 'linux/arm64', 'platform-image': 'true', 'ecs-cluster': 'prod', 'ecs-service': 'api' },
      /`platform-image` pushes one platform's only: each matrix job would deploy its own[\s\S]*Move them to the `mode: merge` job, which deploys the multi-platform index\./],
  ])('%s: a clear error, nothing touched', async (_, inputs, message) => {
    const { edges, calls, failures } = fakeEdges({ ...valid, ...inputs })
    await run(edges)
    expect(calls).toEqual([])
    expect(failures).toEqual([expect.stringMatching(message)])
  })
})

describe('mode: merge', () => {
  const image = '123456789012.dkr.ecr.us-east-1.amazonaws.com/octo-repo'
  const [amd64, arm64] = [`sha256:${'1'.repeat(64)}`, `sha256:${'2'.repeat(64)}`]
  const index = JSON.stringify({ mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [] })
  /** ECR holding the platform images `present` names (tag → digest); docker that makes the index. */
  function mergeEdges(present: Record<string, string>) {
    const dockerCalls: string[][] = []
    const docker: Docker = async (args) => (dockerCalls.push(args), { exitCode: 0, stdout: args[2] === 'create' ? `${index}\n` : '', stderr: '' })
    const puts: Array<Record<string, string>> = []
    const fake = fakeEdges({ ...valid, mode: 'merge' }, {
      docker,
      ecr: {
        BatchGetImageCommand: (command) => {
          const ids = (command as { input: { imageIds: Array<{ imageTag?: string; imageDigest?: string }> } }).input.imageIds
          if (ids[0]?.imageDigest) return { images: [{ imageId: ids[0], imageManifest: index, imageManifestMediaType: 'application/vnd.oci.image.index.v1+json' }] }
          return { images: ids.filter((id) => present[id.imageTag!]).map((id) => ({ imageId: { ...id, imageDigest: present[id.imageTag!] } })) }
        },
        PutImageCommand: (command) => (puts.push((command as { input: Record<string, string> }).input), { image: { imageId: { imageDigest: digest } } }),
      },
    })
    return { ...fake, dockerCalls, puts }
  }

  test('every platform image there: one index of them by digest, put under every usual tag, the push outputs', async () => {
    const { edges, outputs, failures, dockerCalls, puts } = mergeEdges({ 'abcdef0-amd64': amd64, 'abcdef0-arm64': arm64 })
    await run(edges)
    expect(failures).toEqual([])
    expect(dockerCalls.find((args) => args[2] === 'create')).toEqual([
      'buildx', 'imagetools', 'create', '--dry-run', `--tag=${image}:abcdef0`, '--', `${image}@${amd64}`, `${image}@${arm64}`,
    ])
    expect(puts.map((put) => [put['imageTag'], put['imageManifest'] === index || put['imageDigest'] === digest])).toEqual(
      ['abcdef0', 'main', 'main-abcdef0', 'latest'].map((tag) => [tag, true]),
    )
    expect(outputs).toMatchObject({ image, digest, 'image-ref': `${image}@${digest}`, tags: expect.stringContaining(`${image}:latest`) })
  })

  test('a platform image missing: says which and which job, publishes nothing', async () => {
    const { edges, failures, dockerCalls, puts } = mergeEdges({ 'abcdef0-amd64': amd64 })
    await run(edges)
    expect(failures[0]).toMatch(/^Merge found 1 of 2 platform images missing, so it published nothing:\n {2}linux\/arm64: .*:abcdef0-arm64 is not there; the job with `platforms: linux\/arm64` and `platform-image: true` should have pushed it/)
    expect(dockerCalls.some((args) => args[2] === 'create')).toBe(false)
    expect(puts).toEqual([])
  })

  test('one platform is not a merge', async () => {
    const { edges, calls, failures } = fakeEdges({ ...valid, mode: 'merge', platforms: 'linux/amd64' })
    await run(edges)
    expect(calls).toEqual([])
    expect(failures[0]).toMatch(/`platforms` has one platform \(linux\/amd64\): merge assembles several/)
  })
})

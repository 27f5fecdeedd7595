import { githubClaims, startOidcStub } from '../../scripts/oidc-stub.mjs'
import { annotationsIn, runAction } from '../support/action-runner.js'
import type { AwsProxy } from '../../scripts/aws-proxy.mjs'
import { openHarness, setUpFor, uniqueRepository } from '../support/fixtures.js'
import { listTags } from '../support/registry.js'

let proxy: AwsProxy
let workspace: string
beforeAll(async () => {
  ({ proxy, workspace } = await openHarness())
})
afterAll(() => proxy.stop())
beforeEach(() => {
  proxy.calls.length = 0
  proxy.faults.length = 0
})

const valid = { 'account-id': '123456789012', region: 'us-east-1' }
const errorLines = (stdout: string) => annotationsIn(stdout).map((annotation) => annotation.message)

describe('bad input: a clear error, exit 1, nothing asked of GitHub or written to AWS', () => {
  test.each<[string, Record<string, string>, RegExp]>([
    ['bad account ID', { 'account-id': '12345' }, /Input `account-id` must be your 12-digit AWS account ID, for example "123456789012"; got "12345"/],
    ['bad region', { region: 'Frankfurt' }, /Input `region` must be an AWS region code such as us-east-1 or eu-west-2 \(partitions: aws, aws-cn, [^)]*\); got "Frankfurt"/],
    ['unknown mode', { mode: 'deploy' }, /Input `mode` is "deploy", which is not a mode\. Use one of: push, setup, login/],
    ['empty platforms', { platforms: ',' }, /Input `platforms` is empty\. List at least one/],
    ['unknown platform', { platforms: 'linux/amd64,linux/mips' }, /Input `platforms` has "linux\/mips", which is not a platform this action builds/],
    ['missing Dockerfile', { file: 'no-such.Dockerfile' }, /No Dockerfile at "no-such\.Dockerfile" \(input `file`, default `<context>\/Dockerfile`\)\. Check out the repository first/],
    ['missing context', { context: 'no-such-dir' }, /Input `context` is "no-such-dir", which is not a directory of the checkout/],
    ['an option as the context', { context: '--output=type=local,dest=/tmp/x' }, /Input `context` is "--output=type=local,dest=\/tmp\/x", which starts with "-"/],
    ['bad boolean', { push: 'yes please' }, /Input `push` must be true or false; got "yes please"/],
    ['ecs-cluster without ecs-service', { 'ecs-cluster': 'prod' }, /Inputs `ecs-cluster` and `ecs-service` go together/],
    ['setup: a malformed pull-from name', { mode: 'setup', 'pull-from': 'Team/Base Image' }, /Input `pull-from` has "Team\/Base Image", which is not an ECR repository name/],
    // issue 18, row 1: without `mode: setup`, `dry-run: true` built and pushed
    ['dry-run without mode: setup', { 'dry-run': 'true' }, /Input `dry-run` is for `mode: setup`, and this step runs `mode: push`\. Remove it, or set `mode: setup`\./],
    ['a setup input in a merge step', { mode: 'merge', tiers: 'main,release' }, /Input `tiers` is for `mode: setup`, and this step runs `mode: merge`/],
  ])('%s', async (_, inputs, message) => {
    const repository = uniqueRepository('bad-input')
    const stub = await startOidcStub(githubClaims({ repository }))
    try {
      const result = await runAction({ workspace, repository, inputs: { ...valid, ...inputs }, env: { ...stub.env, AWS_ENDPOINT_URL: proxy.url } })
      expect(result.exitCode).toBe(1)
      const [error, ...more] = errorLines(result.stdout)
      expect(more).toEqual([])
      expect(error).toMatch(/^Invalid input:\n- /)
      // the annotation points at the workflow file and names the input
      expect(annotationsIn(result.stdout)[0]!.properties).toEqual({ title: expect.stringMatching(/^Invalid input: [\w-]+/), file: '.github/workflows/ci.yml' })
      expect(error).toMatch(message)
      expect(error).not.toMatch(/\n\s+at /) // no stack trace
      expect(stub.issued).toEqual([])
      expect(proxy.calls).toEqual([])
      expect(result.outputs).toEqual({})
      expect(await listTags(repository.split('/')[1]!)).toEqual([])
    } finally {
      await stub.close()
    }
  })
})

test('no id-token permission and no credentials: says what to add to the workflow', async () => {
  const repository = uniqueRepository('no-token')
  const result = await runAction({
    workspace, repository, inputs: valid,
    env: { AWS_ENDPOINT_URL: proxy.url, AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent', AWS_EC2_METADATA_DISABLED: 'true' },
  })
  expect(result.exitCode).toBe(1)
  const [error] = errorLines(result.stdout)
  expect(error).toContain('permissions:\n    id-token: write')
  expect(error).toContain('Pull requests from forks never get an id-token')
  expect(proxy.calls).toEqual([])
})

test('a pull request from a fork, no token: says first that forks get none, and how to build without pushing', async () => {
  const repository = uniqueRepository('fork')
  const result = await runAction({
    workspace, repository, ref: 'refs/pull/7/merge', eventName: 'pull_request', inputs: valid,
    event: { pull_request: { number: 7, head: { repo: { fork: true, full_name: 'someone/fork' } } }, repository: { full_name: repository, default_branch: 'main' } },
    env: { AWS_ENDPOINT_URL: proxy.url, AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent', AWS_EC2_METADATA_DISABLED: 'true' },
  })
  expect(result.exitCode).toBe(1)
  const [error] = errorLines(result.stdout)
  expect(error).toMatch(/^This pull request comes from a fork, and GitHub gives a fork's pull requests no OIDC token/)
  expect(error).toContain("push: ${{ github.event_name != 'pull_request' }}")
  expect(error!.indexOf('fork')).toBeLessThan(error!.indexOf('id-token: write'))
  expect(proxy.calls).toEqual([]) // no credentials anywhere: nothing reached AWS
})

test('a login step on a pull request from a fork: told to skip it there, not to set push', async () => {
  const repository = uniqueRepository('fork-login')
  const result = await runAction({
    workspace, repository, ref: 'refs/pull/7/merge', eventName: 'pull_request', inputs: { ...valid, mode: 'login' },
    event: { pull_request: { number: 7, head: { repo: { fork: true, full_name: 'someone/fork' } } }, repository: { full_name: repository, default_branch: 'main' } },
    env: { AWS_ENDPOINT_URL: proxy.url, AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent', AWS_EC2_METADATA_DISABLED: 'true' },
  })
  expect(result.exitCode).toBe(1)
  const [error] = errorLines(result.stdout)
  expect(error).toMatch(/^This pull request comes from a fork[\s\S]*`mode: login` needs AWS credentials\.\n[\s\S]*if: github\.event\.pull_request\.head\.repo\.fork != true/)
  expect(error).not.toContain('push:')
})

test('the role refuses the token: claims, role, trust policy and setup mode, and no ECR call', async () => {
  // setup never ran for this repository: STS refuses, as AWS does without the role
  const repository = uniqueRepository('denied')
  const stub = await startOidcStub(githubClaims({ repository, ownerId: '77', repositoryId: '88' }))
  try {
    const result = await runAction({ workspace, repository, inputs: valid, env: { ...stub.env, AWS_ENDPOINT_URL: proxy.url } })
    expect(result.exitCode).toBe(1)
    const [error] = errorLines(result.stdout)
    const name = repository.split('/')[1]!
    expect(error).toContain(`AWS refused to let this workflow assume arn:aws:iam::123456789012:role/github-actions-${name} (AccessDenied`)
    expect(error).toContain(`  sub: repo:${repository}:ref:refs/heads/main`)
    expect(error).toContain('  event_name: push')
    expect(error).toContain(`repo:octo-org@77/${name}@88:ref:refs/heads/main`)
    expect(error).toContain('`mode: setup`')
    expect(error).not.toContain(stub.issued[0])
    expect(proxy.actions()).toEqual(['AssumeRoleWithWebIdentity'])
  } finally {
    await stub.close()
  }
})

// issue 18, row 7: the refusal names the setup option for the token's subject form
test('a job in an environment on the main tier is refused, and told the setup option that trusts it', async () => {
  const repository = uniqueRepository('in-env')
  await setUpFor(repository)
  const stub = await startOidcStub({ ...githubClaims({ repository }), sub: `repo:${repository}:environment:production`, environment: 'production' })
  try {
    const result = await runAction({ workspace, repository, inputs: valid, env: { ...stub.env, AWS_ENDPOINT_URL: proxy.url } })
    expect(result.exitCode).toBe(1)
    const [error] = errorLines(result.stdout)
    expect(error).toContain(`  sub: repo:${repository}:environment:production`)
    expect(error).toContain('This job runs in the GitHub environment production, so its token\'s subject names the environment, not the branch. ' +
      'Setup trusts it with `trust-environments: production` (CLI `--environments production`):\n' +
      `  npx ecr-oidc-push setup --account-id 123456789012 --region us-east-1 --repository ${repository} --environments production`)
  } finally {
    await stub.close()
  }
})

test('docker missing from PATH: the error says so before any AWS call', async () => {
  const repository = uniqueRepository('no-docker')
  const stub = await startOidcStub(githubClaims({ repository }))
  try {
    const result = await runAction({ workspace, repository, inputs: valid, env: { ...stub.env, AWS_ENDPOINT_URL: proxy.url, PATH: '/nonexistent' } })
    expect(result.exitCode).toBe(1)
    expect(errorLines(result.stdout)[0]).toMatch(/^docker was not found on PATH/)
    expect(stub.issued).toEqual([])
    expect(proxy.calls).toEqual([])
  } finally {
    await stub.close()
  }
})

// issue 18, row 11: a region of another partition gets that partition's ARNs, never the aws partition's
test('a region in the aws-iso partition: the role ARN and the provider are that partition\'s', async () => {
  const repository = uniqueRepository('iso')
  const stub = await startOidcStub(githubClaims({ repository }))
  try {
    const result = await runAction({ workspace, repository, inputs: { ...valid, region: 'us-iso-east-1', mode: 'login' }, env: { ...stub.env, AWS_ENDPOINT_URL: proxy.url } })
    expect(result.exitCode).toBe(1)
    const [error] = errorLines(result.stdout)
    expect(error).toContain(`assume arn:aws-iso:iam::123456789012:role/github-actions-${repository.split('/')[1]}`)
    expect(error).toContain('"Federated": "arn:aws-iso:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"')
  } finally {
    await stub.close()
  }
})

// mode: login as the runner runs it: docker logged into the role's registry and another account's, the
// outputs a later job would use, and what the post step takes away again.
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import * as path from 'node:path'
import { promisify } from 'node:util'
import type { AwsProxy } from '../../scripts/aws-proxy.mjs'
import type { FaultProxy } from '../../scripts/fault-proxy.mjs'
import { githubClaims, startOidcStub } from '../../scripts/oidc-stub.mjs'
import { type RunOptions, annotationsIn, runAction, runPostStep } from '../support/action-runner.js'
import { CreateRepositoryCommand, ECRClient, SetRepositoryPolicyCommand } from '@aws-sdk/client-ecr'
import { IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam'
import { openHarness, setUpFor, uniqueRepository } from '../support/fixtures.js'
import { registryProxy } from '../support/registry.js'
import { leaks, registryPasswordsHandedOut, secretsHandedOut } from '../support/secrets.js'
import {
  MOTO_ENV, MOTO_URL, OTHER_ACCOUNT_ID, OTHER_REGISTRY_HOST, OTHER_REGISTRY_IP, REGION, REGISTRY_HOST, REGISTRY_PASSWORD, inAccount,
} from '../support/stack.js'

const run = promisify(execFile)
const valid = { 'account-id': '123456789012', region: 'us-east-1' }
let proxy: AwsProxy
let workspace: string
let other: FaultProxy
/** an image pushed earlier by push mode, for the logged-in job to pull */
const pushed = uniqueRepository('login-source')
const image = pushed.split('/')[1]!

/** Runs the action for `repository`, set up first with `setupFlags` (a consumer: --pull-only --pull-from). */
async function runWithOidc(repository: string, options: Partial<RunOptions> = {}, setupFlags: string[] = []) {
  await setUpFor(repository, { flags: setupFlags })
  const stub = await startOidcStub(githubClaims({ repository }))
  proxy.reset()
  try {
    const result = await runAction({ workspace, repository, inputs: valid, ...options, env: { ...stub.env, AWS_ENDPOINT_URL: proxy.url, ...options.env } })
    return { result, secrets: secretsHandedOut(stub.issued, proxy.calls), passwords: registryPasswordsHandedOut(proxy.calls) }
  } finally {
    await stub.close()
  }
}

/** `docker pull` with the job's own docker config, as a later step of the same job would. */
const pull = (ref: string) => run('docker', ['pull', '--platform', 'linux/amd64', ref]).then(() => 'pulled', (error: { stderr?: string }) => `failed: ${error.stderr ?? ''}`)
const auths = () => Object.keys((JSON.parse(readFileSync(path.join(homedir(), '.docker/config.json'), 'utf8')) as { auths?: object }).auths ?? {})

beforeAll(async () => {
  ({ proxy, workspace } = await openHarness())
  other = await registryProxy(OTHER_REGISTRY_IP, 'other')
  const { result } = await runWithOidc(pushed)
  expect(result.exitCode).toBe(0)
  await runPostStep(workspace, result.state)
}, 180_000)
afterAll(async () => {
  await Promise.all([proxy.stop(), other.stop()])
})

/**
 * The image in another account's registry too, which lets the consumer pull it (its repository policy), as
 * the consumer's own account does (an inline policy beside setup's).
 */
async function shareWithOtherAccount(consumerRole: string) {
  const admin = { region: REGION, endpoint: MOTO_URL, credentials: { accessKeyId: MOTO_ENV.AWS_ACCESS_KEY_ID, secretAccessKey: MOTO_ENV.AWS_SECRET_ACCESS_KEY } }
  const otherEcr = inAccount(new ECRClient(admin), OTHER_ACCOUNT_ID)
  await otherEcr.send(new CreateRepositoryCommand({ repositoryName: image }))
  const pull = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability']
  await otherEcr.send(new SetRepositoryPolicyCommand({
    repositoryName: image, policyText: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::123456789012:role/${consumerRole}` }, Action: pull }] }),
  }))
  await new IAMClient(admin).send(new PutRolePolicyCommand({
    RoleName: consumerRole, PolicyName: 'pull-from-another-account',
    PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: pull, Resource: `arn:aws:ecr:${REGION}:${OTHER_ACCOUNT_ID}:repository/${image}` }] }),
  }))
  // each account's administrator writes its own registry
  await run('skopeo', [
    'copy', '--all', '--src-creds', `AWS:${REGISTRY_PASSWORD}`, '--dest-creds', `AWS:${OTHER_ACCOUNT_ID}-auth-token`,
    `docker://${REGISTRY_HOST}/${image}:main`, `docker://${OTHER_REGISTRY_HOST}/${image}:main`,
  ])
}

describe('login with expose-credentials, and another account\'s registry', () => {
  let login: Awaited<ReturnType<typeof runWithOidc>>
  const consumer = uniqueRepository('consumer')
  beforeAll(async () => {
    // a consumer: the role pulls the image it needs and pushes nothing
    await setUpFor(consumer, { flags: ['--pull-only', '--pull-from', image] })
    await shareWithOtherAccount(`github-actions-${consumer.split('/')[1]}`)
    login = await runWithOidc(consumer, { inputs: { ...valid, mode: 'login', registries: '210987654321', 'expose-credentials': 'true' } }, ['--pull-only', '--pull-from', image])
  }, 180_000)

  test('succeeds with one STS and one ECR call, and sets the outputs a later job needs', () => {
    expect(login.result.stderr).toBe('')
    expect(login.result.exitCode).toBe(0)
    expect(proxy.actions()).toEqual(['AssumeRoleWithWebIdentity', 'GetAuthorizationToken'])
    expect(login.result.outputs).toEqual({
      registry: REGISTRY_HOST, registries: `${REGISTRY_HOST}\n${OTHER_REGISTRY_HOST}`,
      'role-arn': expect.stringMatching(/^arn:aws:iam::123456789012:role\/github-actions-consumer-/),
      'docker-username': 'AWS', 'docker-password': login.passwords[0],
    })
    expect(annotationsIn(login.result.stdout, 'warning')).toEqual([{
      message: expect.stringMatching(/^expose-credentials: true: .*12 hours.*pull-only role/),
      properties: { title: 'expose-credentials: true', file: '.github/workflows/ci.yml' },
    }])
  })

  test('an independent client pulls the multi-arch image with the outputs alone', async () => {
    const { 'docker-username': user, 'docker-password': password } = login.result.outputs
    const { stdout } = await run('skopeo', ['inspect', '--raw', '--creds', `${user}:${password}`, `docker://${REGISTRY_HOST}/${image}:main`])
    const index = JSON.parse(stdout) as { manifests: Array<{ platform: { architecture: string } }> }
    expect(index.manifests.map((m) => m.platform.architecture).sort()).toEqual(['amd64', 'arm64'])
  })

  test('later steps of the job pull from both registries; after the post step they cannot', async () => {
    expect(await pull(`${REGISTRY_HOST}/${image}:main`)).toBe('pulled')
    expect(await pull(`${OTHER_REGISTRY_HOST}/${image}:main`)).toBe('pulled')
    const post = await runPostStep(workspace, login.result.state)
    expect(post.exitCode).toBe(0)
    expect(post.stdout).toContain(`Cleanup: docker logout ${REGISTRY_HOST}`)
    expect(post.stdout).toContain(`Cleanup: docker logout ${OTHER_REGISTRY_HOST}`)
    expect(auths()).not.toEqual(expect.arrayContaining([REGISTRY_HOST]))
    expect(auths()).not.toEqual(expect.arrayContaining([OTHER_REGISTRY_HOST]))
    expect(await pull(`${REGISTRY_HOST}/${image}:main`)).toMatch(/^failed: .*(no basic auth credentials|unauthorized|authentication required)/s)
    expect(await pull(`${OTHER_REGISTRY_HOST}/${image}:main`)).toMatch(/^failed: .*(no basic auth credentials|unauthorized|authentication required)/s)
  })

  test('the password is in GITHUB_OUTPUT only, as asked; no other secret is anywhere', () => {
    const password = login.result.outputs['docker-password']!
    const { stdout, stderr, files } = login.result
    expect(leaks({ stdout, stderr, GITHUB_STATE: files.state, GITHUB_STEP_SUMMARY: files.summary }, login.secrets)).toEqual([])
    expect(leaks({ GITHUB_OUTPUT: files.output }, login.secrets.filter((secret) => secret !== password))).toEqual([])
    expect(stdout).not.toContain(`::add-mask::${password}`) // a masked output would be dropped between jobs
  })
})

test('without expose-credentials no password leaves the step in any form', async () => {
  const login = await runWithOidc(uniqueRepository('consumer'), { inputs: { ...valid, mode: 'login' } }, ['--pull-only', '--pull-from', image])
  const post = await runPostStep(workspace, login.result.state)
  expect(login.result.exitCode).toBe(0)
  expect(Object.keys(login.result.outputs).sort()).toEqual(['registries', 'registry', 'role-arn'])
  const { stdout, stderr, files } = login.result
  const password = login.passwords[0]!
  expect(login.secrets).toContain(password)
  expect(leaks({
    stdout, stderr, GITHUB_OUTPUT: files.output, GITHUB_STATE: files.state, GITHUB_STEP_SUMMARY: files.summary,
    'post stdout': post.stdout, 'post stderr': post.stderr,
  }, login.secrets)).toEqual([])
  expect(stdout).toContain(`::add-mask::${password}`)
}, 180_000)

test.each<[string, Record<string, string>, RegExp]>([
  ['a malformed registry ID', { mode: 'login', registries: '2109876543' }, /Input `registries` has "2109876543", which is not a 12-digit AWS account ID/],
  ['expose-credentials outside login mode', { 'expose-credentials': 'true' }, /Input `expose-credentials` is for `mode: login`, and this step runs `mode: (push|setup)`/],
])('bad input, %s: a clear error, exit 1, nothing asked of GitHub or AWS', async (_, inputs, message) => {
  const repository = uniqueRepository('bad-login')
  const stub = await startOidcStub(githubClaims({ repository }))
  proxy.reset()
  try {
    const result = await runAction({ workspace, repository, inputs: { ...valid, ...inputs }, env: { ...stub.env, AWS_ENDPOINT_URL: proxy.url } })
    expect(result.exitCode).toBe(1)
    expect(result.stdout.replace(/%0A/g, '\n')).toMatch(message)
    expect(stub.issued).toEqual([])
    expect(proxy.calls).toEqual([])
    expect(result.state['registry']).toBeUndefined()
  } finally {
    await stub.close()
  }
}, 60_000)

describe('the same credential rules as push', () => {
  const noCredentials = { AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent', AWS_EC2_METADATA_DISABLED: 'true' }

  test('no id-token permission and no credentials: says what to add, logs into nothing', async () => {
    proxy.reset()
    const result = await runAction({ workspace, repository: uniqueRepository('no-token'), inputs: { ...valid, mode: 'login' }, env: { AWS_ENDPOINT_URL: proxy.url, ...noCredentials } })
    expect(result.exitCode).toBe(1)
    expect(result.stdout.replace(/%0A/g, '\n')).toContain('permissions:\n    id-token: write')
    expect(proxy.calls).toEqual([])
    expect(result.state['registry']).toBeUndefined()
  }, 60_000)

  test('under act, the ambient credentials log docker in, and it says so', async () => {
    proxy.reset()
    const result = await runAction({ workspace, repository: uniqueRepository('act-login'), inputs: { ...valid, mode: 'login' }, env: { ...MOTO_ENV, ACT: 'true', AWS_ENDPOINT_URL: proxy.url } })
    const post = await runPostStep(workspace, result.state)
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toMatch(/::notice::Using the ambient AWS credentials of arn:aws:.* \(running under act, which has no OIDC token\)/)
    expect(proxy.actions()).toEqual(['GetCallerIdentity', 'GetAuthorizationToken'])
    expect(result.outputs['registry']).toBe(REGISTRY_HOST)
    expect(post.stdout).toContain(`Cleanup: docker logout ${REGISTRY_HOST}`)
  }, 60_000)
})

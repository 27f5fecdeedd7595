import { CreateOpenIDConnectProviderCommand, CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam'
import { STSClient } from '@aws-sdk/client-sts'
import { githubClaims, issuerKey, mintToken } from '../../scripts/oidc-stub.mjs'
import { trustPolicy } from '../../src/setup/policies.js'
import { ambientIdentity, assumeRoleWithToken, explainAccessDenied } from '../../src/auth/sts.js'
import { ExplainedError } from '../../src/errors.js'
import { decodeClaims } from '../../src/auth/token.js'
import { REMOTE_POLICY } from '../../src/remote.js'
import { AwsProxy, stsError } from '../../scripts/aws-proxy.mjs'
import { ACCOUNT_ID, MOTO_ENV, MOTO_URL, REGION, requireMoto, resetMoto } from '../support/stack.js'

const staticCredentials = { accessKeyId: MOTO_ENV.AWS_ACCESS_KEY_ID, secretAccessKey: MOTO_ENV.AWS_SECRET_ACCESS_KEY }
const roleArn = `arn:aws:iam::${ACCOUNT_ID}:role/github-actions-octo-repo`
const fastRetry = { policy: { ...REMOTE_POLICY, maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 5 } }
// a key the stack's STS knows, as AWS knows GitHub's
const key = issuerKey()
const token = mintToken(githubClaims({ repository: 'octo-org/octo-repo' }), key.privateKey, 'sts.amazonaws.com', key.kid)
let proxy: AwsProxy

beforeAll(async () => {
  await requireMoto()
  await resetMoto()
  const iam = new IAMClient({ region: REGION, endpoint: MOTO_URL, credentials: staticCredentials })
  // the account's GitHub provider, and a role that trusts the token's repository and branch (as setup writes it)
  await iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://token.actions.githubusercontent.com', ClientIDList: ['sts.amazonaws.com'], ThumbprintList: [] }))
  const trust = trustPolicy(ACCOUNT_ID, REGION, 'sts.amazonaws.com', { owner: 'octo-org', repo: 'octo-repo', defaultBranch: 'main', branches: [], tagPatterns: [], environments: [], releaseTags: [] })
  await iam.send(new CreateRoleCommand({ RoleName: 'github-actions-octo-repo', AssumeRolePolicyDocument: JSON.stringify(trust) }))
  proxy = await new AwsProxy(MOTO_URL).start()
})
afterAll(() => proxy.stop())
beforeEach(() => {
  proxy.calls.length = 0
  proxy.faults.length = 0
})

const sts = () => new STSClient({ region: REGION, endpoint: proxy.url, maxAttempts: 1 })
const request = { roleArn, sessionName: 'octo-repo-1-1', token, durationSeconds: 3600 }
const explain = (error: unknown) => explainAccessDenied(error, roleArn, 'sts.amazonaws.com', decodeClaims(token))

test('the OIDC token buys STS credentials, every secret masked first', async () => {
  const masked: string[] = []
  const credentials = await assumeRoleWithToken(sts(), request, (s) => masked.push(s), explain, fastRetry)
  expect(credentials.accessKeyId).toMatch(/^ASIA/)
  expect(masked).toEqual([credentials.accessKeyId, credentials.secretAccessKey, credentials.sessionToken])
  expect(proxy.actions()).toEqual(['AssumeRoleWithWebIdentity'])
})

test.each([
  ['throttling', stsError('Throttling', 'Rate exceeded')],
  ['an IDP communication error', stsError('IDPCommunicationError', 'Could not reach the identity provider')],
  ['a 503', stsError('ServiceUnavailable', 'try later', 503)],
])('%s is retried, then it works', async (_, fault) => {
  proxy.faults.push({ action: 'AssumeRoleWithWebIdentity', ...fault }, { action: 'AssumeRoleWithWebIdentity', ...fault })
  const credentials = await assumeRoleWithToken(sts(), request, () => {}, explain, fastRetry)
  expect(credentials.sessionToken).toBeTruthy()
  expect(proxy.actions()).toEqual(['AssumeRoleWithWebIdentity', 'AssumeRoleWithWebIdentity', 'AssumeRoleWithWebIdentity'])
})

test('retries are bounded', async () => {
  for (let i = 0; i < 6; i++) proxy.faults.push({ action: 'AssumeRoleWithWebIdentity', ...stsError('Throttling', 'Rate exceeded') })
  await expect(assumeRoleWithToken(sts(), request, () => {}, explain, fastRetry)).rejects.toThrow(/Throttling: Rate exceeded/)
  expect(proxy.calls).toHaveLength(4)
})

test('AccessDenied is not retried and is explained', async () => {
  proxy.faults.push({ action: 'AssumeRoleWithWebIdentity', ...stsError('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity', 403) })
  const error = await assumeRoleWithToken(sts(), request, () => {}, explain, fastRetry).catch((e: unknown) => e)
  expect(error).toBeInstanceOf(ExplainedError)
  expect((error as Error).message).toContain(`AWS refused to let this workflow assume ${roleArn}`)
  expect((error as Error).message).toContain('  sub: repo:octo-org/octo-repo:ref:refs/heads/main')
  expect((error as Error).message).toContain('repo:octo-org@1001/octo-repo@2002:ref:refs/heads/main')
  expect((error as Error).message).not.toContain(token)
  expect(proxy.calls).toHaveLength(1)
})

describe('ambient credentials (act, a laptop)', () => {
  const saved = { ...process.env }
  afterEach(() => {
    process.env = { ...saved }
  })

  test('the default chain finds them and says who we are', async () => {
    Object.assign(process.env, MOTO_ENV)
    expect(await ambientIdentity(sts())).toMatch(/^arn:aws:(iam|sts)::\d{12}:/)
    expect(proxy.actions()).toEqual(['GetCallerIdentity'])
  })

  test('none anywhere: undefined, and no call reaches AWS', async () => {
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI']) delete process.env[name]
    Object.assign(process.env, { AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent', AWS_EC2_METADATA_DISABLED: 'true' })
    expect(await ambientIdentity(sts())).toBeUndefined()
    expect(proxy.calls).toHaveLength(0)
  })
})

test('a duration past the role\'s maximum says which input to change', async () => {
  proxy.faults.push({
    action: 'AssumeRoleWithWebIdentity',
    ...stsError('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.'),
  })
  await expect(assumeRoleWithToken(sts(), { ...request, durationSeconds: 7200 }, () => {}, explain, fastRetry))
    .rejects.toThrow(/ValidationError: The requested DurationSeconds exceeds.*\nLower `role-duration-seconds` \(now 7200\)/)
  expect(proxy.calls).toHaveLength(1)
})

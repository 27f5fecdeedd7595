import { DescribeRepositoriesCommand, GetLifecyclePolicyCommand } from '@aws-sdk/client-ecr'
import {
  CreateOpenIDConnectProviderCommand, GetOpenIDConnectProviderCommand, GetRoleCommand, GetRolePolicyCommand,
  PutRolePolicyCommand, UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam'
import { CreateClusterCommand, CreateServiceCommand, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs'
import { iamError } from '../../scripts/aws-proxy.mjs'
import { deployPolicy } from '../../src/setup/deploy-policy.js'
import { lifecyclePolicy, pullPolicy, pushPolicy, trustPolicy } from '../../src/setup/policies.js'
import { ecrClient, ecsClient, iamClient, stsClient } from '../../src/aws/clients.js'
import { runCli } from '../../src/cli.js'
import { parsePolicyDocument, sameDocument } from '../../src/diff.js'
import { runSetup } from '../../src/setup/one.js'
import { readSetupSettings } from '../../src/setup/settings.js'
import { direct, edgesOf, settingsFor, setupHarness } from '../support/setup-harness.js'
import { MOTO_ENV, REGION } from '../support/stack.js'

const { setup, viaProxy, proxy } = setupHarness()

test('a fresh account: provider, role, push policy and repository (with its lifecycle) are created', async () => {
  const { outcome, writes } = await setup(settingsFor({}, { ownerId: '11', repositoryId: '22' }))
  expect(writes).toEqual(['CreateOpenIDConnectProvider', 'CreateRole', 'PutRolePolicy', 'CreateRepository', 'PutLifecyclePolicy'])
  expect(outcome).toMatchObject({ applied: true, writes: 5 })

  const provider = await direct.iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com' }))
  expect(provider.ClientIDList).toEqual(['sts.amazonaws.com'])
  const role = (await direct.iam.send(new GetRoleCommand({ RoleName: 'github-actions-octo-repo' }))).Role!
  expect(role.MaxSessionDuration).toBe(3600)
  expect(role.Tags).toEqual(expect.arrayContaining([{ Key: 'ManagedBy', Value: 'ecr-oidc-push' }, { Key: 'Repository', Value: 'octo-org/octo-repo' }]))
  const trust = parsePolicyDocument(role.AssumeRolePolicyDocument) as { Statement: Array<{ Condition: { StringEquals: Record<string, unknown> } }> }
  expect(trust.Statement[0]!.Condition.StringEquals['token.actions.githubusercontent.com:sub']).toEqual([
    'repo:octo-org/octo-repo:ref:refs/heads/main', 'repo:octo-org@11/octo-repo@22:ref:refs/heads/main',
  ])
  const inline = await direct.iam.send(new GetRolePolicyCommand({ RoleName: 'github-actions-octo-repo', PolicyName: 'ecr-oidc-push' }))
  expect(sameDocument(parsePolicyDocument(inline.PolicyDocument), pushPolicy('123456789012', REGION, 'octo-repo'))).toBe(true)
  const repo = (await direct.ecr.send(new DescribeRepositoriesCommand({ repositoryNames: ['octo-repo'] }))).repositories![0]!
  expect(repo).toMatchObject({ imageScanningConfiguration: { scanOnPush: true }, imageTagMutability: 'MUTABLE', encryptionConfiguration: { encryptionType: 'AES256' } })
  const lifecycle = await direct.ecr.send(new GetLifecyclePolicyCommand({ repositoryName: 'octo-repo' }))
  expect(sameDocument(JSON.parse(lifecycle.lifecyclePolicyText!), lifecyclePolicy('main', { untaggedDays: 14, keepTagged: 200, devRetentionDays: 30 }))).toBe(true)
})

test('a second run prints "no changes" and makes zero write calls', async () => {
  await setup()
  const again = await setup()
  expect(again.writes).toEqual([])
  expect(again.outcome).toMatchObject({ applied: false, writes: 0 })
  expect(again.text).toMatch(/No changes: all 5 resources are as declared\.$/)
  expect(proxy().calls.length).toBeGreaterThan(0) // it did read
})

test('a drifted trust policy is repaired and the diff shown', async () => {
  await setup()
  const wide = trustPolicy('123456789012', REGION, 'sts.amazonaws.com', { ...settingsFor(), branches: ['*'] })
  await direct.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'github-actions-octo-repo', PolicyDocument: JSON.stringify(wide) }))
  const repaired = await setup()
  expect(repaired.writes).toEqual(['UpdateAssumeRolePolicy'])
  expect(repaired.text).toContain('~ update     IAM role github-actions-octo-repo')
  expect(repaired.text).toMatch(/^ +- .*:sub": "repo:octo-org\/octo-repo:ref:refs\/heads\/\*"$/m)
  expect((await setup()).writes).toEqual([])
})

test('an existing provider (made by someone else) is reused, not recreated or retagged', async () => {
  await direct.iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://token.actions.githubusercontent.com', ClientIDList: ['sts.amazonaws.com', 'other'], ThumbprintList: ['6938fd4d98bab03faadb97b34396831e3780aea1'] }))
  const { writes, text } = await setup()
  expect(writes).toEqual(['CreateRole', 'PutRolePolicy', 'CreateRepository', 'PutLifecyclePolicy'])
  expect(text).toContain('= no change  OIDC provider token.actions.githubusercontent.com')
})

test('interrupted half-way (a call is denied): the error names resource, call and permission; a re-run converges', async () => {
  proxy().reset()
  proxy().faults.push({ action: 'PutRolePolicy', ...iamError('AccessDenied', 'User: arn:aws:iam::123456789012:user/ci is not authorized to perform: iam:PutRolePolicy') })
  const error = (await runSetup(settingsFor(), viaProxy(), () => {}, () => {}).then(() => undefined, (e: unknown) => e)) as Error
  expect(error.message).toMatch(/^Setup stopped at inline policy ecr-oidc-push on github-actions-octo-repo: iam:PutRolePolicy was denied \(AccessDenied: User: .* is not authorized/)
  expect(error.message).toMatch(/need iam:PutRolePolicy\. What came before this step is in place; re-run setup/)
  expect(proxy().writes()).toEqual(['CreateOpenIDConnectProvider', 'CreateRole', 'PutRolePolicy'])
  const resumed = await setup()
  expect(resumed.writes).toEqual(['PutRolePolicy', 'CreateRepository', 'PutLifecyclePolicy'])
  expect((await setup()).writes).toEqual([])
})

test('AccessDenied on iam:CreateRole says so', async () => {
  proxy().reset()
  proxy().faults.push({ action: 'CreateRole', ...iamError('AccessDenied', 'not authorized to perform: iam:CreateRole') })
  await expect(runSetup(settingsFor(), viaProxy(), () => {}, () => {})).rejects.toThrow(/Setup stopped at IAM role github-actions-octo-repo: iam:CreateRole was denied[\s\S]*need iam:CreateRole/)
})

test('credentials for another account: refused before any write', async () => {
  const { writes, outcome } = await setup(settingsFor({ 'account-id': '123456789012' })) // warm: fine
  expect(outcome.applied).toBe(true)
  expect(writes.length).toBe(5)
  proxy().reset()
  await expect(runSetup(settingsFor({ 'account-id': '999999999999' }), viaProxy(), () => {}, () => {}))
    .rejects.toThrow(/credentials in use \(.*\) are for account 123456789012, but account-id is 999999999999\..*Nothing was changed/)
  expect(proxy().writes()).toEqual([])
})

test('--dry-run shows the plan and writes nothing', async () => {
  const { writes, outcome, text } = await setup(settingsFor({ 'dry-run': 'true' }))
  expect(writes).toEqual([])
  expect(outcome.applied).toBe(false)
  expect(text).toContain('dry run')
  expect(text).toMatch(/5 to create, 0 to update, 0 unchanged\.$/)
})

test('another inline policy on the role is reported and left alone', async () => {
  await setup()
  await direct.iam.send(new PutRolePolicyCommand({ RoleName: 'github-actions-octo-repo', PolicyName: 'extra', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }) }))
  const { writes, text } = await setup()
  expect(writes).toEqual([])
  expect(text).toContain('! IAM role github-actions-octo-repo also has inline policy extra (not created by setup; it may grant more than pushing)')
  await expect(direct.iam.send(new GetRolePolicyCommand({ RoleName: 'github-actions-octo-repo', PolicyName: 'extra' }))).resolves.toBeDefined()
})

test('a lifecycle answer the SDK cannot parse (moto 5.1 as it is) is reported and the policy set again', async () => {
  await setup()
  proxy().reset()
  // moto's own answer: lastEvaluatedAt as an ISO string where the SDK expects epoch seconds
  proxy().faults.push({ action: 'GetLifecyclePolicy', status: 200, body: JSON.stringify({ registryId: '123456789012', repositoryName: 'octo-repo', lifecyclePolicyText: '{"rules":[]}', lastEvaluatedAt: '2026-11-24T12:09:18Z' }) })
  const shown: string[] = []
  await runSetup(settingsFor(), viaProxy(), (t) => shown.push(t), () => {})
  expect(shown.join('')).toMatch(/~ update {5}lifecycle policy on octo-repo\n {17}the current policy could not be read \(the SDK could not parse ECR's GetLifecyclePolicy answer: Expected real number[^\n]*\); setting it again/)
  expect(proxy().writes()).toEqual(['PutLifecyclePolicy'])
})

test('the CLI: --json gives the outcome; exit 0', async () => {
  const out: string[] = []
  const err: string[] = []
  const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), ...edgesOf(viaProxy()), env: {}, cwd: process.cwd() }
  const code = await runCli(['setup', '--account-id', '123456789012', '--region', REGION, '--repository', 'octo-org/octo-repo', '--tags', 'v*', '--json'], io)
  expect(code).toBe(0)
  const json = JSON.parse(out.join('')) as Record<string, unknown>
  expect(json).toMatchObject({
    roleArn: 'arn:aws:iam::123456789012:role/github-actions-octo-repo',
    repositoryUri: '123456789012.dkr.ecr.us-east-1.amazonaws.com/octo-repo',
    applied: true, writes: 5, summary: '5 to create, 0 to update, 0 unchanged.',
  })
  expect(err.join('')).toContain('Plan for octo-org/octo-repo')
  const again: string[] = []
  expect(await runCli(['setup', '--account-id', '123456789012', '--region', REGION, '--repository', 'octo-org/octo-repo', '--tags', 'v*', '--json'], { ...io, stdout: (t) => again.push(t) })).toBe(0)
  expect(JSON.parse(again.join(''))).toMatchObject({ applied: false, writes: 0, summary: 'No changes: all 5 resources are as declared.' })
})

test('the CLI: an AWS failure exits 1 with the explanation', async () => {
  proxy().reset()
  proxy().faults.push({ action: 'GetRole', ...iamError('AccessDenied', 'not authorized to perform: iam:GetRole') })
  const err: string[] = []
  const code = await runCli(['setup', '--account-id', '123456789012', '--region', REGION, '--repository', 'octo-org/octo-repo'], { stdout: () => {}, stderr: (t) => err.push(t), ...edgesOf(viaProxy()), env: {}, cwd: process.cwd() })
  expect(code).toBe(1)
  expect(err.join('')).toMatch(/^error: Reading IAM role github-actions-octo-repo: iam:GetRole was denied[\s\S]*need iam:GetRole\. Nothing was changed\./)
  expect(proxy().writes()).toEqual([])
})

test('through the CLI\'s own clients, a hung and a reset IAM call are tried again and setup completes', async () => {
  const saved = { ...process.env }
  Object.assign(process.env, MOTO_ENV, { AWS_ENDPOINT_URL: proxy().url })
  try {
    proxy().reset()
    proxy().faults.push({ action: 'GetRole', kind: 'hang' }, { action: 'CreateRole', kind: 'reset' })
    const outcome = await runSetup(settingsFor(), { iam: await iamClient(REGION), ecr: await ecrClient(REGION), sts: await stsClient(REGION), ecs: await ecsClient(REGION) }, () => {}, () => {})
    expect(outcome.applied).toBe(true)
    // the reset CreateRole is tried again only after GetRole reads back that it did not happen (issue 18, row 13)
    expect(proxy().actions().filter((action) => action === 'GetRole' || action === 'CreateRole')).toEqual(['GetRole', 'GetRole', 'CreateRole', 'GetRole', 'CreateRole'])
    await expect(direct.iam.send(new GetRoleCommand({ RoleName: 'github-actions-octo-repo' }))).resolves.toBeDefined()
  } finally {
    process.env = saved
  }
}, 60_000)

test('a pull-only consumer: role and pull policy, no repository of its own, a missing source flagged; re-run changes nothing', async () => {
  await setup() // octo-repo exists: the repository the consumer pulls from
  const consumer = readSetupSettings({
    get: (name) => ({ 'account-id': '123456789012', region: REGION, 'pull-from': 'octo-repo\nnot-yet', 'pull-only': 'true' })[name] ?? '',
    githubRepository: 'octo-org/consumer',
  })
  const first = await setup(consumer)
  expect(first.writes).toEqual(['CreateRole', 'PutRolePolicy'])
  expect(first.text).toContain('  Notes:\n    ! ECR repository not-yet (pull-from) does not exist yet')
  const policy = await direct.iam.send(new GetRolePolicyCommand({ RoleName: 'github-actions-consumer', PolicyName: 'ecr-oidc-push-pull' }))
  expect(sameDocument(parsePolicyDocument(policy.PolicyDocument), pullPolicy('123456789012', REGION, ['octo-repo', 'not-yet']))).toBe(true)
  await expect(direct.iam.send(new GetRolePolicyCommand({ RoleName: 'github-actions-consumer', PolicyName: 'ecr-oidc-push' }))).rejects.toThrow(/NoSuchEntity|not attached/)
  await expect(direct.ecr.send(new DescribeRepositoriesCommand({ repositoryNames: ['consumer'] }))).rejects.toThrow(/RepositoryNotFound|does not exist/)
  expect((await setup(consumer)).writes).toEqual([])
})

test('ecs-service: a deploy policy passing exactly the task\'s roles; a missing service flagged; re-run changes nothing', async () => {
  await direct.ecs.send(new CreateClusterCommand({ clusterName: 'prod' }))
  const task = await direct.ecs.send(new RegisterTaskDefinitionCommand({
    family: 'web', executionRoleArn: 'arn:aws:iam::123456789012:role/web-exec', taskRoleArn: 'arn:aws:iam::123456789012:role/web-task',
    containerDefinitions: [{ name: 'app', image: 'x', memory: 128 }],
  }))
  await direct.ecs.send(new CreateServiceCommand({ cluster: 'prod', serviceName: 'web', taskDefinition: task.taskDefinition!.taskDefinitionArn, desiredCount: 1 }))
  const settings = settingsFor({ 'ecs-service': 'prod/web\nprod/later' })
  const first = await setup(settings)
  expect(first.writes).toEqual(['CreateOpenIDConnectProvider', 'CreateRole', 'PutRolePolicy', 'PutRolePolicy', 'CreateRepository', 'PutLifecyclePolicy'])
  expect(first.text).toContain('! ECS service prod/later (ecs-service) does not exist yet')
  const policy = await direct.iam.send(new GetRolePolicyCommand({ RoleName: 'github-actions-octo-repo', PolicyName: 'ecr-oidc-push-deploy' }))
  expect(sameDocument(parsePolicyDocument(policy.PolicyDocument), deployPolicy('123456789012', REGION, [
    { cluster: 'prod', service: 'web', passRoles: ['arn:aws:iam::123456789012:role/web-exec', 'arn:aws:iam::123456789012:role/web-task'] },
    { cluster: 'prod', service: 'later', passRoles: [] },
  ]))).toBe(true)
  expect((await setup(settings)).writes).toEqual([])
})

import { DescribeRepositoriesCommand, GetLifecyclePolicyCommand, GetRepositoryPolicyCommand, PutImageScanningConfigurationCommand } from '@aws-sdk/client-ecr'
import { GetRoleCommand, GetRolePolicyCommand, UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam'
import { parsePolicyDocument, sameDocument } from '../../src/diff.js'
import { lifecyclePolicy, pushPolicy, trustPolicy } from '../../src/setup/policies.js'
import { repositoryPolicy } from '../../src/setup/readers.js'
import { direct, settingsFor, setupHarness } from '../support/setup-harness.js'
import { REGION } from '../support/stack.js'

const { setup } = setupHarness()
const tiers = settingsFor({ tiers: 'main,dev,release', 'release-environment': 'release' })
const retention = { untaggedDays: 14, keepTagged: 200, devRetentionDays: 30 }

test('tiers: three roles and three repositories with their trust, push policy, mutability and lifecycle', async () => {
  const { writes } = await setup(tiers)
  expect(writes).toEqual(['CreateOpenIDConnectProvider', ...Array(3).fill(['CreateRole', 'PutRolePolicy', 'CreateRepository', 'PutLifecyclePolicy']).flat()])
  for (const [tier, suffix, mutability] of [['main', '', 'MUTABLE'], ['dev', '-dev', 'MUTABLE'], ['release', '-release', 'IMMUTABLE']] as const) {
    const [roleName, repositoryName] = [`github-actions-octo-repo${suffix}`, `octo-repo${suffix}`]
    const role = (await direct.iam.send(new GetRoleCommand({ RoleName: roleName }))).Role!
    expect(sameDocument(parsePolicyDocument(role.AssumeRolePolicyDocument), trustPolicy('123456789012', REGION, 'sts.amazonaws.com', tiers, tier))).toBe(true)
    const push = await direct.iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: 'ecr-oidc-push' }))
    expect(sameDocument(parsePolicyDocument(push.PolicyDocument), pushPolicy('123456789012', REGION, repositoryName, tier === 'release' ? 'octo-repo' : undefined))).toBe(true)
    const repository = (await direct.ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [repositoryName] }))).repositories![0]!
    expect(repository.imageTagMutability).toBe(mutability)
    const lifecycle = await direct.ecr.send(new GetLifecyclePolicyCommand({ repositoryName }))
    expect(sameDocument(JSON.parse(lifecycle.lifecyclePolicyText!), lifecyclePolicy(tier, retention))).toBe(true)
  }
  const release = (await direct.iam.send(new GetRoleCommand({ RoleName: 'github-actions-octo-repo-release' }))).Role!
  expect(parsePolicyDocument(release.AssumeRolePolicyDocument)).toMatchObject({
    Statement: [{ Condition: { StringEquals: { 'token.actions.githubusercontent.com:sub': 'repo:octo-org/octo-repo:environment:release' } } },
      { Condition: { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:octo-org/octo-repo:ref:refs/tags/v*' } } }],
  })
})

test('tiers: a re-run makes zero writes', async () => {
  await setup(tiers)
  const again = await setup(tiers)
  expect(again.writes).toEqual([])
  expect(again.text).toContain('No changes: all 13 resources are as declared.')
})

test('tiers: drift in one tier is repaired there, the other tiers untouched', async () => {
  await setup(tiers)
  await direct.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'github-actions-octo-repo-dev', PolicyDocument: JSON.stringify(trustPolicy('123456789012', REGION, 'sts.amazonaws.com', tiers, 'release')) }))
  await direct.ecr.send(new PutImageScanningConfigurationCommand({ repositoryName: 'octo-repo-dev', imageScanningConfiguration: { scanOnPush: false } }))
  const { writes, text } = await setup(tiers)
  expect(writes).toEqual(['UpdateAssumeRolePolicy', 'PutImageScanningConfiguration'])
  expect(text).toContain('~ update     IAM role github-actions-octo-repo-dev')
  expect(text).toContain('~ update     ECR repository octo-repo-dev')
  expect(text).toContain('2 to update, 11 unchanged.')
})

test('tiers added later: the existing main tier is left as it is', async () => {
  await setup()
  const { writes } = await setup(settingsFor({ tiers: 'main,dev' }))
  expect(writes).toEqual(['CreateRole', 'PutRolePolicy', 'CreateRepository', 'PutLifecyclePolicy'])
})

test('developers and consumers: repository policies on the tiers they reach; a re-run makes zero writes', async () => {
  const readers = settingsFor({ tiers: 'main,dev,release', developers: '210987654321', consumers: 'arn:aws:iam::333333333333:role/deployer' })
  const { writes, text } = await setup(readers)
  expect(writes.filter((call) => call === 'SetRepositoryPolicy')).toHaveLength(3)
  expect(text).toContain('| consumers: arn:aws:iam::333333333333:role/deployer | — | — | read |')
  const policyOf = async (repositoryName: string) => parsePolicyDocument((await direct.ecr.send(new GetRepositoryPolicyCommand({ repositoryName }))).policyText)
  expect(sameDocument(await policyOf('octo-repo-dev'), repositoryPolicy(readers, 'dev'))).toBe(true)
  expect(await policyOf('octo-repo-release')).toMatchObject({ Statement: [{ Sid: 'DevelopersPull', Principal: { AWS: 'arn:aws:iam::210987654321:root' } }, { Sid: 'ConsumersPull' }] })
  expect((await setup(readers)).writes).toEqual([])
})

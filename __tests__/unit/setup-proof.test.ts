// The trust and push policies proven by IAM policy evaluation (@cloud-copilot/iam-simulate), not by
// comparing strings. runUnsafeSimulation is used because the validating runSimulation drops the
// provider's `sub`/`aud` context keys for sts:AssumeRoleWithWebIdentity (they are missing from its action
// data), which would deny every case for the wrong reason; the allowed cases below prove the
// conditions are really read.
import { createValidatedPolicy, validateIdentityPolicy, validateResourcePolicy, validateTrustPolicy } from '@cloud-copilot/iam-policy'
import { runUnsafeSimulation } from '@cloud-copilot/iam-simulate'
import { deployPolicy } from '../../src/setup/deploy-policy.js'
import { type TrustSubjects, pullPolicy, pushPolicy, trustPolicy } from '../../src/setup/policies.js'
import { type Readers, repositoryPolicy } from '../../src/setup/readers.js'

const ACCOUNT = '123456789012'
const PROVIDER = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`
const ROLE = `arn:aws:iam::${ACCOUNT}:role/github-actions-octo-repo`
const subjects: TrustSubjects = {
  owner: 'octo-org', repo: 'octo-repo', ownerId: '1001', repositoryId: '2002', defaultBranch: 'main',
  branches: [], tagPatterns: [], environments: [], releaseTags: ['v*'],
}

function assume(policy: object, claims: { sub: string; aud?: string }, principal = PROVIDER): string {
  const validated = createValidatedPolicy(policy, validateTrustPolicy, { name: 'trust' })
  expect(validated.errors).toEqual([])
  return runUnsafeSimulation({
    request: {
      principal, action: 'sts:AssumeRoleWithWebIdentity', resource: { resource: ROLE, accountId: ACCOUNT },
      contextVariables: { 'token.actions.githubusercontent.com:sub': claims.sub, 'token.actions.githubusercontent.com:aud': claims.aud ?? 'sts.amazonaws.com' },
    },
    identityPolicies: [], serviceControlPolicies: [], resourceControlPolicies: [], resourcePolicy: validated,
  }, {})
}

describe('the default trust policy admits only the default branch of this repository', () => {
  const policy = trustPolicy(ACCOUNT, 'us-east-1', 'sts.amazonaws.com', subjects)
  test.each<[string, { sub: string; aud?: string }, string]>([
    ['a push to the default branch', { sub: 'repo:octo-org/octo-repo:ref:refs/heads/main' }, 'Allowed'],
    ['the same, immutable subject form', { sub: 'repo:octo-org@1001/octo-repo@2002:ref:refs/heads/main' }, 'Allowed'],
    ['a pull request', { sub: 'repo:octo-org/octo-repo:pull_request' }, 'ImplicitlyDenied'],
    ['another branch', { sub: 'repo:octo-org/octo-repo:ref:refs/heads/feature' }, 'ImplicitlyDenied'],
    ['a branch whose name starts like main', { sub: 'repo:octo-org/octo-repo:ref:refs/heads/main-evil' }, 'ImplicitlyDenied'],
    ['a tag (not asked for)', { sub: 'repo:octo-org/octo-repo:ref:refs/tags/v1.0.0' }, 'ImplicitlyDenied'],
    ['an environment (not asked for)', { sub: 'repo:octo-org/octo-repo:environment:production' }, 'ImplicitlyDenied'],
    ['another repository', { sub: 'repo:octo-org/other-repo:ref:refs/heads/main' }, 'ImplicitlyDenied'],
    ['the same name under another owner', { sub: 'repo:evil-org/octo-repo:ref:refs/heads/main' }, 'ImplicitlyDenied'],
    ['a recreated repository (new repository ID)', { sub: 'repo:octo-org@1001/octo-repo@9999:ref:refs/heads/main' }, 'ImplicitlyDenied'],
    ['a recreated owner (new owner ID)', { sub: 'repo:octo-org@7777/octo-repo@2002:ref:refs/heads/main' }, 'ImplicitlyDenied'],
    ['a wrong audience', { sub: 'repo:octo-org/octo-repo:ref:refs/heads/main', aud: 'https://github.com/octo-org' }, 'ImplicitlyDenied'],
  ])('%s → %s', (_, claims, expected) => expect(assume(policy, claims)).toBe(expected))

  test('a different identity provider is not trusted', () => {
    expect(assume(policy, { sub: 'repo:octo-org/octo-repo:ref:refs/heads/main' }, `arn:aws:iam::${ACCOUNT}:oidc-provider/gitlab.com`)).toBe('ImplicitlyDenied')
  })
})

describe('what the user adds is all that is added', () => {
  const policy = trustPolicy(ACCOUNT, 'us-east-1', 'sts.amazonaws.com', { ...subjects, branches: ['release/*'], tagPatterns: ['v*'], environments: ['production'] })
  test.each<[string, string, string]>([
    ['a release branch (StringLike)', 'repo:octo-org/octo-repo:ref:refs/heads/release/2.0', 'Allowed'],
    ['a release branch, immutable form', 'repo:octo-org@1001/octo-repo@2002:ref:refs/heads/release/2.0', 'Allowed'],
    ['a v tag', 'repo:octo-org/octo-repo:ref:refs/tags/v1.2.3', 'Allowed'],
    ['the production environment', 'repo:octo-org/octo-repo:environment:production', 'Allowed'],
    ['the default branch still', 'repo:octo-org/octo-repo:ref:refs/heads/main', 'Allowed'],
    ['a tag that is not v*', 'repo:octo-org/octo-repo:ref:refs/tags/nightly', 'ImplicitlyDenied'],
    ['a branch that is not release/*', 'repo:octo-org/octo-repo:ref:refs/heads/releases', 'ImplicitlyDenied'],
    ['a staging environment', 'repo:octo-org/octo-repo:environment:staging', 'ImplicitlyDenied'],
    ['a pull request still', 'repo:octo-org/octo-repo:pull_request', 'ImplicitlyDenied'],
    ['another owner\'s release branch', 'repo:evil-org/octo-repo:ref:refs/heads/release/2.0', 'ImplicitlyDenied'],
    ['a recreated repository\'s release branch', 'repo:octo-org@1001/octo-repo@9999:ref:refs/heads/release/2.0', 'ImplicitlyDenied'],
  ])('%s → %s', (_, sub, expected) => expect(assume(policy, { sub })).toBe(expected))

  test('a pattern does not loosen the audience', () => {
    expect(assume(policy, { sub: 'repo:octo-org/octo-repo:ref:refs/heads/release/2.0', aud: 'other' })).toBe('ImplicitlyDenied')
  })
})

describe('tiers: each role admits its own refs only', () => {
  const dev = trustPolicy(ACCOUNT, 'us-east-1', 'sts.amazonaws.com', subjects, 'dev')
  const release = trustPolicy(ACCOUNT, 'us-east-1', 'sts.amazonaws.com', { ...subjects, releaseTags: ['v*'], releaseEnvironment: 'release' }, 'release')
  const main = trustPolicy(ACCOUNT, 'us-east-1', 'sts.amazonaws.com', subjects, 'main')
  const environmentOnly = trustPolicy(ACCOUNT, 'us-east-1', 'sts.amazonaws.com', { ...subjects, releaseTags: [], releaseEnvironment: 'release' }, 'release')
  const repo = 'repo:octo-org/octo-repo'
  test.each<[string, object, string, string]>([
    ['dev: a feature branch', dev, `${repo}:ref:refs/heads/feature/x`, 'Allowed'],
    ['dev: a feature branch, immutable form', dev, 'repo:octo-org@1001/octo-repo@2002:ref:refs/heads/feature/x', 'Allowed'],
    ['dev: the default branch is a branch too', dev, `${repo}:ref:refs/heads/main`, 'Allowed'],
    ['dev: a tag', dev, `${repo}:ref:refs/tags/v1.0.0`, 'ImplicitlyDenied'],
    ['dev: a pull request', dev, `${repo}:pull_request`, 'ImplicitlyDenied'],
    ['dev: an environment', dev, `${repo}:environment:production`, 'ImplicitlyDenied'],
    ['dev: another repository\'s branch', dev, 'repo:octo-org/octo-repo-fork:ref:refs/heads/x', 'ImplicitlyDenied'],
    ['dev: a recreated repository\'s branch', dev, 'repo:octo-org@1001/octo-repo@9999:ref:refs/heads/x', 'ImplicitlyDenied'],
    ['release: a v tag', release, `${repo}:ref:refs/tags/v1.2.3`, 'Allowed'],
    ['release: a v tag, immutable form', release, 'repo:octo-org@1001/octo-repo@2002:ref:refs/tags/v1.2.3', 'Allowed'],
    ['release: a job in the release environment', release, `${repo}:environment:release`, 'Allowed'],
    ['release: a tag that is not v*', release, `${repo}:ref:refs/tags/nightly`, 'ImplicitlyDenied'],
    ['release: the default branch', release, `${repo}:ref:refs/heads/main`, 'ImplicitlyDenied'],
    ['release: a branch named like a release', release, `${repo}:ref:refs/heads/v1.2.3`, 'ImplicitlyDenied'],
    ['release: a pull request', release, `${repo}:pull_request`, 'ImplicitlyDenied'],
    ['release: another environment', release, `${repo}:environment:staging`, 'ImplicitlyDenied'],
    ['release, environment alone: a job in it', environmentOnly, `${repo}:environment:release`, 'Allowed'],
    ['release, environment alone: a v tag', environmentOnly, `${repo}:ref:refs/tags/v1.2.3`, 'ImplicitlyDenied'],
    ['main: a feature branch', main, `${repo}:ref:refs/heads/feature/x`, 'ImplicitlyDenied'],
    ['main: a release tag', main, `${repo}:ref:refs/tags/v1.2.3`, 'ImplicitlyDenied'],
  ])('%s → %s', (_, policy, sub, expected) => expect(assume(policy, { sub })).toBe(expected))

  const repoArn = (name: string) => `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/${name}`
  const push = (repository: string, target: string) => runUnsafeSimulation({
    request: { principal: `arn:aws:sts::${ACCOUNT}:assumed-role/r/run`, action: 'ecr:PutImage', resource: { resource: repoArn(target), accountId: ACCOUNT }, contextVariables: {} },
    identityPolicies: [{ name: 'push', policy: createValidatedPolicy(pushPolicy(ACCOUNT, 'us-east-1', repository), validateIdentityPolicy, { name: 'push' }) }],
    serviceControlPolicies: [], resourceControlPolicies: [],
  }, {})
  test.each<[string, string, string]>([
    ['octo-repo-dev', 'octo-repo-dev', 'Allowed'], ['octo-repo-dev', 'octo-repo', 'ImplicitlyDenied'], ['octo-repo-dev', 'octo-repo-release', 'ImplicitlyDenied'],
    ['octo-repo-release', 'octo-repo-release', 'Allowed'], ['octo-repo-release', 'octo-repo', 'ImplicitlyDenied'], ['octo-repo-release', 'octo-repo-dev', 'ImplicitlyDenied'],
    ['octo-repo', 'octo-repo-dev', 'ImplicitlyDenied'], ['octo-repo', 'octo-repo-release', 'ImplicitlyDenied'],
  ])('the role of %s pushing to %s → %s', (repository, target, expected) => expect(push(repository, target)).toBe(expected))
})

describe("the release role's push policy: it also reads the main tier, to promote from it and read its cache", () => {
  const policy = createValidatedPolicy(pushPolicy(ACCOUNT, 'us-east-1', 'octo-repo-release', 'octo-repo'), validateIdentityPolicy, { name: 'push' })
  const repo = (name: string) => `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/${name}`
  const evaluate = (action: string, resource: string) => runUnsafeSimulation({
    request: { principal: `arn:aws:sts::${ACCOUNT}:assumed-role/github-actions-octo-repo-release/run`, action, resource: { resource, accountId: ACCOUNT }, contextVariables: {} },
    identityPolicies: [{ name: 'push', policy }], serviceControlPolicies: [], resourceControlPolicies: [],
  }, {})
  test('is valid', () => expect(policy.errors).toEqual([]))
  test.each<[string, string, string]>([
    ['ecr:PutImage', repo('octo-repo-release'), 'Allowed'],
    ['ecr:BatchGetImage', repo('octo-repo'), 'Allowed'],
    ['ecr:GetDownloadUrlForLayer', repo('octo-repo'), 'Allowed'],
    ['ecr:BatchCheckLayerAvailability', repo('octo-repo'), 'Allowed'],
    ['ecr:DescribeRepositories', repo('octo-repo'), 'Allowed'],
    ['ecr:PutImage', repo('octo-repo'), 'ImplicitlyDenied'],
    ['ecr:InitiateLayerUpload', repo('octo-repo'), 'ImplicitlyDenied'],
    ['ecr:CompleteLayerUpload', repo('octo-repo'), 'ImplicitlyDenied'],
    ['ecr:BatchGetImage', repo('octo-repo-dev'), 'ImplicitlyDenied'],
  ])('%s on %s → %s', (action, resource, expected) => expect(evaluate(action, resource)).toBe(expected))
})

describe('the push policy', () => {
  const policy = createValidatedPolicy(pushPolicy(ACCOUNT, 'us-east-1', 'octo-repo'), validateIdentityPolicy, { name: 'push' })
  const repo = (name: string) => `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/${name}`
  const evaluate = (action: string, resource: string) => runUnsafeSimulation({
    request: { principal: `arn:aws:sts::${ACCOUNT}:assumed-role/github-actions-octo-repo/run`, action, resource: { resource, accountId: ACCOUNT }, contextVariables: {} },
    identityPolicies: [{ name: 'push', policy }], serviceControlPolicies: [], resourceControlPolicies: [],
  }, {})

  test('is valid', () => expect(policy.errors).toEqual([]))
  test.each<[string, string, string]>([
    ['ecr:GetAuthorizationToken', '*', 'Allowed'],
    ['ecr:PutImage', repo('octo-repo'), 'Allowed'],
    ['ecr:InitiateLayerUpload', repo('octo-repo'), 'Allowed'],
    ['ecr:UploadLayerPart', repo('octo-repo'), 'Allowed'],
    ['ecr:CompleteLayerUpload', repo('octo-repo'), 'Allowed'],
    ['ecr:BatchCheckLayerAvailability', repo('octo-repo'), 'Allowed'],
    ['ecr:BatchGetImage', repo('octo-repo'), 'Allowed'],
    ['ecr:GetDownloadUrlForLayer', repo('octo-repo'), 'Allowed'],
    ['ecr:DescribeRepositories (pre-flight)', repo('octo-repo'), 'Allowed'],
    ['ecr:DescribeImages (pre-flight)', repo('octo-repo'), 'Allowed'],
    ['ecr:DescribeImages (pre-flight)', repo('other-repo'), 'ImplicitlyDenied'],
    ['ecr:PutImage', repo('other-repo'), 'ImplicitlyDenied'],
    ['ecr:InitiateLayerUpload', repo('octo-repo-2'), 'ImplicitlyDenied'],
    ['ecr:DeleteRepository', repo('octo-repo'), 'ImplicitlyDenied'],
    ['ecr:BatchDeleteImage', repo('octo-repo'), 'ImplicitlyDenied'],
    ['ecr:SetRepositoryPolicy', repo('octo-repo'), 'ImplicitlyDenied'],
    ['iam:CreateRole', `arn:aws:iam::${ACCOUNT}:role/x`, 'ImplicitlyDenied'],
  ])('%s on %s → %s', (action, resource, expected) => expect(evaluate(action.split(' ')[0]!, resource)).toBe(expected))
})

describe('the pull policy of a consumer', () => {
  const policy = createValidatedPolicy(pullPolicy(ACCOUNT, 'us-east-1', ['team/base', 'tools']), validateIdentityPolicy, { name: 'pull' })
  const repo = (name: string) => `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/${name}`
  const evaluate = (action: string, resource: string) => runUnsafeSimulation({
    request: { principal: `arn:aws:sts::${ACCOUNT}:assumed-role/github-actions-consumer/run`, action, resource: { resource, accountId: ACCOUNT }, contextVariables: {} },
    identityPolicies: [{ name: 'pull', policy }], serviceControlPolicies: [], resourceControlPolicies: [],
  }, {})

  test('is valid', () => expect(policy.errors).toEqual([]))
  test.each<[string, string, string]>([
    ['ecr:GetAuthorizationToken', '*', 'Allowed'],
    ...['team/base', 'tools'].flatMap((name): Array<[string, string, string]> => [
      ['ecr:BatchGetImage', repo(name), 'Allowed'],
      ['ecr:GetDownloadUrlForLayer', repo(name), 'Allowed'],
      ['ecr:BatchCheckLayerAvailability', repo(name), 'Allowed'],
    ]),
    ...['ecr:PutImage', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload', 'ecr:BatchDeleteImage', 'ecr:DeleteRepository', 'ecr:SetRepositoryPolicy']
      .map((action): [string, string, string] => [action, repo('tools'), 'ImplicitlyDenied']),
    ['ecr:BatchGetImage', repo('other'), 'ImplicitlyDenied'],
    ['ecr:BatchGetImage', repo('team/base-2'), 'ImplicitlyDenied'],
    ['ecr:GetDownloadUrlForLayer', repo('team'), 'ImplicitlyDenied'],
    ['ecr:BatchGetImage', 'arn:aws:ecr:us-east-1:210987654321:repository/tools', 'ImplicitlyDenied'],
  ])('%s on %s → %s', (action, resource, expected) => expect(evaluate(action, resource)).toBe(expected))
})

describe('the deploy policy for ecs-service prod/web', () => {
  const roles = [`arn:aws:iam::${ACCOUNT}:role/web-exec`, `arn:aws:iam::${ACCOUNT}:role/web-task`]
  const policy = createValidatedPolicy(deployPolicy(ACCOUNT, 'us-east-1', [{ cluster: 'prod', service: 'web', passRoles: roles }]), validateIdentityPolicy, { name: 'deploy' })
  const service = (cluster: string, name: string) => `arn:aws:ecs:us-east-1:${ACCOUNT}:service/${cluster}/${name}`
  const evaluate = (action: string, resource: string, passedTo?: string) => runUnsafeSimulation({
    request: {
      principal: `arn:aws:sts::${ACCOUNT}:assumed-role/github-actions-octo-repo/run`, action, resource: { resource, accountId: ACCOUNT },
      contextVariables: passedTo ? { 'iam:PassedToService': passedTo } : {},
    },
    identityPolicies: [{ name: 'deploy', policy }], serviceControlPolicies: [], resourceControlPolicies: [],
  }, {})

  test('is valid', () => expect(policy.errors).toEqual([]))
  test.each<[string, string, string | undefined, string]>([
    ['ecs:DescribeServices', service('prod', 'web'), undefined, 'Allowed'],
    ['ecs:UpdateService', service('prod', 'web'), undefined, 'Allowed'],
    ['ecs:RegisterTaskDefinition', '*', undefined, 'Allowed'],
    ['ecs:DescribeTaskDefinition', '*', undefined, 'Allowed'],
    ['iam:PassRole', roles[0]!, 'ecs-tasks.amazonaws.com', 'Allowed'],
    ['iam:PassRole', roles[1]!, 'ecs-tasks.amazonaws.com', 'Allowed'],
    ['ecs:UpdateService', service('prod', 'api'), undefined, 'ImplicitlyDenied'],
    ['ecs:UpdateService', service('staging', 'web'), undefined, 'ImplicitlyDenied'],
    ['ecs:DeleteService', service('prod', 'web'), undefined, 'ImplicitlyDenied'],
    ['ecs:CreateService', service('prod', 'web2'), undefined, 'ImplicitlyDenied'],
    ['iam:PassRole', `arn:aws:iam::${ACCOUNT}:role/admin`, 'ecs-tasks.amazonaws.com', 'ImplicitlyDenied'],
    ['iam:PassRole', roles[0]!, 'ec2.amazonaws.com', 'ImplicitlyDenied'],
    ['iam:PassRole', roles[1]!, undefined, 'ImplicitlyDenied'],
  ])('%s on %s (passed to %s) → %s', (action, resource, passedTo, expected) => expect(evaluate(action, resource, passedTo)).toBe(expected))
})

describe('the reader matrix: ECR repository policies for developers and consumers', () => {
  const DEVELOPER = 'arn:aws:iam::210987654321:role/developer'
  const CONSUMER = 'arn:aws:iam::333333333333:root'
  const STRANGER = 'arn:aws:iam::444444444444:role/someone'
  const readers: Readers = { tiers: ['main', 'dev', 'release'], developers: [DEVELOPER], consumers: [CONSUMER] }
  const repoArn = (tier: string) => `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/octo-repo${tier === 'main' ? '' : `-${tier}`}`
  // the other accounts grant their own principals everything in ECR: the repository policy alone decides
  const theirOwn = createValidatedPolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ecr:*', Resource: '*' }] }, validateIdentityPolicy, { name: 'theirs' })
  const evaluate = (principal: string, action: string, tier: 'main' | 'dev' | 'release', withReaders = readers) => {
    const document = repositoryPolicy(withReaders, tier)
    const resourcePolicy = document && createValidatedPolicy(document, validateResourcePolicy, { name: 'repository' })
    if (resourcePolicy) expect(resourcePolicy.errors).toEqual([])
    return runUnsafeSimulation({
      request: { principal, action, resource: { resource: repoArn(tier), accountId: ACCOUNT }, contextVariables: {} },
      identityPolicies: [{ name: 'theirs', policy: theirOwn }], serviceControlPolicies: [], resourceControlPolicies: [], ...(resourcePolicy ? { resourcePolicy } : {}),
    }, {})
  }
  test.each<[string, string, string, 'main' | 'dev' | 'release', string]>([
    ['developers pull main', DEVELOPER, 'ecr:BatchGetImage', 'main', 'Allowed'],
    ['developers pull dev', DEVELOPER, 'ecr:GetDownloadUrlForLayer', 'dev', 'Allowed'],
    ['developers pull release', DEVELOPER, 'ecr:BatchGetImage', 'release', 'Allowed'],
    ['developers push dev', DEVELOPER, 'ecr:PutImage', 'dev', 'Allowed'],
    ['developers cannot push main', DEVELOPER, 'ecr:PutImage', 'main', 'ImplicitlyDenied'],
    ['developers cannot push release', DEVELOPER, 'ecr:InitiateLayerUpload', 'release', 'ImplicitlyDenied'],
    ['developers cannot delete dev images', DEVELOPER, 'ecr:BatchDeleteImage', 'dev', 'ImplicitlyDenied'],
    ['consumers pull release', CONSUMER, 'ecr:BatchGetImage', 'release', 'Allowed'],
    ['consumers cannot pull dev', CONSUMER, 'ecr:BatchGetImage', 'dev', 'ImplicitlyDenied'],
    ['consumers cannot pull main while there is a release tier', CONSUMER, 'ecr:BatchGetImage', 'main', 'ImplicitlyDenied'],
    ['consumers cannot push release', CONSUMER, 'ecr:PutImage', 'release', 'ImplicitlyDenied'],
    ['anyone else pulls nothing', STRANGER, 'ecr:BatchGetImage', 'release', 'ImplicitlyDenied'],
  ])('%s', (_, principal, action, tier, expected) => expect(evaluate(principal, action, tier)).toBe(expected))

  test('without a release tier, consumers pull main (and still not dev)', () => {
    const twoTiers: Readers = { ...readers, tiers: ['main', 'dev'] }
    expect(evaluate(CONSUMER, 'ecr:BatchGetImage', 'main', twoTiers)).toBe('Allowed')
    expect(evaluate(CONSUMER, 'ecr:BatchGetImage', 'dev', twoTiers)).toBe('ImplicitlyDenied')
  })
})

/** The same evaluation for a provider of another issuer: its ARN and its condition keys carry its host and path. */
function assumeFrom(issuerKey: string, policy: object, sub: string, principal = `arn:aws:iam::${ACCOUNT}:oidc-provider/${issuerKey}`): string {
  const validated = createValidatedPolicy(policy, validateTrustPolicy, { name: 'trust' })
  expect(validated.errors).toEqual([])
  return runUnsafeSimulation({
    request: {
      principal, action: 'sts:AssumeRoleWithWebIdentity', resource: { resource: ROLE, accountId: ACCOUNT },
      contextVariables: { [`${issuerKey}:sub`]: sub, [`${issuerKey}:aud`]: 'sts.amazonaws.com' },
    },
    identityPolicies: [], serviceControlPolicies: [], resourceControlPolicies: [], resourcePolicy: validated,
  }, {})
}

describe('an enterprise issuer: its provider and its condition keys, no other', () => {
  test.each<[string, string]>([
    ['GitHub Enterprise Cloud with a unique issuer', 'https://token.actions.githubusercontent.com/acme-ent'],
    ['GitHub Enterprise Server', 'https://ghes.example.com/_services/token'],
  ])('%s', (_, issuer) => {
    const key = issuer.replace('https://', '')
    const policy = trustPolicy(ACCOUNT, 'us-east-1', 'sts.amazonaws.com', { ...subjects, oidcIssuer: issuer })
    expect(assumeFrom(key, policy, 'repo:octo-org/octo-repo:ref:refs/heads/main')).toBe('Allowed')
    expect(assumeFrom(key, policy, 'repo:octo-org@1001/octo-repo@2002:ref:refs/heads/main')).toBe('Allowed')
    expect(assumeFrom(key, policy, 'repo:octo-org/octo-repo:ref:refs/heads/feature')).toBe('ImplicitlyDenied')
    // github.com's tokens (its provider, its keys) are not this enterprise's
    expect(assumeFrom('token.actions.githubusercontent.com', policy, 'repo:octo-org/octo-repo:ref:refs/heads/main')).toBe('ImplicitlyDenied')
    // this provider with github.com's condition keys (the trust a hard-coded issuer wrote) never matches
    expect(assume(trustPolicy(ACCOUNT, 'us-east-1', 'sts.amazonaws.com', subjects), { sub: 'repo:octo-org/octo-repo:ref:refs/heads/main' }, `arn:aws:iam::${ACCOUNT}:oidc-provider/${key}`)).toBe('ImplicitlyDenied')
  })
})

describe('a customized subject template: the trust in its form, both the name and the immutable form', () => {
  const workflow = (ref: string) => `job_workflow_ref:octo-org/octo-repo/.github/workflows/ci.yml@${ref}`
  const main = trustPolicy(ACCOUNT, 'us-east-1', 'sts.amazonaws.com', { ...subjects, subClaimKeys: ['repo', 'context', 'job_workflow_ref'], environments: ['production'] })
  const key = 'token.actions.githubusercontent.com'
  test.each<[string, string, string]>([
    ['the default branch', `repo:octo-org/octo-repo:ref:refs/heads/main:${workflow('refs/heads/main')}`, 'Allowed'],
    ['the default branch, immutable form', `repo:octo-org@1001/octo-repo@2002:ref:refs/heads/main:${workflow('refs/heads/main')}`, 'Allowed'],
    ['the production environment, any ref of its workflow', `repo:octo-org/octo-repo:environment:production:${workflow('refs/tags/v1')}`, 'Allowed'],
    ['another workflow file of this repository', 'repo:octo-org/octo-repo:ref:refs/heads/main:job_workflow_ref:octo-org/octo-repo/.github/workflows/deploy.yml@refs/heads/main', 'Allowed'],
    ['a reusable workflow of another repository', 'repo:octo-org/octo-repo:ref:refs/heads/main:job_workflow_ref:evil-org/tools/.github/workflows/x.yml@refs/heads/main', 'ImplicitlyDenied'],
    ['another branch', `repo:octo-org/octo-repo:ref:refs/heads/feature:${workflow('refs/heads/feature')}`, 'ImplicitlyDenied'],
    ['the default form (the template no longer applies)', 'repo:octo-org/octo-repo:ref:refs/heads/main', 'ImplicitlyDenied'],
    ['another repository', 'repo:octo-org/other:ref:refs/heads/main:job_workflow_ref:octo-org/other/.github/workflows/ci.yml@refs/heads/main', 'ImplicitlyDenied'],
    ['a recreated repository (new ID)', `repo:octo-org@1001/octo-repo@9999:ref:refs/heads/main:${workflow('refs/heads/main')}`, 'ImplicitlyDenied'],
  ])('%s → %s', (_, sub, expected) => expect(assumeFrom(key, main, sub)).toBe(expected))

  test('an inherited organization template of the owner ID: that owner, these refs', () => {
    const policy = trustPolicy(ACCOUNT, 'us-east-1', 'sts.amazonaws.com', { ...subjects, subClaimKeys: ['repository_owner_id', 'context'] }, 'main')
    expect(assumeFrom(key, policy, 'repository_owner_id:1001:ref:refs/heads/main')).toBe('Allowed')
    expect(assumeFrom(key, policy, 'repository_owner_id:1001:ref:refs/heads/feature')).toBe('ImplicitlyDenied')
    expect(assumeFrom(key, policy, 'repository_owner_id:7777:ref:refs/heads/main')).toBe('ImplicitlyDenied')
  })

  test('the dev tier in a template: any branch, never a tag, never another repository', () => {
    const dev = trustPolicy(ACCOUNT, 'us-east-1', 'sts.amazonaws.com', { ...subjects, subClaimKeys: ['repo', 'context', 'job_workflow_ref'] }, 'dev')
    expect(assumeFrom(key, dev, `repo:octo-org/octo-repo:ref:refs/heads/feature/x:${workflow('refs/heads/feature/x')}`)).toBe('Allowed')
    expect(assumeFrom(key, dev, `repo:octo-org/octo-repo:ref:refs/tags/v1:${workflow('refs/tags/v1')}`)).toBe('ImplicitlyDenied')
    expect(assumeFrom(key, dev, `repo:octo-org/other:ref:refs/heads/feature:${workflow('refs/heads/feature')}`)).toBe('ImplicitlyDenied')
  })
})

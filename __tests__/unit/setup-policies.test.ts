import {
  type TrustSubjects, lifecyclePolicy, movingTagFilters, oidcProviderArn, pushPolicy, tagMutability, trustPolicy, trustedSubjects,
} from '../../src/setup/policies.js'

const base: TrustSubjects = { owner: 'octo-org', repo: 'octo-repo', defaultBranch: 'main', branches: [], tagPatterns: [], environments: [], releaseTags: ['v*'] }

describe('trustedSubjects', () => {
  test.each<[string, Partial<TrustSubjects>, { exact: string[]; patterns: string[] }]>([
    ['the default branch only', {}, { exact: ['repo:octo-org/octo-repo:ref:refs/heads/main'], patterns: [] }],
    ['another default branch', { defaultBranch: 'trunk' }, { exact: ['repo:octo-org/octo-repo:ref:refs/heads/trunk'], patterns: [] }],
    ['branches, exact and patterns', { branches: ['develop', 'release/*'] }, {
      exact: ['repo:octo-org/octo-repo:ref:refs/heads/main', 'repo:octo-org/octo-repo:ref:refs/heads/develop'],
      patterns: ['repo:octo-org/octo-repo:ref:refs/heads/release/*'],
    }],
    ['tags and environments', { tagPatterns: ['v*'], environments: ['production'] }, {
      exact: ['repo:octo-org/octo-repo:ref:refs/heads/main', 'repo:octo-org/octo-repo:environment:production'],
      patterns: ['repo:octo-org/octo-repo:ref:refs/tags/v*'],
    }],
    ['with IDs, the immutable form too, never a wildcard for an ID', { ownerId: '11', repositoryId: '22' }, {
      exact: ['repo:octo-org/octo-repo:ref:refs/heads/main', 'repo:octo-org@11/octo-repo@22:ref:refs/heads/main'], patterns: [],
    }],
    ['the default branch listed again is not doubled', { branches: ['main'] }, { exact: ['repo:octo-org/octo-repo:ref:refs/heads/main'], patterns: [] }],
  ])('%s', (_, override, expected) => expect(trustedSubjects({ ...base, ...override })).toEqual(expected))
})

describe('trustPolicy', () => {
  const provider = 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com'
  test('one statement, StringEquals on aud and sub, no wildcard', () => {
    expect(trustPolicy('123456789012', 'us-east-1', 'sts.amazonaws.com', base)).toEqual({
      Version: '2012-10-17',
      Statement: [{
        Sid: 'GitHubActions', Effect: 'Allow', Principal: { Federated: provider }, Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com', 'token.actions.githubusercontent.com:sub': 'repo:octo-org/octo-repo:ref:refs/heads/main' } },
      }],
    })
  })

  test('patterns get their own StringLike statement; the exact one stays StringEquals', () => {
    const doc = trustPolicy('123456789012', 'us-east-1', 'sts.amazonaws.com', { ...base, branches: ['release/*'] })
    expect(doc.Statement).toHaveLength(2)
    expect(doc.Statement[0]!['Condition']).toEqual({ StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com', 'token.actions.githubusercontent.com:sub': 'repo:octo-org/octo-repo:ref:refs/heads/main' } })
    expect(doc.Statement[1]!['Condition']).toEqual({
      StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
      StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:octo-org/octo-repo:ref:refs/heads/release/*' },
    })
  })

  test('the provider ARN follows the partition', () => {
    expect(oidcProviderArn('123456789012', 'cn-north-1')).toBe('arn:aws-cn:iam::123456789012:oidc-provider/token.actions.githubusercontent.com')
  })
})

test('the push policy: login on *, push and pull on one repository, nothing else', () => {
  expect(pushPolicy('123456789012', 'eu-west-1', 'octo-repo')).toEqual({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'EcrLogin', Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
      {
        Sid: 'PushAndPullThisRepository', Effect: 'Allow',
        Action: [
          'ecr:BatchCheckLayerAvailability', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload', 'ecr:PutImage', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer',
          'ecr:DescribeRepositories', 'ecr:DescribeImages',
        ],
        Resource: 'arn:aws:ecr:eu-west-1:123456789012:repository/octo-repo',
      },
    ],
  })
})

const caches = { tagStatus: 'tagged', tagPatternList: ['buildcache-*'], countType: 'imageCountMoreThan', countNumber: 50 }
test.each<[string, 'main' | 'dev' | 'release', object[]]>([
  ['main: layer caches apart, untagged after N days, keep the last M tagged', 'main', [
    caches, { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 14 },
    { tagStatus: 'tagged', tagPatternList: ['*'], countType: 'imageCountMoreThan', countNumber: 200 },
  ]],
  ['dev: untagged after a day, every image after the retention days', 'dev', [
    caches, { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 1 },
    { tagStatus: 'tagged', tagPatternList: ['*'], countType: 'sinceImagePushed', countUnit: 'days', countNumber: 30 },
  ]],
  ['release: untagged after N days, tagged images kept forever', 'release', [
    caches, { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 14 },
  ]],
])('the lifecycle policy, %s', (_, tier, selections) => {
  const rules = (lifecyclePolicy(tier, { untaggedDays: 14, keepTagged: 200, devRetentionDays: 30 }) as { rules: Array<{ rulePriority: number; selection: object }> }).rules
  expect(rules.map((rule) => rule.selection)).toEqual(selections)
  expect(rules.map((rule) => rule.rulePriority)).toEqual(selections.map((_, i) => i + 1))
})

test.each<[string, 'main' | 'dev' | 'release', boolean, { mutability: string; exclusions: string[] }]>([
  ['main, mutable by default', 'main', false, { mutability: 'MUTABLE', exclusions: [] }],
  ['main, immutable but for the moving tags', 'main', true, { mutability: 'IMMUTABLE_WITH_EXCLUSION', exclusions: ['latest', 'main'] }],
  ['dev: always mutable (branch tags move)', 'dev', true, { mutability: 'MUTABLE', exclusions: [] }],
  ['release: always immutable, no moving tags', 'release', false, { mutability: 'IMMUTABLE', exclusions: [] }],
])('tag mutability: %s', (_, tier, immutableTags, expected) => {
  expect(tagMutability(tier, immutableTags, ['latest', 'main'])).toEqual(expected)
})

test.each<[string, string[], string[]]>([
  ['main', [], ['latest', 'buildcache-*', 'main']],
  ['main', ['release/*', 'hotfix?'], ['latest', 'buildcache-*', 'main', 'release-*', 'hotfix*']],
  ['feature/x', ['main'], ['latest', 'buildcache-*', 'feature-x', 'main']],
])('movingTagFilters(%s, %j) → %j', (defaultBranch, branches, expected) => {
  expect(movingTagFilters(defaultBranch, branches)).toEqual(expected)
  for (const filter of expected) expect(filter).toMatch(/^[0-9a-zA-Z._*-]{1,128}$/)
})

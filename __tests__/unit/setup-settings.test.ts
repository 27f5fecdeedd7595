import { InputError } from '../../src/errors.js'
import { type SetupSource, readSetupSettings } from '../../src/setup/settings.js'

const source = (inputs: Record<string, string>, extra: Partial<SetupSource> = {}): SetupSource => ({
  get: (name) => inputs[name] ?? '', githubRepository: 'octo-org/Octo.Repo', ...extra,
})
const valid = { 'account-id': '123456789012', region: 'us-east-1' }
function problemsOf(inputs: Record<string, string>, extra: Partial<SetupSource> = {}): string[] {
  try {
    readSetupSettings(source({ ...valid, ...inputs }, extra))
    return []
  } catch (error) {
    if (error instanceof InputError) return error.problems
    throw error
  }
}

test('defaults: the convention, the default branch, 1 h sessions, 14 days / 200 tags', () => {
  expect(readSetupSettings(source(valid))).toEqual({
    mode: 'setup', accountId: '123456789012', region: 'us-east-1', githubRepository: 'octo-org/Octo.Repo', owner: 'octo-org',
    repo: 'Octo.Repo', repository: 'octo.repo', roleName: 'github-actions-Octo.Repo', defaultBranch: 'main', branches: [],
    tagPatterns: [], environments: [], audience: 'sts.amazonaws.com', oidcIssuer: 'https://token.actions.githubusercontent.com', maxSessionDuration: 3600, immutableTags: false,
    untaggedDays: 14, keepTagged: 200, dryRun: false, pullFrom: [], pullOnly: false, ecsServices: [],
    tiers: ['main'], units: [{ tier: 'main', roleName: 'github-actions-Octo.Repo', repository: 'octo.repo' }], releaseTags: ['v*'], devRetentionDays: 30, developers: [], consumers: [],
  })
})

test('tiers: each a role and a repository named by the one convention, in the order main, dev, release', () => {
  const settings = readSetupSettings(source({ ...valid, tiers: 'release, dev,main', 'release-tags': 'v*\nrefs/tags/r-*', 'release-environment': 'production', 'dev-retention-days': '7' }))
  expect(settings).toMatchObject({
    tiers: ['main', 'dev', 'release'], releaseTags: ['v*', 'r-*'], releaseEnvironment: 'production', devRetentionDays: 7,
    units: [
      { tier: 'main', roleName: 'github-actions-Octo.Repo', repository: 'octo.repo' },
      { tier: 'dev', roleName: 'github-actions-Octo.Repo-dev', repository: 'octo.repo-dev' },
      { tier: 'release', roleName: 'github-actions-Octo.Repo-release', repository: 'octo.repo-release' },
    ],
  })
  // the release environment alone
  expect(readSetupSettings(source({ ...valid, tiers: 'release', 'release-tags': 'none', 'release-environment': 'production' }))).toMatchObject({ releaseTags: [], releaseEnvironment: 'production' })
  // given names take the tier's suffix too
  expect(readSetupSettings(source({ ...valid, tiers: 'dev', 'role-name': 'ci', repository: 'team/app' })).units).toEqual([{ tier: 'dev', roleName: 'ci-dev', repository: 'team/app-dev' }])
})

test('developers and consumers: account IDs become account principals, ARNs stay, repeats go', () => {
  expect(readSetupSettings(source({ ...valid, developers: '210987654321, arn:aws:iam::210987654321:role/dev', consumers: '333333333333\n333333333333' }))).toMatchObject({
    developers: ['arn:aws:iam::210987654321:root', 'arn:aws:iam::210987654321:role/dev'], consumers: ['arn:aws:iam::333333333333:root'],
  })
})

test.each([
  ['an unknown tier', { tiers: 'main,staging' }, /`tiers` has "staging", which is not a tier: list any of main, dev, release/],
  ['a release tag pattern that takes every tag', { tiers: 'release', 'release-tags': '*' }, /`release-tags` has "\*", which would make every tag a release/],
  ['a release environment that is not a name', { tiers: 'release', 'release-environment': 'prod env' }, /`release-environment` has "prod env"/],
  ['a release tier trusting nothing', { tiers: 'release', 'release-tags': 'none' }, /The release tier needs `release-tags` \(default v\*\) or `release-environment`/],
  ['retention out of range', { tiers: 'dev', 'dev-retention-days': '0' }, /`dev-retention-days` must be a whole number from 1 to 3650/],
  ['a malformed principal', { developers: 'arn:aws:iam::21098765432:role/dev' }, /`developers` has "arn:aws:iam::21098765432:role\/dev", which is not an AWS account ID or an IAM principal ARN/],
  ['an S3 ARN as a consumer', { consumers: 'arn:aws:s3:::bucket' }, /`consumers` has "arn:aws:s3:::bucket"/],
  ['readers for a pull-only consumer', { developers: '210987654321', 'pull-from': 'base', 'pull-only': 'true' }, /`developers` and `consumers` reach the repository's tiers, and a `pull-only` consumer has none/],
  ['tiers for a pull-only consumer', { tiers: 'main,dev', 'pull-from': 'base', 'pull-only': 'true' }, /`pull-only` sets up a consumer, which has no repository of its own and so no tiers/],
])('tiers, bad input: %s', (_, inputs, message) => {
  expect(() => readSetupSettings(source({ ...valid, ...inputs }))).toThrow(message)
})

test('everything set', () => {
  expect(readSetupSettings(source({
    ...valid, 'trust-branches': 'develop,release/*', 'trust-tags': 'refs/tags/v*', 'trust-environments': 'production',
    'kms-key': 'alias/ecr', 'immutable-tags': 'true', 'untagged-days': '7', 'keep-tagged': '50', 'max-session-duration': '7200', 'dry-run': 'true',
    'pull-from': 'team/base\ntools\ntools', 'pull-only': 'true', 'ecs-cluster': 'prod', 'ecs-service': 'web, staging/api',
  }, { ownerId: '11', repositoryId: '22', defaultBranch: 'trunk' }))).toMatchObject({
    pullFrom: ['team/base', 'tools'], pullOnly: true, ecsServices: [{ cluster: 'prod', service: 'web' }, { cluster: 'staging', service: 'api' }],
    branches: ['develop', 'release/*'], tagPatterns: ['v*'], environments: ['production'], kmsKey: 'alias/ecr', immutableTags: true,
    untaggedDays: 7, keepTagged: 50, maxSessionDuration: 7200, dryRun: true, ownerId: '11', repositoryId: '22', defaultBranch: 'trunk',
  })
})

test.each<[string, Record<string, string>, Partial<SetupSource>, RegExp]>([
  ['not OWNER/NAME', {}, { githubRepository: 'just-a-name' }, /must be OWNER\/NAME.*--repository OWNER\/NAME/],
  ['a wildcard for every branch', { 'trust-branches': '*' }, {}, /`trust-branches` has "\*", which would trust every ref/],
  ['a branch with a space', { 'trust-branches': 'my branch' }, {}, /`trust-branches` has "my branch", which is not a branch/],
  ['an ID that is not a number', {}, { ownerId: 'octo', repositoryId: '22' }, /owner ID must be GitHub's numeric ID/],
  ['one ID without the other', {}, { ownerId: '11' }, /needs both IDs/],
  ['a bad KMS key', { 'kms-key': 'my key' }, {}, /`kms-key` "my key" is not a KMS key/],
  ['a session under IAM\'s minimum', { 'max-session-duration': '60' }, {}, /`max-session-duration` must be a whole number from 3600 to 43200/],
  ['zero untagged days', { 'untagged-days': '0' }, {}, /`untagged-days` must be a whole number from 1/],
  ['a bad boolean', { 'dry-run': 'maybe' }, {}, /`dry-run` must be true or false/],
  ['too many moving tags for immutable tags', { 'immutable-tags': 'true', 'trust-branches': 'a,b,c,d' }, {}, /at most 5 such filters/],
  ['a bad account ID', { 'account-id': '1' }, {}, /`account-id` must be your 12-digit/],
  ['a malformed pull-from name', { 'pull-from': 'Team/Base Image' }, {}, /`pull-from` has "Team\/Base Image", which is not an ECR repository name/],
  ['an ECS service without its cluster', { 'ecs-service': 'web' }, {}, /`ecs-service` has "web", which is not CLUSTER\/SERVICE \(or a service name with `ecs-cluster`\)/],
  ['pull-only with nothing to pull', { 'pull-only': 'true' }, {}, /`pull-only` needs `pull-from`/],
])('%s', (_, inputs, extra, message) => {
  const problems = problemsOf(inputs, extra)
  expect(problems).toHaveLength(1)
  expect(problems[0]).toMatch(message)
})

describe('which tokens the roles trust: the issuer and the subject template', () => {
  test.each<[string, Record<string, string>, Partial<SetupSource>, string]>([
    ['github.com by default', {}, {}, 'https://token.actions.githubusercontent.com'],
    ['the run\'s GitHub Enterprise Server', {}, { serverUrl: 'https://ghes.example.com' }, 'https://ghes.example.com/_services/token'],
    ['oidc-issuer wins over the server', { 'oidc-issuer': 'https://token.actions.githubusercontent.com/acme-ent/' }, { serverUrl: 'https://github.com' }, 'https://token.actions.githubusercontent.com/acme-ent'],
  ])('%s', (_, inputs, extra, issuer) => expect(readSetupSettings(source({ ...valid, ...inputs }, extra)).oidcIssuer).toBe(issuer))

  test.each<[string, Record<string, string>, Partial<SetupSource>, { keys?: string[]; from?: string; unread?: string }]>([
    ['no template: the default form', {}, {}, {}],
    ['sub-claim-keys', { 'sub-claim-keys': 'repo, context, job_workflow_ref' }, {}, { keys: ['repo', 'context', 'job_workflow_ref'], from: 'sub-claim-keys' }],
    ['sub-claim-keys repo,context is the default', { 'sub-claim-keys': 'repo,context' }, {}, {}],
    ['the organization\'s, from GitHub', {}, { subjectTemplate: { keys: ['repo', 'context', 'workflow'], from: 'organization' } }, { keys: ['repo', 'context', 'workflow'], from: 'organization' }],
    ['sub-claim-keys wins over GitHub', { 'sub-claim-keys': 'repo,context,actor' }, { subjectTemplate: { keys: ['repo', 'context', 'workflow'], from: 'repository' } }, { keys: ['repo', 'context', 'actor'], from: 'sub-claim-keys' }],
    ['GitHub would not say', {}, { subjectTemplate: { unread: 'HTTP 403 Resource not accessible' } }, { unread: 'HTTP 403 Resource not accessible' }],
  ])('subject template: %s', (_, inputs, extra, expected) => {
    const settings = readSetupSettings(source({ ...valid, ...inputs }, extra))
    expect({ keys: settings.subClaimKeys, from: settings.subjectTemplateFrom, unread: settings.subjectTemplateUnread })
      .toEqual({ keys: expected.keys, from: expected.from, unread: expected.unread })
  })

  test.each<[string, Record<string, string>, Partial<SetupSource>, RegExp]>([
    ['an issuer that is not an https URL', { 'oidc-issuer': 'http://ghes.example.com/_services/token' }, {}, /^`oidc-issuer` is "http:\/\/ghes.example.com\/_services\/token", which is not an OIDC issuer URL/],
    ['a GitHub server on http (its issuer cannot be an IAM provider)', {}, { serverUrl: 'http://ghes.internal' }, /^GITHUB_SERVER_URL is "http:\/\/ghes.internal", whose tokens' issuer would be http:\/\/ghes.internal\/_services\/token, and IAM takes only https/],
    ['an unknown claim', { 'sub-claim-keys': 'repo,context,team' }, {}, /^`sub-claim-keys` has "team", which is not a claim GitHub can put in the subject/],
    ['a template that names no repository and no owner', { 'sub-claim-keys': 'context,workflow' }, {}, /names neither the repository nor its owner: a role trusting it would trust every repository/],
    // a user's attempt to break it: IAM's * matches ':', so actor:* before repo let mallory/evil's workflow named
    // "x:repo:octo-org/Octo.Repo:ref:refs/heads/main" through
    ['a claim setup cannot know before the repository', { 'sub-claim-keys': 'actor,repo,context' }, {}, /has actor before context: setup cannot know its value and writes a wildcard, and IAM's \* also matches ':'/],
    ['a claim setup cannot know between the repository and the context', { 'sub-claim-keys': 'repo,workflow,context' }, {}, /has workflow before context/],
    ['the organization\'s template in that order', {}, { subjectTemplate: { keys: ['workflow', 'repository_owner', 'context'], from: 'organization' } }, /^`the organization's subject template` \(workflow,repository_owner,context\) has workflow before context/],
    ['an organization template the token may not read, for a repository that inherits it', {}, { subjectTemplate: { unread: 'HTTP 403 Resource not accessible.', customized: true } },
      /^The repository uses its organization's OIDC subject template \(use_default: false\), which setup could not read: HTTP 403 Resource not accessible\. Pass `sub-claim-keys`/],
    ['an organization template of IDs setup does not know', {}, { subjectTemplate: { keys: ['repository_owner_id', 'context'], from: 'organization' } }, /^`the organization's subject template` has repository_owner_id, and setup does not know it: give a GitHub token/],
  ])('refused: %s', (_, inputs, extra, message) => {
    const problems = problemsOf(inputs, extra)
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatch(message)
  })
})

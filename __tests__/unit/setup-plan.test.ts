import { type CurrentState, type TierState, planSetup, writeCalls } from '../../src/setup/plan.js'
import { lifecyclePolicy, pullPolicy, pushPolicy, trustPolicy } from '../../src/setup/policies.js'
import { planSummary, renderPlan } from '../../src/setup/render.js'
import type { SetupSettings } from '../../src/setup/settings.js'

const settings: SetupSettings = {
  mode: 'setup', accountId: '123456789012', region: 'us-east-1', githubRepository: 'octo-org/octo-repo', owner: 'octo-org',
  repo: 'octo-repo', defaultBranch: 'main', branches: [], tagPatterns: [], environments: [], repository: 'octo-repo',
  roleName: 'github-actions-octo-repo', audience: 'sts.amazonaws.com', oidcIssuer: 'https://token.actions.githubusercontent.com', maxSessionDuration: 3600, immutableTags: false,
  untaggedDays: 14, keepTagged: 200, dryRun: false, pullFrom: [], pullOnly: false, ecsServices: [],
  tiers: ['main'], units: [{ tier: 'main', roleName: 'github-actions-octo-repo', repository: 'octo-repo' }], releaseTags: ['v*'], devRetentionDays: 30, developers: [], consumers: [],
}
const retention = { untaggedDays: 14, keepTagged: 200, devRetentionDays: 30 }
const tags = [{ Key: 'ManagedBy', Value: 'ecr-oidc-push' }, { Key: 'Repository', Value: 'octo-org/octo-repo' }]
/** What a finished setup leaves behind: the declared state. */
const mainState: TierState = {
  role: { trustPolicy: trustPolicy('123456789012', 'us-east-1', 'sts.amazonaws.com', settings), maxSessionDuration: 3600, tags, otherInlinePolicies: [], attachedPolicies: [] },
  pushPolicy: pushPolicy('123456789012', 'us-east-1', 'octo-repo'),
  repository: { scanOnPush: true, tagMutability: 'MUTABLE', exclusionFilters: [], encryptionType: 'AES256', tags },
  lifecycle: { state: 'present', policy: lifecyclePolicy('main', retention) },
}
const converged: CurrentState = { callerArn: 'arn:aws:iam::123456789012:user/admin', provider: { clientIds: ['sts.amazonaws.com'] }, tiers: { main: mainState } }
/** The converged state with the main tier changed. */
const withMain = (override: Partial<TierState>): CurrentState => ({ ...converged, tiers: { main: { ...mainState, ...override } } })
const fresh: CurrentState = { callerArn: 'x', tiers: {} }
const kinds = (state: CurrentState, s = settings) => planSetup(s, state).changes.map((c) => `${c.kind} ${c.resource}`)
const commands = (state: CurrentState, s = settings) => writeCalls(planSetup(s, state)).map((c) => `${c.service}:${c.command}`)

test('a fresh account: create everything, in dependency order', () => {
  expect(commands(fresh)).toEqual([
    'iam:CreateOpenIDConnectProvider', 'iam:CreateRole', 'iam:PutRolePolicy', 'ecr:CreateRepository', 'ecr:PutLifecyclePolicy',
  ])
})

test('the declared state: no change, no call', () => {
  expect(kinds(converged).every((k) => k.startsWith('none'))).toBe(true)
  expect(commands(converged)).toEqual([])
  expect(planSummary(planSetup(settings, converged))).toBe('No changes: all 5 resources are as declared.')
})

test('policies that mean the same compare equal (IAM reorders and unwraps)', () => {
  const reordered = JSON.parse(JSON.stringify(mainState.pushPolicy)) as { Statement: Array<{ Action: string[] | string }> }
  reordered.Statement[1]!.Action = [...(reordered.Statement[1]!.Action as string[])].reverse()
  reordered.Statement[0]!.Action = ['ecr:GetAuthorizationToken']
  expect(commands(withMain({ pushPolicy: reordered }))).toEqual([])
})

test('a provider without our client ID gets it added', () => {
  expect(commands({ ...converged, provider: { clientIds: ['other'] } })).toEqual(['iam:AddClientIDToOpenIDConnectProvider'])
})

test.each<[string, Partial<TierState>, string[]]>([
  ['an existing provider is reused', { role: undefined, pushPolicy: undefined }, ['iam:CreateRole', 'iam:PutRolePolicy']],
  ['drifted trust policy', { role: { ...mainState.role!, trustPolicy: { Version: '2012-10-17', Statement: [] } } }, ['iam:UpdateAssumeRolePolicy']],
  ['drifted session duration', { role: { ...mainState.role!, maxSessionDuration: 7200 } }, ['iam:UpdateRole']],
  ['missing tags on the role', { role: { ...mainState.role!, tags: [] } }, ['iam:TagRole']],
  ['drifted push policy', { pushPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ecr:*', Resource: '*' }] } }, ['iam:PutRolePolicy']],
  ['scan on push turned off', { repository: { ...mainState.repository!, scanOnPush: false } }, ['ecr:PutImageScanningConfiguration']],
  ['tags made immutable by hand', { repository: { ...mainState.repository!, tagMutability: 'IMMUTABLE' } }, ['ecr:PutImageTagMutability']],
  ['lifecycle policy gone', { lifecycle: { state: 'absent' } }, ['ecr:PutLifecyclePolicy']],
  ['lifecycle policy changed', { lifecycle: { state: 'present', policy: lifecyclePolicy('main', { ...retention, untaggedDays: 30 }) } }, ['ecr:PutLifecyclePolicy']],
  ['lifecycle policy unreadable: set again, said why', { lifecycle: { state: 'unreadable', reason: 'bad answer' } }, ['ecr:PutLifecyclePolicy']],
  ['a repository created by hand', { repository: { ...mainState.repository!, tags: [] }, lifecycle: { state: 'absent' } }, ['ecr:TagResource', 'ecr:PutLifecyclePolicy']],
])('drift: %s', (_, override, expected) => expect(commands(withMain(override))).toEqual(expected))

test('a drifted trust policy shows a readable diff', () => {
  const wider = trustPolicy('123456789012', 'us-east-1', 'sts.amazonaws.com', { ...settings, branches: ['*'] })
  const plan = planSetup(settings, withMain({ role: { ...mainState.role!, trustPolicy: wider } }))
  const role = plan.changes.find((c) => c.resource === 'IAM role github-actions-octo-repo')!
  expect(role.kind).toBe('update')
  expect(role.details[0]).toBe('trust policy:')
  expect(role.details.join('\n')).toMatch(/^ {2}- .*"Sid": "GitHubActionsPatterns"/m)
  expect(role.details.join('\n')).toMatch(/^ {2}- .*"repo:octo-org\/octo-repo:ref:refs\/heads\/\*"/m)
})

test('what setup did not create and would have to delete or replace is reported, not touched', () => {
  const plan = planSetup({ ...settings, kmsKey: 'alias/ecr' }, withMain({
    role: { ...mainState.role!, otherInlinePolicies: ['admin'], attachedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'] },
  }))
  expect(writeCalls(plan)).toEqual([])
  expect(plan.leftAlone).toEqual([
    'IAM role github-actions-octo-repo also has inline policy admin (not created by setup; it may grant more than pushing)',
    'IAM role github-actions-octo-repo also has managed policy arn:aws:iam::aws:policy/AdministratorAccess attached (not created by setup)',
    'ECR repository octo-repo is encrypted with AES256, not KMS (alias/ecr): ECR sets encryption only at creation, so changing it means replacing the repository',
  ])
  expect(renderPlan(plan, 'Plan:')).toContain('Left alone (setup never deletes or replaces):\n    ! IAM role github-actions-octo-repo also has inline policy admin')
})

test('options reach the created repository', () => {
  const create = writeCalls(planSetup({ ...settings, kmsKey: 'alias/ecr', immutableTags: true, branches: ['release/*'] }, fresh))
    .find((c) => c.command === 'CreateRepository')!
  expect(create.input).toMatchObject({
    repositoryName: 'octo-repo', imageScanningConfiguration: { scanOnPush: true }, imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
    imageTagMutabilityExclusionFilters: [
      { filterType: 'WILDCARD', filter: 'latest' }, { filterType: 'WILDCARD', filter: 'buildcache-*' },
      { filterType: 'WILDCARD', filter: 'main' }, { filterType: 'WILDCARD', filter: 'release-*' },
    ],
    encryptionConfiguration: { encryptionType: 'KMS', kmsKey: 'alias/ecr' }, tags,
  })
})

test('the rendered plan: one line per resource, a summary line', () => {
  const text = renderPlan(planSetup(settings, withMain({ repository: { ...mainState.repository!, scanOnPush: false } })), 'Plan:')
  expect(text.split('\n').filter((line) => /^ {2}[+~=] /.test(line))).toEqual([
    '  = no change  OIDC provider token.actions.githubusercontent.com',
    '  = no change  IAM role github-actions-octo-repo',
    '  = no change  inline policy ecr-oidc-push on github-actions-octo-repo',
    '  ~ update     ECR repository octo-repo',
    '  = no change  lifecycle policy on octo-repo',
  ])
  expect(text).toContain('                 scan on push: off → on')
  expect(text.endsWith('0 to create, 1 to update, 4 unchanged.')).toBe(true)
})

describe('pull-from and pull-only', () => {
  const consumer = { ...settings, pullFrom: ['team/base', 'tools'] }
  const pullOnly = { ...consumer, pullOnly: true }

  test('pull-from adds a pull policy after the push policy', () => {
    expect(commands(fresh, consumer)).toEqual([
      'iam:CreateOpenIDConnectProvider', 'iam:CreateRole', 'iam:PutRolePolicy', 'iam:PutRolePolicy', 'ecr:CreateRepository', 'ecr:PutLifecyclePolicy',
    ])
    const pull = writeCalls(planSetup(consumer, fresh)).filter((c) => c.command === 'PutRolePolicy')[1]!
    expect(pull.input).toMatchObject({ RoleName: 'github-actions-octo-repo', PolicyName: 'ecr-oidc-push-pull' })
  })

  test('pull-only: the role and its pull policy, no push policy, no repository of its own', () => {
    expect(kinds(fresh, pullOnly)).toEqual([
      'create OIDC provider token.actions.githubusercontent.com', 'create IAM role github-actions-octo-repo',
      'create inline policy ecr-oidc-push-pull on github-actions-octo-repo',
    ])
    const plan = planSetup(pullOnly, fresh)
    expect(plan.repositoryUri).toBe('')
    expect(writeCalls(plan).find((c) => c.command === 'CreateRole')!.input['Description']).toBe('GitHub Actions in octo-org/octo-repo pulls from ECR team/base, tools (ecr-oidc-push)')
  })

  test('converged pull-only: nothing to do; a push policy from before is reported, not removed', () => {
    const state: CurrentState = { ...withMain({ pullPolicy: pullPolicy('123456789012', 'us-east-1', ['team/base', 'tools']) }), missingPullSources: [] }
    expect(commands(state, pullOnly)).toEqual([])
    expect(planSetup(pullOnly, state).leftAlone).toEqual([
      'IAM role github-actions-octo-repo still has inline policy ecr-oidc-push from an earlier setup, which lets it push; a pull-only role would not',
    ])
  })

  test('a pull-from repository that does not exist yet is flagged, and still in the policy', () => {
    const plan = planSetup(pullOnly, { ...fresh, missingPullSources: ['tools'] })
    expect(plan.notes).toEqual(['ECR repository tools (pull-from) does not exist yet: the role may pull from it once it is created'])
    expect(renderPlan(plan, 'Plan:')).toContain('  Notes:\n    ! ECR repository tools (pull-from) does not exist yet')
    expect(writeCalls(plan).find((c) => c.command === 'PutRolePolicy')!.input['PolicyDocument']).toContain('repository/tools')
  })
})

test('ecs-service: a deploy policy with the task roles read from ECS; a missing service noted', () => {
  const s = { ...settings, ecsServices: [{ cluster: 'prod', service: 'web' }, { cluster: 'prod', service: 'later' }] }
  const plan = planSetup(s, {
    ...converged, missingEcsServices: ['prod/later'],
    ecsGrants: [{ cluster: 'prod', service: 'web', passRoles: ['arn:aws:iam::123456789012:role/exec'] }, { cluster: 'prod', service: 'later', passRoles: [] }],
  })
  const put = writeCalls(plan).find((c) => c.command === 'PutRolePolicy')!
  expect(put.input['PolicyName']).toBe('ecr-oidc-push-deploy')
  expect(JSON.parse(put.input['PolicyDocument'] as string).Statement[2]).toEqual({
    Sid: 'PassTheTasksRoles', Effect: 'Allow', Action: 'iam:PassRole', Resource: ['arn:aws:iam::123456789012:role/exec'],
    Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
  })
  expect(plan.notes).toEqual([expect.stringMatching(/^ECS service prod\/later \(ecs-service\) does not exist yet/)])
})

describe('tiers', () => {
  const tiered: SetupSettings = {
    ...settings, tiers: ['main', 'dev', 'release'],
    units: [
      { tier: 'main', roleName: 'github-actions-octo-repo', repository: 'octo-repo' },
      { tier: 'dev', roleName: 'github-actions-octo-repo-dev', repository: 'octo-repo-dev' },
      { tier: 'release', roleName: 'github-actions-octo-repo-release', repository: 'octo-repo-release', promoteFrom: 'octo-repo' },
    ],
  }
  const tierState = (tier: 'dev' | 'release', mutability: string): TierState => {
    const tierTags = [...tags, { Key: 'Tier', Value: tier }]
    return {
      role: { trustPolicy: trustPolicy('123456789012', 'us-east-1', 'sts.amazonaws.com', tiered, tier), maxSessionDuration: 3600, tags: tierTags, otherInlinePolicies: [], attachedPolicies: [] },
      pushPolicy: pushPolicy('123456789012', 'us-east-1', `octo-repo-${tier}`, tier === 'release' ? 'octo-repo' : undefined),
      repository: { scanOnPush: true, tagMutability: mutability, exclusionFilters: [], encryptionType: 'AES256', tags: tierTags },
      lifecycle: { state: 'present', policy: lifecyclePolicy(tier, retention) },
    }
  }
  const all: CurrentState = { ...converged, tiers: { main: mainState, dev: tierState('dev', 'MUTABLE'), release: tierState('release', 'IMMUTABLE') } }

  test('a fresh account: one provider, then each tier\'s role, policy, repository and lifecycle', () => {
    const plan = planSetup(tiered, fresh)
    expect(plan.changes.map((c) => `${c.kind} ${c.resource}`)).toEqual([
      'create OIDC provider token.actions.githubusercontent.com',
      ...['github-actions-octo-repo|octo-repo', 'github-actions-octo-repo-dev|octo-repo-dev', 'github-actions-octo-repo-release|octo-repo-release'].flatMap((pair) => {
        const [role, repo] = pair.split('|')
        return [`create IAM role ${role}`, `create inline policy ecr-oidc-push on ${role}`, `create ECR repository ${repo}`, `create lifecycle policy on ${repo}`]
      }),
    ])
    const creates = writeCalls(plan).filter((c) => c.command === 'CreateRepository').map((c) => [c.input['repositoryName'], c.input['imageTagMutability']])
    expect(creates).toEqual([['octo-repo', 'MUTABLE'], ['octo-repo-dev', 'MUTABLE'], ['octo-repo-release', 'IMMUTABLE']])
    expect(plan.tiers.map((t) => t.repositoryUri)).toEqual(['octo-repo', 'octo-repo-dev', 'octo-repo-release'].map((r) => `123456789012.dkr.ecr.us-east-1.amazonaws.com/${r}`))
    expect(plan.roleArn).toBe('arn:aws:iam::123456789012:role/github-actions-octo-repo')
  })

  test('the declared state of all three: no change', () => {
    expect(commands(all, tiered)).toEqual([])
  })

  test('drift in one tier is repaired there, the others untouched', () => {
    const drifted: CurrentState = { ...all, tiers: { ...all.tiers, release: { ...all.tiers.release!, repository: { ...all.tiers.release!.repository!, tagMutability: 'MUTABLE' } } } }
    const plan = planSetup(tiered, drifted)
    expect(writeCalls(plan)).toEqual([{ service: 'ecr', command: 'PutImageTagMutability', input: { repositoryName: 'octo-repo-release', imageTagMutability: 'IMMUTABLE' } }])
  })

  test('ecs-service grants go to the main tier\'s role only', () => {
    const s = { ...tiered, ecsServices: [{ cluster: 'prod', service: 'web' }] }
    const deploys = writeCalls(planSetup(s, fresh)).filter((c) => c.input['PolicyName'] === 'ecr-oidc-push-deploy')
    expect(deploys.map((c) => c.input['RoleName'])).toEqual(['github-actions-octo-repo'])
  })
})

describe('developers and consumers', () => {
  const readers: SetupSettings = {
    ...settings, tiers: ['main', 'dev', 'release'], developers: ['arn:aws:iam::210987654321:role/developer'], consumers: ['arn:aws:iam::333333333333:root'],
    units: [
      { tier: 'main', roleName: 'github-actions-octo-repo', repository: 'octo-repo' },
      { tier: 'dev', roleName: 'github-actions-octo-repo-dev', repository: 'octo-repo-dev' },
      { tier: 'release', roleName: 'github-actions-octo-repo-release', repository: 'octo-repo-release', promoteFrom: 'octo-repo' },
    ],
  }

  test('a repository policy on each tier they reach, after the repository', () => {
    const policies = writeCalls(planSetup(readers, fresh)).filter((c) => c.command === 'SetRepositoryPolicy')
    expect(policies.map((c) => [c.input['repositoryName'], JSON.parse(c.input['policyText'] as string).Statement.map((st: { Sid: string }) => st.Sid)])).toEqual([
      ['octo-repo', ['DevelopersPull']],
      ['octo-repo-dev', ['DevelopersPullAndPush']],
      ['octo-repo-release', ['DevelopersPull', 'ConsumersPull']],
    ])
  })

  test('the plan prints who may read and write each tier', () => {
    const text = renderPlan(planSetup(readers, fresh), 'Plan:')
    expect(text).toContain([
      '  Who may read and write each tier:',
      '    | | main: `octo-repo` | dev: `octo-repo-dev` | release: `octo-repo-release` |',
      '    |---|---|---|---|',
      '    | GitHub Actions, default branch (`github-actions-octo-repo`) | read/write | — | — |',
      '    | GitHub Actions, any branch (`github-actions-octo-repo-dev`) | — | read/write | — |',
      '    | GitHub Actions, release tags (`github-actions-octo-repo-release`) | read | — | read/write |',
      '    | developers: arn:aws:iam::210987654321:role/developer | read | read/write | read |',
      '    | consumers: arn:aws:iam::333333333333:root | — | — | read |',
    ].join('\n'))
  })

  test('a drifted repository policy is set back and the diff shown; one nobody declares is left alone', () => {
    const drifted = withMain({ repositoryPolicy: { Version: '2012-10-17', Statement: [{ Sid: 'Everyone', Effect: 'Allow', Principal: '*', Action: 'ecr:*' }] } })
    const oneTier = { ...readers, tiers: ['main' as const], units: [readers.units[0]!], consumers: [] }
    const plan = planSetup(oneTier, drifted)
    expect(writeCalls(plan).map((c) => c.command)).toEqual(['SetRepositoryPolicy'])
    expect(plan.changes.find((c) => c.resource === 'repository policy on octo-repo')!.details.join('\n')).toMatch(/- .*"Sid": "Everyone"/)
    expect(planSetup(settings, drifted).leftAlone).toEqual(['ECR repository octo-repo has a repository policy that no developers or consumers of this setup declare; it stays as it is'])
    expect(writeCalls(planSetup(settings, drifted))).toEqual([])
  })
})

// issue 18, row 6: a name GitHub was not asked about is written as given; the plan says the casing must be GitHub's
test('a repository name unchecked against GitHub: the plan warns that its casing must be GitHub\'s', () => {
  expect(planSetup(settings, fresh).notes).toEqual([])
  expect(planSetup({ ...settings, casingUnchecked: true }, fresh).notes).toEqual([
    "The trust names octo-org/octo-repo as written: IAM compares the token's subject case-sensitively, so it must be " +
      "GitHub's own casing (as github.repository shows it); with a GitHub token setup reads it",
  ])
})

describe('another issuer and a customized subject: the plan follows', () => {
  const ghes = { ...settings, oidcIssuer: 'https://ghes.example.com/_services/token', subClaimKeys: ['repo', 'context', 'job_workflow_ref'], subjectTemplateFrom: 'organization' as const }
  test('the provider for that issuer, the trust keyed on its host and path, a note of the form', () => {
    const plan = planSetup(ghes, fresh)
    const provider = plan.changes[0]!
    expect(provider.resource).toBe('OIDC provider ghes.example.com/_services/token')
    expect(provider.calls[0]!.input).toMatchObject({ Url: 'https://ghes.example.com/_services/token' })
    const role = writeCalls(plan).find((call) => call.command === 'CreateRole')!
    const trust = JSON.parse(String((role.input as { AssumeRolePolicyDocument: string }).AssumeRolePolicyDocument)) as { Statement: Array<{ Principal: { Federated: string }; Condition: { StringLike: Record<string, string> } }> }
    expect(trust.Statement.map((s) => s.Principal.Federated)).toEqual(['arn:aws:iam::123456789012:oidc-provider/ghes.example.com/_services/token'])
    expect(trust.Statement[0]!.Condition.StringLike['ghes.example.com/_services/token:sub']).toBe('repo:octo-org/octo-repo:ref:refs/heads/main:job_workflow_ref:octo-org/octo-repo/.github/workflows/*@refs/heads/main')
    expect(plan.notes).toContain("The trust is written in the customized subject form repo,context,job_workflow_ref (GitHub's: the organization's template)")
  })

  test('an owner-wide template is said to reach every repository of the owner', () => {
    const plan = planSetup({ ...settings, subClaimKeys: ['repository_owner_id', 'context'], subjectTemplateFrom: 'sub-claim-keys', ownerId: '1001', repositoryId: '2002' }, fresh)
    expect(plan.notes.join('\n')).toMatch(/names the owner but not the repository: any repository of octo-org on a trusted branch/)
  })

  test('a template GitHub would not give is said, with what to do', () => {
    const plan = planSetup({ ...settings, subjectTemplateUnread: 'HTTP 403 Resource not accessible by integration' }, fresh)
    expect(plan.notes.join('\n')).toMatch(/could not read the OIDC subject template from GitHub \(HTTP 403 Resource not accessible by integration\): .* pass sub-claim-keys/)
  })
})

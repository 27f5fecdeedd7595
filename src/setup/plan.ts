/** Desired state + current state → plan: what to create, update, leave alone (pure). */
import { addedLines, diffDocuments, sameDocument } from '../diff.js'
import type { SetupSettings, TierUnit } from './settings.js'
import { accessMatrix, repositoryPolicy } from './readers.js'
import { type Tier, registryFor, roleArnFor } from '../naming.js'
import {
  DEPLOY_POLICY_NAME, type EcsServiceGrant, GITHUB_OIDC_URL, PULL_POLICY_NAME, deployPolicy, PUSH_POLICY_NAME, lifecyclePolicy, movingTagFilters, oidcProviderArn, pullPolicy, pushPolicy, repositoryArn,
  resourceTags, tagMutability, trustPolicy,
} from './policies.js'

export interface Tag {
  Key: string
  Value: string
}

/** What exists now; undefined = absent. */
export interface CurrentState {
  callerArn: string
  provider?: { clientIds: string[] }
  /** each tier's role and repository, as they are */
  tiers: Partial<Record<Tier, TierState>>
  /** pull-from repositories that do not exist (yet) */
  missingPullSources?: string[]
  /** ecs-service entries as ECS has them: the roles their tasks run with; missing ones are not here */
  ecsGrants?: EcsServiceGrant[]
  missingEcsServices?: string[]
  /** with a GitHub token: the repository's variables setup keeps (undefined = not set) */
  variables?: Record<string, string | undefined>
}

/** One tier's role, its inline policies, its repository and lifecycle. */
export interface TierState {
  role?: { trustPolicy: unknown; maxSessionDuration: number; tags: Tag[]; otherInlinePolicies: string[]; attachedPolicies: string[] }
  pushPolicy?: unknown
  pullPolicy?: unknown
  deployPolicy?: unknown
  repository?: { scanOnPush: boolean; tagMutability: string; exclusionFilters: string[]; encryptionType: string; kmsKey?: string; tags: Tag[] }
  /** the repository's policy document, when it has one */
  repositoryPolicy?: unknown
  lifecycle?: { state: 'absent' } | { state: 'present'; policy: unknown } | { state: 'unreadable'; reason: string }
}

/** The write calls setup ever makes; apply.ts maps each to its SDK command, checked by the compiler. */
export type IamWrite = 'CreateOpenIDConnectProvider' | 'AddClientIDToOpenIDConnectProvider' | 'CreateRole' | 'UpdateAssumeRolePolicy' | 'UpdateRole' | 'TagRole' | 'PutRolePolicy'
export type GitHubWrite = 'CreateVariable' | 'UpdateVariable'
export type EcrWrite = 'CreateRepository' | 'PutImageScanningConfiguration' | 'PutImageTagMutability' | 'TagResource' | 'SetRepositoryPolicy' | 'PutLifecyclePolicy'

/** One SDK call the plan will make: `CreateRole` on `iam` with these parameters. */
export type PlannedCall =
  | { service: 'iam'; command: IamWrite; input: Record<string, unknown> }
  | { service: 'ecr'; command: EcrWrite; input: Record<string, unknown> }
  | { service: 'github'; command: GitHubWrite; input: Record<string, string> } // repository, name, value

export type ChangeKind = 'create' | 'update' | 'none'

export interface Change {
  resource: string // human name: "IAM role github-actions-x"
  kind: ChangeKind
  details: string[] // what differs, and policy diffs
  calls: PlannedCall[]
}

export interface Plan {
  changes: Change[]
  /** things setup will not touch because changing them means deleting or replacing */
  leftAlone: string[]
  /** what the reader should know though nothing is wrong with it */
  notes: string[]
  /** the first tier's (main's, when set up): the outputs `role-arn` and `repository-uri` */
  roleArn: string
  repositoryUri: string
  /** every tier's role and repository */
  tiers: Array<{ tier: Tier; roleArn: string; repositoryUri: string }>
  /** who may read and write each tier, as table lines: with several tiers, or developers or consumers */
  access: string[]
}

const missingTags = (want: Tag[], have: Tag[]) => want.filter((tag) => !have.some((h) => h.Key === tag.Key && h.Value === tag.Value))
const showTags = (tags: Tag[]) => tags.map((t) => `${t.Key}=${t.Value}`).join(', ')

/** An existing resource's change: `update` with its calls, or `none` when nothing differs. */
function updateOrNone(resource: string, edits: Array<{ detail: string[]; call: PlannedCall }>): Change {
  if (edits.length === 0) return { resource, kind: 'none', details: [], calls: [] }
  return { resource, kind: 'update', details: edits.flatMap((e) => e.detail), calls: edits.map((e) => e.call) }
}

/** Everything setup declares for one tier, derived once from the settings. */
function desiredState(s: SetupSettings, unit: TierUnit) {
  const { mutability, exclusions } = tagMutability(unit.tier, s.immutableTags, movingTagFilters(s.defaultBranch, s.branches))
  return {
    ...unit,
    tags: resourceTags(s.githubRepository, unit.tier),
    trust: trustPolicy(s.accountId, s.region, s.audience, s, unit.tier),
    push: pushPolicy(s.accountId, s.region, unit.repository),
    pull: pullPolicy(s.accountId, s.region, s.pullFrom),
    lifecycle: lifecyclePolicy(unit.tier, s),
    repositoryPolicy: repositoryPolicy(s, unit.tier),
    exclusions,
    exclusionInput: exclusions.length > 0 ? { imageTagMutabilityExclusionFilters: exclusions.map((filter) => ({ filterType: 'WILDCARD', filter })) } : {},
    mutability,
    encryption: s.kmsKey ? { encryptionType: 'KMS', kmsKey: s.kmsKey } : { encryptionType: 'AES256' },
  }
}
type Desired = ReturnType<typeof desiredState>

/** The account's GitHub OIDC provider: reused when present. */
export function planProvider(s: Pick<SetupSettings, 'accountId' | 'region' | 'audience' | 'githubRepository'>, current: CurrentState['provider']): Change {
  const resource = `OIDC provider ${GITHUB_OIDC_URL.replace('https://', '')}`
  if (!current) {
    return { resource, kind: 'create', details: [`client ID ${s.audience}`], calls: [
      { service: 'iam', command: 'CreateOpenIDConnectProvider', input: { Url: GITHUB_OIDC_URL, ClientIDList: [s.audience], Tags: resourceTags(s.githubRepository) } },
    ] }
  }
  return updateOrNone(resource, current.clientIds.includes(s.audience) ? [] : [{
    detail: [`add client ID ${s.audience}`],
    call: { service: 'iam', command: 'AddClientIDToOpenIDConnectProvider', input: { OpenIDConnectProviderArn: oidcProviderArn(s.accountId, s.region), ClientID: s.audience } },
  }])
}

function planRole(s: SetupSettings, d: Desired, current: TierState['role'], leftAlone: string[]): Change {
  const resource = `IAM role ${d.roleName}`
  if (!current) {
    return { resource, kind: 'create', details: ['trust policy:', ...addedLines(d.trust).map((line) => `  ${line}`)], calls: [
      { service: 'iam', command: 'CreateRole', input: {
        RoleName: d.roleName, AssumeRolePolicyDocument: JSON.stringify(d.trust), MaxSessionDuration: s.maxSessionDuration,
        Description: `GitHub Actions in ${s.githubRepository} ${s.pullOnly ? `pulls from ECR ${s.pullFrom.join(', ')}` : `pushes to ECR ${d.repository}`} (ecr-oidc-push)`.slice(0, 1000),
        Tags: d.tags,
      } },
    ] }
  }
  for (const name of current.otherInlinePolicies) leftAlone.push(`${resource} also has inline policy ${name} (not created by setup; it may grant more than pushing)`)
  for (const arn of current.attachedPolicies) leftAlone.push(`${resource} also has managed policy ${arn} attached (not created by setup)`)
  const edits: Array<{ detail: string[]; call: PlannedCall }> = []
  if (!sameDocument(current.trustPolicy, d.trust)) {
    edits.push({
      detail: ['trust policy:', ...diffDocuments(current.trustPolicy, d.trust).map((line) => `  ${line}`)],
      call: { service: 'iam', command: 'UpdateAssumeRolePolicy', input: { RoleName: d.roleName, PolicyDocument: JSON.stringify(d.trust) } },
    })
  }
  if (current.maxSessionDuration !== s.maxSessionDuration) {
    edits.push({
      detail: [`max session duration: ${current.maxSessionDuration} → ${s.maxSessionDuration} s`],
      call: { service: 'iam', command: 'UpdateRole', input: { RoleName: d.roleName, MaxSessionDuration: s.maxSessionDuration } },
    })
  }
  const tags = missingTags(d.tags, current.tags)
  if (tags.length > 0) edits.push({ detail: [`tags: add ${showTags(tags)}`], call: { service: 'iam', command: 'TagRole', input: { RoleName: d.roleName, Tags: tags } } })
  return updateOrNone(resource, edits)
}

/** A policy setup keeps inline on the role (push, pull). */
function planInlinePolicy(roleName: string, policyName: string, desired: object, current: unknown): Change {
  const resource = `inline policy ${policyName} on ${roleName}`
  const call: PlannedCall = { service: 'iam', command: 'PutRolePolicy', input: { RoleName: roleName, PolicyName: policyName, PolicyDocument: JSON.stringify(desired) } }
  if (current === undefined) return { resource, kind: 'create', details: addedLines(desired), calls: [call] }
  return updateOrNone(resource, sameDocument(current, desired) ? [] : [{ detail: diffDocuments(current, desired), call }])
}

function planRepository(s: SetupSettings, d: Desired, current: TierState['repository'], leftAlone: string[]): Change {
  const resource = `ECR repository ${d.repository}`
  const showMutability = (mutability: string, filters: string[]) => `${mutability}${filters.length > 0 ? ` (writable: ${filters.join(', ')})` : ''}`
  if (!current) {
    return { resource, kind: 'create', details: [
      'scan on push', `tags ${showMutability(d.mutability, d.exclusions)}`, `encryption ${d.encryption.encryptionType}${s.kmsKey ? ` (${s.kmsKey})` : ''}`,
    ], calls: [
      { service: 'ecr', command: 'CreateRepository', input: {
        repositoryName: d.repository, imageScanningConfiguration: { scanOnPush: true }, imageTagMutability: d.mutability,
        ...d.exclusionInput, encryptionConfiguration: d.encryption, tags: d.tags,
      } },
    ] }
  }
  if (current.encryptionType !== d.encryption.encryptionType || (s.kmsKey && current.kmsKey !== s.kmsKey)) {
    leftAlone.push(`${resource} is encrypted with ${current.encryptionType}${current.kmsKey ? ` (${current.kmsKey})` : ''}, not ${d.encryption.encryptionType}${s.kmsKey ? ` (${s.kmsKey})` : ''}: ECR sets encryption only at creation, so changing it means replacing the repository`)
  }
  const edits: Array<{ detail: string[]; call: PlannedCall }> = []
  if (!current.scanOnPush) {
    edits.push({ detail: ['scan on push: off → on'], call: { service: 'ecr', command: 'PutImageScanningConfiguration', input: { repositoryName: d.repository, imageScanningConfiguration: { scanOnPush: true } } } })
  }
  const sameExclusions = [...current.exclusionFilters].sort().join(',') === [...d.exclusions].sort().join(',')
  if (current.tagMutability !== d.mutability || !sameExclusions) {
    edits.push({
      detail: [`tag mutability: ${showMutability(current.tagMutability, current.exclusionFilters)} → ${showMutability(d.mutability, d.exclusions)}`],
      call: { service: 'ecr', command: 'PutImageTagMutability', input: { repositoryName: d.repository, imageTagMutability: d.mutability, ...d.exclusionInput } },
    })
  }
  const tags = missingTags(d.tags, current.tags)
  if (tags.length > 0) {
    edits.push({ detail: [`tags: add ${showTags(tags)}`], call: { service: 'ecr', command: 'TagResource', input: { resourceArn: repositoryArn(s.accountId, s.region, d.repository), tags } } })
  }
  return updateOrNone(resource, edits)
}

/** The repository policy that lets developers and consumers in; one setup did not declare is left alone. */
function planRepositoryPolicy(d: Desired, current: TierState['repositoryPolicy'], leftAlone: string[]): Change[] {
  const resource = `repository policy on ${d.repository}`
  if (!d.repositoryPolicy) {
    if (current !== undefined) leftAlone.push(`ECR repository ${d.repository} has a repository policy that no developers or consumers of this setup declare; it stays as it is`)
    return []
  }
  const call: PlannedCall = { service: 'ecr', command: 'SetRepositoryPolicy', input: { repositoryName: d.repository, policyText: JSON.stringify(d.repositoryPolicy) } }
  if (current === undefined) return [{ resource, kind: 'create', details: addedLines(d.repositoryPolicy), calls: [call] }]
  return [updateOrNone(resource, sameDocument(current, d.repositoryPolicy) ? [] : [{ detail: diffDocuments(current, d.repositoryPolicy), call }])]
}

function planLifecycle(d: Desired, current: TierState['lifecycle']): Change {
  const resource = `lifecycle policy on ${d.repository}`
  const call: PlannedCall = { service: 'ecr', command: 'PutLifecyclePolicy', input: { repositoryName: d.repository, lifecyclePolicyText: JSON.stringify(d.lifecycle) } }
  if (!current || current.state === 'absent') {
    return { resource, kind: 'create', details: d.lifecycle.rules.map((rule) => rule.description.replace(/^./, (c) => c.toLowerCase())), calls: [call] }
  }
  if (current.state === 'unreadable') {
    return { resource, kind: 'update', details: [`the current policy could not be read (${current.reason}); setting it again`], calls: [call] }
  }
  return updateOrNone(resource, sameDocument(current.policy, d.lifecycle) ? [] : [{ detail: diffDocuments(current.policy, d.lifecycle), call }])
}

/**
 * The provider, then each tier's role, push policy, pull policy, deploy policy (main only), repository
 * and lifecycle: in the order they depend on each other. A pull-only consumer gets no push policy and no
 * repository of its own.
 */
export function planSetup(s: SetupSettings, current: CurrentState): Plan {
  const plan = planRepositorySide(s, current)
  return { ...plan, changes: [planProvider(s, current.provider), ...plan.changes] }
}

/** Everything of one repository but the account's OIDC provider: what setup for many plans once per repository. */
export function planRepositorySide(s: SetupSettings, current: Omit<CurrentState, 'callerArn' | 'provider'>): Plan {
  const leftAlone: string[] = []
  const changes: Change[] = []
  for (const unit of s.units) changes.push(...planTier(s, desiredState(s, unit), current.tiers[unit.tier] ?? {}, current, leftAlone))
  if (current.variables) changes.push(...planVariables(s, current.variables))
  const notes = [
    ...(current.missingPullSources ?? []).map((name) => `ECR repository ${name} (pull-from) does not exist yet: the role may pull from it once it is created`),
    ...(current.missingEcsServices ?? []).map((name) => `ECS service ${name} (ecs-service) does not exist yet: the role may update it, but may pass its task's roles only after a re-run of setup once it exists`),
  ]
  const tiers = s.units.map((unit) => ({
    tier: unit.tier, roleArn: roleArnFor(s.accountId, unit.roleName, s.region),
    repositoryUri: s.pullOnly ? '' : `${registryFor(s.accountId, s.region)}/${unit.repository}`,
  }))
  const access = !s.pullOnly && (s.units.length > 1 || s.developers.length + s.consumers.length > 0) ? accessMatrix(s, s.units) : []
  return { changes, leftAlone, notes, roleArn: tiers[0]?.roleArn ?? '', repositoryUri: tiers[0]?.repositoryUri ?? '', tiers, access }
}

/** What a workflow reads as `vars.AWS_ACCOUNT_ID` and `vars.AWS_REGION`: variables, never secrets (they are not secret). */
export function repositoryVariables(s: Pick<SetupSettings, 'accountId' | 'region'>): Record<string, string> {
  return { AWS_ACCOUNT_ID: s.accountId, AWS_REGION: s.region }
}

function planVariables(s: SetupSettings, current: Record<string, string | undefined>): Change[] {
  return Object.entries(repositoryVariables(s)).map(([name, value]) => {
    const resource = `GitHub variable ${name} of ${s.githubRepository}`
    const input = { repository: s.githubRepository, name, value }
    const now = current[name]
    if (now === undefined) return { resource, kind: 'create', details: [`= ${value}`], calls: [{ service: 'github', command: 'CreateVariable', input }] }
    return updateOrNone(resource, now === value ? [] : [{ detail: [`${now} → ${value}`], call: { service: 'github', command: 'UpdateVariable', input } }])
  })
}

/** One tier's resources. The ECS deploy grant goes to the main tier's role: deploys follow the default branch. */
function planTier(s: SetupSettings, d: Desired, current: TierState, all: Omit<CurrentState, 'callerArn' | 'provider'>, leftAlone: string[]): Change[] {
  const changes = [planRole(s, d, current.role, leftAlone)]
  if (!s.pullOnly) changes.push(planInlinePolicy(d.roleName, PUSH_POLICY_NAME, d.push, current.pushPolicy))
  else if (current.pushPolicy !== undefined) leftAlone.push(`IAM role ${d.roleName} still has inline policy ${PUSH_POLICY_NAME} from an earlier setup, which lets it push; a pull-only role would not`)
  if (s.pullFrom.length > 0) changes.push(planInlinePolicy(d.roleName, PULL_POLICY_NAME, d.pull, current.pullPolicy))
  if (s.ecsServices.length > 0 && d.tier === 'main') {
    const grants = all.ecsGrants ?? s.ecsServices.map((e) => ({ ...e, passRoles: [] }))
    changes.push(planInlinePolicy(d.roleName, DEPLOY_POLICY_NAME, deployPolicy(s.accountId, s.region, grants), current.deployPolicy))
  }
  if (!s.pullOnly) {
    changes.push(
      planRepository(s, d, current.repository, leftAlone),
      ...planRepositoryPolicy(d, current.repository ? current.repositoryPolicy : undefined, leftAlone),
      planLifecycle(d, current.repository ? current.lifecycle : undefined),
    )
  }
  return changes
}

export function writeCalls(plan: Plan): PlannedCall[] {
  return plan.changes.flatMap((change) => change.calls)
}

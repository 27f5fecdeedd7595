/** Desired state + current state → plan: what to create, update, leave alone (pure). */
import { addedLines, diffDocuments, sameDocument } from '../../diff.js'
import type { SetupSettings } from '../../setup/settings.js'
import { registryFor, roleArnFor } from '../../naming.js'
import {
  GITHUB_OIDC_URL, PUSH_POLICY_NAME, lifecyclePolicy, movingTagFilters, oidcProviderArn, pushPolicy, repositoryArn,
  resourceTags, trustPolicy,
} from './policies.js'

export interface Tag {
  Key: string
  Value: string
}

/** What exists now; undefined = absent. */
export interface CurrentState {
  callerArn: string
  provider?: { clientIds: string[] }
  role?: { trustPolicy: unknown; maxSessionDuration: number; tags: Tag[]; otherInlinePolicies: string[]; attachedPolicies: string[] }
  pushPolicy?: unknown
  repository?: { scanOnPush: boolean; tagMutability: string; exclusionFilters: string[]; encryptionType: string; kmsKey?: string; tags: Tag[] }
  lifecycle?: { state: 'absent' } | { state: 'present'; policy: unknown } | { state: 'unreadable'; reason: string }
}

/** One SDK call the plan will make: `Create…` on service `iam` with these parameters. */
export interface PlannedCall {
  service: 'iam' | 'ecr'
  command: string
  input: Record<string, unknown>
}

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
  roleArn: string
  repositoryUri: string
}

const missingTags = (want: Tag[], have: Tag[]) => want.filter((tag) => !have.some((h) => h.Key === tag.Key && h.Value === tag.Value))

export function planSetup(s: SetupSettings, current: CurrentState): Plan {
  const providerArn = oidcProviderArn(s.accountId, s.region)
  const tags = resourceTags(s.githubRepository)
  const trust = trustPolicy(s.accountId, s.region, s.audience, s)
  const push = pushPolicy(s.accountId, s.region, s.repository)
  const lifecycle = lifecyclePolicy(s.untaggedDays, s.keepTagged)
  const exclusions = s.immutableTags ? movingTagFilters(s.defaultBranch, s.branches) : []
  const mutability = s.immutableTags ? 'IMMUTABLE_WITH_EXCLUSION' : 'MUTABLE'
  const encryption = s.kmsKey ? { encryptionType: 'KMS', kmsKey: s.kmsKey } : { encryptionType: 'AES256' }
  const changes: Change[] = []
  const leftAlone: string[] = []

  // 1. the account's GitHub OIDC provider: reused when present
  const providerName = `OIDC provider ${GITHUB_OIDC_URL.replace('https://', '')}`
  if (!current.provider) {
    changes.push({ resource: providerName, kind: 'create', details: [`client ID ${s.audience}`], calls: [
      { service: 'iam', command: 'CreateOpenIDConnectProvider', input: { Url: GITHUB_OIDC_URL, ClientIDList: [s.audience], Tags: tags } },
    ] })
  } else if (!current.provider.clientIds.includes(s.audience)) {
    changes.push({ resource: providerName, kind: 'update', details: [`add client ID ${s.audience}`], calls: [
      { service: 'iam', command: 'AddClientIDToOpenIDConnectProvider', input: { OpenIDConnectProviderArn: providerArn, ClientID: s.audience } },
    ] })
  } else {
    changes.push({ resource: providerName, kind: 'none', details: ['reused'], calls: [] })
  }

  // 2. the role and its trust policy
  const roleName = `IAM role ${s.roleName}`
  if (!current.role) {
    changes.push({ resource: roleName, kind: 'create', details: ['trust policy:', ...addedLines(trust).map((line) => `  ${line}`)], calls: [
      { service: 'iam', command: 'CreateRole', input: {
        RoleName: s.roleName, AssumeRolePolicyDocument: JSON.stringify(trust), MaxSessionDuration: s.maxSessionDuration,
        Description: `GitHub Actions in ${s.githubRepository} pushes to ECR ${s.repository} (ecr-oidc-push)`, Tags: tags,
      } },
    ] })
  } else {
    const role = current.role
    const change: Change = { resource: roleName, kind: 'update', details: [], calls: [] }
    if (!sameDocument(role.trustPolicy, trust)) {
      change.details.push('trust policy:', ...diffDocuments(role.trustPolicy, trust).map((line) => `  ${line}`))
      change.calls.push({ service: 'iam', command: 'UpdateAssumeRolePolicy', input: { RoleName: s.roleName, PolicyDocument: JSON.stringify(trust) } })
    }
    if (role.maxSessionDuration !== s.maxSessionDuration) {
      change.details.push(`max session duration: ${role.maxSessionDuration} → ${s.maxSessionDuration} s`)
      change.calls.push({ service: 'iam', command: 'UpdateRole', input: { RoleName: s.roleName, MaxSessionDuration: s.maxSessionDuration } })
    }
    const roleTags = missingTags(tags, role.tags)
    if (roleTags.length > 0) {
      change.details.push(`tags: add ${roleTags.map((t) => `${t.Key}=${t.Value}`).join(', ')}`)
      change.calls.push({ service: 'iam', command: 'TagRole', input: { RoleName: s.roleName, Tags: roleTags } })
    }
    changes.push(change.calls.length > 0 ? change : { ...change, kind: 'none' })
    for (const name of role.otherInlinePolicies) leftAlone.push(`${roleName} also has inline policy ${name} (not created by setup; it may grant more than pushing)`)
    for (const arn of role.attachedPolicies) leftAlone.push(`${roleName} also has managed policy ${arn} attached (not created by setup)`)
  }

  // 3. the push policy, inline on the role
  const policyName = `inline policy ${PUSH_POLICY_NAME} on ${s.roleName}`
  if (current.pushPolicy === undefined || !sameDocument(current.pushPolicy, push)) {
    const kind = current.pushPolicy === undefined ? 'create' : 'update'
    changes.push({ resource: policyName, kind, details: kind === 'create' ? addedLines(push) : diffDocuments(current.pushPolicy, push), calls: [
      { service: 'iam', command: 'PutRolePolicy', input: { RoleName: s.roleName, PolicyName: PUSH_POLICY_NAME, PolicyDocument: JSON.stringify(push) } },
    ] })
  } else {
    changes.push({ resource: policyName, kind: 'none', details: [], calls: [] })
  }

  // 4. the ECR repository, then its lifecycle policy
  const repoName = `ECR repository ${s.repository}`
  const exclusionInput = exclusions.length > 0 ? { imageTagMutabilityExclusionFilters: exclusions.map((filter) => ({ filterType: 'WILDCARD', filter })) } : {}
  if (!current.repository) {
    changes.push({ resource: repoName, kind: 'create', details: [
      'scan on push', `tags ${mutability}${exclusions.length > 0 ? ` (writable: ${exclusions.join(', ')})` : ''}`,
      `encryption ${encryption.encryptionType}${s.kmsKey ? ` (${s.kmsKey})` : ''}`,
    ], calls: [
      { service: 'ecr', command: 'CreateRepository', input: {
        repositoryName: s.repository, imageScanningConfiguration: { scanOnPush: true }, imageTagMutability: mutability,
        ...exclusionInput, encryptionConfiguration: encryption, tags,
      } },
    ] })
  } else {
    const repo = current.repository
    const change: Change = { resource: repoName, kind: 'update', details: [], calls: [] }
    if (!repo.scanOnPush) {
      change.details.push('scan on push: off → on')
      change.calls.push({ service: 'ecr', command: 'PutImageScanningConfiguration', input: { repositoryName: s.repository, imageScanningConfiguration: { scanOnPush: true } } })
    }
    const sameExclusions = [...repo.exclusionFilters].sort().join(',') === [...exclusions].sort().join(',')
    if (repo.tagMutability !== mutability || !sameExclusions) {
      change.details.push(`tag mutability: ${repo.tagMutability}${repo.exclusionFilters.length ? ` (${repo.exclusionFilters.join(', ')})` : ''} → ${mutability}${exclusions.length ? ` (${exclusions.join(', ')})` : ''}`)
      change.calls.push({ service: 'ecr', command: 'PutImageTagMutability', input: { repositoryName: s.repository, imageTagMutability: mutability, ...exclusionInput } })
    }
    const repoTags = missingTags(tags, repo.tags)
    if (repoTags.length > 0) {
      change.details.push(`tags: add ${repoTags.map((t) => `${t.Key}=${t.Value}`).join(', ')}`)
      change.calls.push({ service: 'ecr', command: 'TagResource', input: { resourceArn: repositoryArn(s.accountId, s.region, s.repository), tags: repoTags } })
    }
    changes.push(change.calls.length > 0 ? change : { ...change, kind: 'none' })
    if (repo.encryptionType !== encryption.encryptionType || (s.kmsKey && repo.kmsKey !== s.kmsKey)) {
      leftAlone.push(`${repoName} is encrypted with ${repo.encryptionType}${repo.kmsKey ? ` (${repo.kmsKey})` : ''}, not ${encryption.encryptionType}${s.kmsKey ? ` (${s.kmsKey})` : ''}: ECR sets encryption only at creation, so changing it means replacing the repository`)
    }
  }

  const lifecycleName = `lifecycle policy on ${s.repository}`
  const lifecycleCall: PlannedCall = { service: 'ecr', command: 'PutLifecyclePolicy', input: { repositoryName: s.repository, lifecyclePolicyText: JSON.stringify(lifecycle) } }
  const rules = [`untagged images expire after ${s.untaggedDays} days`, `keep the last ${s.keepTagged} tagged images`]
  const currentLifecycle = current.repository ? current.lifecycle : undefined
  if (!currentLifecycle || currentLifecycle.state === 'absent') {
    changes.push({ resource: lifecycleName, kind: 'create', details: rules, calls: [lifecycleCall] })
  } else if (currentLifecycle.state === 'unreadable') {
    changes.push({ resource: lifecycleName, kind: 'update', details: [`the current policy could not be read (${currentLifecycle.reason}); setting it again`], calls: [lifecycleCall] })
  } else if (!sameDocument(currentLifecycle.policy, lifecycle)) {
    changes.push({ resource: lifecycleName, kind: 'update', details: diffDocuments(currentLifecycle.policy, lifecycle), calls: [lifecycleCall] })
  } else {
    changes.push({ resource: lifecycleName, kind: 'none', details: [], calls: [] })
  }

  const registry = registryFor(s.accountId, s.region)
  return {
    changes, leftAlone,
    roleArn: roleArnFor(s.accountId, s.roleName, s.region),
    repositoryUri: `${registry}/${s.repository}`,
  }
}

export function writeCalls(plan: Plan): PlannedCall[] {
  return plan.changes.flatMap((change) => change.calls)
}

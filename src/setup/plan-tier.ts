/** One tier's side of the plan: its role, inline policies, ECR repository, repository policy and lifecycle (pure). */
import { addedLines, diffDocuments, sameDocument } from '../diff.js'
import type { SetupSettings, TierUnit } from './settings.js'
import { repositoryPolicy } from './readers.js'
import {
  DEPLOY_POLICY_NAME,
  PULL_POLICY_NAME,
  PUSH_POLICY_NAME,
  lifecyclePolicy,
  movingTagFilters,
  pullPolicy,
  pushPolicy,
  repositoryArn,
  resourceTags,
  tagMutability,
  trustPolicy,
} from './policies.js'
import { deployPolicy } from './deploy-policy.js'
import {
  type Change,
  type CurrentState,
  type PlannedCall,
  type TierState,
  missingTags,
  showTags,
  updateOrNone,
} from './changes.js'

/** Everything setup declares for one tier, derived once from the settings. */
function desiredState(s: SetupSettings, unit: TierUnit) {
  const { mutability, exclusions } = tagMutability(
    unit.tier,
    s.immutableTags,
    movingTagFilters(s.defaultBranch, s.branches),
  )
  return {
    ...unit,
    tags: resourceTags(s.githubRepository, unit.tier),
    trust: trustPolicy(s.accountId, s.region, s.audience, s, unit.tier),
    push: pushPolicy(s.accountId, s.region, unit.repository, unit.promoteFrom),
    pull: pullPolicy(s.accountId, s.region, s.pullFrom),
    lifecycle: lifecyclePolicy(unit.tier, s),
    repositoryPolicy: repositoryPolicy(s, unit.tier),
    exclusions,
    exclusionInput:
      exclusions.length > 0
        ? { imageTagMutabilityExclusionFilters: exclusions.map((filter) => ({ filterType: 'WILDCARD', filter })) }
        : {},
    mutability,
    encryption: s.kmsKey ? { encryptionType: 'KMS', kmsKey: s.kmsKey } : { encryptionType: 'AES256' },
  }
}
type Desired = ReturnType<typeof desiredState>

function planRole(s: SetupSettings, d: Desired, current: TierState['role'], leftAlone: string[]): Change {
  const resource = `IAM role ${d.roleName}`
  if (!current) {
    const purpose = s.pullOnly ? `pulls from ECR ${s.pullFrom.join(', ')}` : `pushes to ECR ${d.repository}`
    return {
      resource,
      kind: 'create',
      details: ['trust policy:', ...addedLines(d.trust).map((line) => `  ${line}`)],
      calls: [
        {
          service: 'iam',
          command: 'CreateRole',
          input: {
            RoleName: d.roleName,
            AssumeRolePolicyDocument: JSON.stringify(d.trust),
            MaxSessionDuration: s.maxSessionDuration,
            Description: `GitHub Actions in ${s.githubRepository} ${purpose} (ecr-oidc-push)`.slice(0, 1000),
            Tags: d.tags,
          },
        },
      ],
    }
  }
  for (const name of current.otherInlinePolicies)
    leftAlone.push(`${resource} also has inline policy ${name} (not created by setup; it may grant more than pushing)`)
  for (const arn of current.attachedPolicies)
    leftAlone.push(`${resource} also has managed policy ${arn} attached (not created by setup)`)
  const edits: Array<{ detail: string[]; call: PlannedCall }> = []
  if (!sameDocument(current.trustPolicy, d.trust)) {
    edits.push({
      detail: ['trust policy:', ...diffDocuments(current.trustPolicy, d.trust).map((line) => `  ${line}`)],
      call: {
        service: 'iam',
        command: 'UpdateAssumeRolePolicy',
        input: { RoleName: d.roleName, PolicyDocument: JSON.stringify(d.trust) },
      },
    })
  }
  if (current.maxSessionDuration !== s.maxSessionDuration) {
    edits.push({
      detail: [`max session duration: ${current.maxSessionDuration} → ${s.maxSessionDuration} s`],
      call: {
        service: 'iam',
        command: 'UpdateRole',
        input: { RoleName: d.roleName, MaxSessionDuration: s.maxSessionDuration },
      },
    })
  }
  const tags = missingTags(d.tags, current.tags)
  if (tags.length > 0)
    edits.push({
      detail: [`tags: add ${showTags(tags)}`],
      call: { service: 'iam', command: 'TagRole', input: { RoleName: d.roleName, Tags: tags } },
    })
  return updateOrNone(resource, edits)
}

/** A policy setup keeps inline on the role (push, pull). */
function planInlinePolicy(roleName: string, policyName: string, desired: object, current: unknown): Change {
  const resource = `inline policy ${policyName} on ${roleName}`
  const call: PlannedCall = {
    service: 'iam',
    command: 'PutRolePolicy',
    input: { RoleName: roleName, PolicyName: policyName, PolicyDocument: JSON.stringify(desired) },
  }
  if (current === undefined) return { resource, kind: 'create', details: addedLines(desired), calls: [call] }
  return updateOrNone(
    resource,
    sameDocument(current, desired) ? [] : [{ detail: diffDocuments(current, desired), call }],
  )
}

function planRepository(s: SetupSettings, d: Desired, current: TierState['repository'], leftAlone: string[]): Change {
  const resource = `ECR repository ${d.repository}`
  const showMutability = (mutability: string, filters: string[]) =>
    `${mutability}${filters.length > 0 ? ` (writable: ${filters.join(', ')})` : ''}`
  if (!current) {
    return {
      resource,
      kind: 'create',
      details: [
        'scan on push',
        `tags ${showMutability(d.mutability, d.exclusions)}`,
        `encryption ${d.encryption.encryptionType}${s.kmsKey ? ` (${s.kmsKey})` : ''}`,
      ],
      calls: [
        {
          service: 'ecr',
          command: 'CreateRepository',
          input: {
            repositoryName: d.repository,
            imageScanningConfiguration: { scanOnPush: true },
            imageTagMutability: d.mutability,
            ...d.exclusionInput,
            encryptionConfiguration: d.encryption,
            tags: d.tags,
          },
        },
      ],
    }
  }
  if (current.encryptionType !== d.encryption.encryptionType || (s.kmsKey && current.kmsKey !== s.kmsKey)) {
    leftAlone.push(
      `${resource} is encrypted with ${current.encryptionType}${current.kmsKey ? ` (${current.kmsKey})` : ''}, ` +
        `not ${d.encryption.encryptionType}${s.kmsKey ? ` (${s.kmsKey})` : ''}: ` +
        'ECR sets encryption only at creation, so changing it means replacing the repository',
    )
  }
  const edits: Array<{ detail: string[]; call: PlannedCall }> = []
  if (!current.scanOnPush) {
    edits.push({
      detail: ['scan on push: off → on'],
      call: {
        service: 'ecr',
        command: 'PutImageScanningConfiguration',
        input: { repositoryName: d.repository, imageScanningConfiguration: { scanOnPush: true } },
      },
    })
  }
  const sameExclusions = [...current.exclusionFilters].sort().join(',') === [...d.exclusions].sort().join(',')
  if (current.tagMutability !== d.mutability || !sameExclusions) {
    edits.push({
      detail: [
        `tag mutability: ${showMutability(current.tagMutability, current.exclusionFilters)} → ` +
          `${showMutability(d.mutability, d.exclusions)}`,
      ],
      call: {
        service: 'ecr',
        command: 'PutImageTagMutability',
        input: { repositoryName: d.repository, imageTagMutability: d.mutability, ...d.exclusionInput },
      },
    })
  }
  const tags = missingTags(d.tags, current.tags)
  if (tags.length > 0) {
    edits.push({
      detail: [`tags: add ${showTags(tags)}`],
      call: {
        service: 'ecr',
        command: 'TagResource',
        input: { resourceArn: repositoryArn(s.accountId, s.region, d.repository), tags },
      },
    })
  }
  return updateOrNone(resource, edits)
}

/** The repository policy that lets developers and consumers in; one setup did not declare is left alone. */
function planRepositoryPolicy(d: Desired, current: TierState['repositoryPolicy'], leftAlone: string[]): Change[] {
  const resource = `repository policy on ${d.repository}`
  if (!d.repositoryPolicy) {
    if (current !== undefined)
      leftAlone.push(
        `ECR repository ${d.repository} has a repository policy ` +
          'that no developers or consumers of this setup declare; it stays as it is',
      )
    return []
  }
  const call: PlannedCall = {
    service: 'ecr',
    command: 'SetRepositoryPolicy',
    input: { repositoryName: d.repository, policyText: JSON.stringify(d.repositoryPolicy) },
  }
  if (current === undefined)
    return [{ resource, kind: 'create', details: addedLines(d.repositoryPolicy), calls: [call] }]
  return [
    updateOrNone(
      resource,
      sameDocument(current, d.repositoryPolicy) ? [] : [{ detail: diffDocuments(current, d.repositoryPolicy), call }],
    ),
  ]
}

function planLifecycle(d: Desired, current: TierState['lifecycle']): Change {
  const resource = `lifecycle policy on ${d.repository}`
  const call: PlannedCall = {
    service: 'ecr',
    command: 'PutLifecyclePolicy',
    input: { repositoryName: d.repository, lifecyclePolicyText: JSON.stringify(d.lifecycle) },
  }
  if (!current || current.state === 'absent') {
    return {
      resource,
      kind: 'create',
      details: d.lifecycle.rules.map((rule) => rule.description.replace(/^./, (c) => c.toLowerCase())),
      calls: [call],
    }
  }
  if (current.state === 'unreadable') {
    return {
      resource,
      kind: 'update',
      details: [`the current policy could not be read (${current.reason}); setting it again`],
      calls: [call],
    }
  }
  return updateOrNone(
    resource,
    sameDocument(current.policy, d.lifecycle) ? [] : [{ detail: diffDocuments(current.policy, d.lifecycle), call }],
  )
}

/** One tier's resources. The ECS deploy grant goes to the main tier's role: deploys follow the default branch. */
export function planTier(
  s: SetupSettings,
  unit: TierUnit,
  current: TierState,
  all: Omit<CurrentState, 'callerArn' | 'provider'>,
  leftAlone: string[],
): Change[] {
  const d = desiredState(s, unit)
  const changes = [planRole(s, d, current.role, leftAlone)]
  if (!s.pullOnly) changes.push(planInlinePolicy(d.roleName, PUSH_POLICY_NAME, d.push, current.pushPolicy))
  else if (current.pushPolicy !== undefined)
    leftAlone.push(
      `IAM role ${d.roleName} still has inline policy ${PUSH_POLICY_NAME} ` +
        'from an earlier setup, which lets it push; a pull-only role would not',
    )
  if (s.pullFrom.length > 0) changes.push(planInlinePolicy(d.roleName, PULL_POLICY_NAME, d.pull, current.pullPolicy))
  if (s.ecsServices.length > 0 && d.tier === 'main') {
    const grants = all.ecsGrants ?? s.ecsServices.map((e) => ({ ...e, passRoles: [] }))
    changes.push(
      planInlinePolicy(
        d.roleName,
        DEPLOY_POLICY_NAME,
        deployPolicy(s.accountId, s.region, grants),
        current.deployPolicy,
      ),
    )
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

/** Reads what exists now in IAM and ECR, for the plan. Every call here is a read. */
import {
  DescribeRepositoriesCommand,
  GetLifecyclePolicyCommand,
  GetRepositoryPolicyCommand,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-ecr'
import {
  GetOpenIDConnectProviderCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
} from '@aws-sdk/client-iam'
import { DescribeServicesCommand, DescribeTaskDefinitionCommand } from '@aws-sdk/client-ecs'
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts'
import { parsePolicyDocument } from '../diff.js'
import type { SetupSettings } from './settings.js'
import { DEPLOY_POLICY_NAME, PULL_POLICY_NAME, PUSH_POLICY_NAME, oidcProviderArn } from './policies.js'
import type { EcsServiceGrant } from './deploy-policy.js'
import { type CurrentState, type TierState, repositoryVariables } from './plan.js'
import { type RegionClients, SetupError, sendOrExplain } from './calls.js'

/** The inline policies setup keeps on a role; any other is someone else's and left alone. */
const SETUP_POLICIES = [PUSH_POLICY_NAME, PULL_POLICY_NAME, DEPLOY_POLICY_NAME]

/** Absent things answer with these errors; anything else is a real failure. */
const NOT_FOUND =
  /NoSuchEntity|RepositoryNotFoundException|LifecyclePolicyNotFoundException|RepositoryPolicyNotFoundException/

async function orAbsent<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read
  } catch (error) {
    const cause = error instanceof SetupError ? error.cause : error
    if (NOT_FOUND.test((cause as Error)?.name ?? '')) return undefined
    throw error
  }
}

export async function readCurrentState(s: SetupSettings, clients: RegionClients): Promise<CurrentState> {
  const account = await readAccount(s, clients)
  return { ...account, ...(await readRepositoryState(s, clients, account.callerArn)) }
}

/** Who is calling (in the right account, or nothing goes on) and the account's GitHub OIDC provider. */
export async function readAccount(
  s: Pick<SetupSettings, 'accountId' | 'region' | 'oidcIssuer'>,
  clients: RegionClients,
): Promise<Pick<CurrentState, 'callerArn' | 'provider'>> {
  const caller = await sendOrExplain(
    clients,
    (abortSignal) => clients.sts.send(new GetCallerIdentityCommand({}), { abortSignal }),
    'sts:GetCallerIdentity',
    'your AWS credentials',
    '',
  )
  if (caller.Account !== s.accountId) {
    throw new SetupError(
      `The AWS credentials in use (${caller.Arn}) are for account ${caller.Account}, ` +
        `but account-id is ${s.accountId}. ` +
        `Use credentials for ${s.accountId}, or fix account-id. Nothing was changed.`,
    )
  }
  const callerArn = caller.Arn ?? 'the caller'
  const provider = await orAbsent(
    sendOrExplain(
      clients,
      (abortSignal) =>
        clients.iam.send(
          new GetOpenIDConnectProviderCommand({
            OpenIDConnectProviderArn: oidcProviderArn(s.accountId, s.region, s.oidcIssuer),
          }),
          { abortSignal },
        ),
      'iam:GetOpenIDConnectProvider',
      `the OIDC provider for ${s.oidcIssuer}`,
      callerArn,
    ),
  )
  return { callerArn, ...(provider ? { provider: { clientIds: provider.ClientIDList ?? [] } } : {}) }
}

/** One repository's side: each tier's role and repository, its pull-from sources and ECS services. */
export async function readRepositoryState(
  s: SetupSettings,
  clients: RegionClients,
  callerArn: string,
): Promise<Omit<CurrentState, 'callerArn' | 'provider'>> {
  const read: Read = (send, permission, resource) => sendOrExplain(clients, send, permission, resource, callerArn)
  const state: Omit<CurrentState, 'callerArn' | 'provider'> = { tiers: {} }
  if (s.ecsServices.length > 0) Object.assign(state, await readEcsGrants(s, clients, read))
  const pullSources = await Promise.all(
    s.pullFrom.map(async (name) => ({
      name,
      exists: Boolean(
        await orAbsent(
          read(
            (abortSignal) =>
              clients.ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [name] }), { abortSignal }),
            'ecr:DescribeRepositories',
            `ECR repository ${name}`,
          ),
        ),
      ),
    })),
  )
  state.missingPullSources = pullSources.filter((source) => !source.exists).map((source) => source.name)
  for (const unit of s.units) {
    state.tiers[unit.tier] = {
      ...(await readRole(unit.roleName, clients.iam, read)),
      ...(s.pullOnly ? {} : await readRepository(unit.repository, clients, read, callerArn)),
    }
  }
  const github = clients.github
  if (github) {
    const names = Object.keys(repositoryVariables(s))
    const values = await Promise.all(names.map((name) => github.variable(s.githubRepository, name)))
    state.variables = Object.fromEntries(names.map((name, i) => [name, values[i]]))
  }
  return state
}

/** A tier's role and the inline policies setup keeps on it. */
async function readRole(roleName: string, iam: RegionClients['iam'], read: Read): Promise<TierState> {
  const role = await orAbsent(
    read(
      (abortSignal) => iam.send(new GetRoleCommand({ RoleName: roleName }), { abortSignal }),
      'iam:GetRole',
      `IAM role ${roleName}`,
    ),
  )
  if (!role?.Role) return {}
  const inline = await read(
    (abortSignal) => iam.send(new ListRolePoliciesCommand({ RoleName: roleName }), { abortSignal }),
    'iam:ListRolePolicies',
    `IAM role ${roleName}`,
  )
  const attached = await read(
    (abortSignal) => iam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName }), { abortSignal }),
    'iam:ListAttachedRolePolicies',
    `IAM role ${roleName}`,
  )
  const state: TierState = {
    role: {
      trustPolicy: parsePolicyDocument(role.Role.AssumeRolePolicyDocument),
      maxSessionDuration: role.Role.MaxSessionDuration ?? 3600,
      tags: (role.Role.Tags ?? []).map((t) => ({ Key: t.Key ?? '', Value: t.Value ?? '' })),
      otherInlinePolicies: (inline.PolicyNames ?? []).filter((name) => !SETUP_POLICIES.includes(name)),
      attachedPolicies: (attached.AttachedPolicies ?? []).map((p) => p.PolicyArn ?? p.PolicyName ?? '?'),
    },
  }
  const inlinePolicy = async (name: string) => {
    const policy = await read(
      (abortSignal) => iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: name }), { abortSignal }),
      'iam:GetRolePolicy',
      `inline policy ${name}`,
    )
    return parsePolicyDocument(policy.PolicyDocument)
  }
  if (inline.PolicyNames?.includes(PUSH_POLICY_NAME)) state.pushPolicy = await inlinePolicy(PUSH_POLICY_NAME)
  if (inline.PolicyNames?.includes(PULL_POLICY_NAME)) state.pullPolicy = await inlinePolicy(PULL_POLICY_NAME)
  if (inline.PolicyNames?.includes(DEPLOY_POLICY_NAME)) state.deployPolicy = await inlinePolicy(DEPLOY_POLICY_NAME)
  return state
}

/** A tier's ECR repository: its settings, tags and lifecycle policy. */
async function readRepository(
  repository: string,
  clients: RegionClients,
  read: Read,
  callerArn: string,
): Promise<TierState> {
  const described = await orAbsent(
    read(
      (abortSignal) =>
        clients.ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [repository] }), { abortSignal }),
      'ecr:DescribeRepositories',
      `ECR repository ${repository}`,
    ),
  )
  const repo = described?.repositories?.[0]
  if (!repo) return {}
  const tags = await read(
    (abortSignal) =>
      clients.ecr.send(new ListTagsForResourceCommand({ resourceArn: repo.repositoryArn }), { abortSignal }),
    'ecr:ListTagsForResource',
    `ECR repository ${repository}`,
  )
  const policy = await orAbsent(
    read(
      (abortSignal) =>
        clients.ecr.send(new GetRepositoryPolicyCommand({ repositoryName: repository }), { abortSignal }),
      'ecr:GetRepositoryPolicy',
      `repository policy on ${repository}`,
    ),
  )
  return {
    ...(policy?.policyText ? { repositoryPolicy: parsePolicyDocument(policy.policyText) } : {}),
    repository: {
      scanOnPush: repo.imageScanningConfiguration?.scanOnPush ?? false,
      tagMutability: repo.imageTagMutability ?? 'MUTABLE',
      exclusionFilters: (repo.imageTagMutabilityExclusionFilters ?? []).map((f) => f.filter ?? ''),
      encryptionType: repo.encryptionConfiguration?.encryptionType ?? 'AES256',
      ...(repo.encryptionConfiguration?.kmsKey ? { kmsKey: repo.encryptionConfiguration.kmsKey } : {}),
      tags: (tags.tags ?? []).map((t) => ({ Key: t.Key ?? '', Value: t.Value ?? '' })),
    },
    lifecycle: await readLifecycle(clients, repository, callerArn),
  }
}

/**
 * The repository's lifecycle policy. An answer the SDK cannot parse is reported as unreadable (the
 * plan then sets the policy again, which is idempotent) rather than taken as absent or as matching.
 */
async function readLifecycle(
  clients: RegionClients,
  repository: string,
  callerArn: string,
): Promise<TierState['lifecycle']> {
  try {
    const answer = await orAbsent(
      sendOrExplain(
        clients,
        (abortSignal) =>
          clients.ecr.send(new GetLifecyclePolicyCommand({ repositoryName: repository }), { abortSignal }),
        'ecr:GetLifecyclePolicy',
        `lifecycle policy on ${repository}`,
        callerArn,
      ),
    )
    return answer ? { state: 'present', policy: parsePolicyDocument(answer.lifecyclePolicyText) } : { state: 'absent' }
  } catch (error) {
    const cause = (error instanceof SetupError ? error.cause : error) as { $response?: unknown; message?: string }
    if (cause?.$response !== undefined)
      return {
        state: 'unreadable',
        reason: `the SDK could not parse ECR's GetLifecyclePolicy answer: ${cause.message?.split('\n')[0]}`,
      }
    throw error
  }
}

type Read = <T>(send: (abortSignal: AbortSignal) => Promise<T>, permission: string, resource: string) => Promise<T>

/** Each ecs-service as ECS has it: the roles its task definition runs with, or missing. */
async function readEcsGrants(
  s: SetupSettings,
  clients: RegionClients,
  read: Read,
): Promise<Pick<CurrentState, 'ecsGrants' | 'missingEcsServices'>> {
  const ecsGrants: EcsServiceGrant[] = []
  const missingEcsServices: string[] = []
  for (const { cluster, service } of s.ecsServices) {
    const described = await read(
      (abortSignal) => clients.ecs.send(new DescribeServicesCommand({ cluster, services: [service] }), { abortSignal }),
      'ecs:DescribeServices',
      `ECS service ${cluster}/${service}`,
    )
    const found = described.services?.find((x) => x.status !== 'INACTIVE')
    if (!found?.taskDefinition) {
      missingEcsServices.push(`${cluster}/${service}`)
      ecsGrants.push({ cluster, service, passRoles: [] })
      continue
    }
    const task = await read(
      (abortSignal) =>
        clients.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: found.taskDefinition }), { abortSignal }),
      'ecs:DescribeTaskDefinition',
      `task definition ${found.taskDefinition}`,
    )
    const roles = [task.taskDefinition?.executionRoleArn, task.taskDefinition?.taskRoleArn].filter(
      (arn): arn is string => Boolean(arn),
    )
    ecsGrants.push({ cluster, service, passRoles: roles })
  }
  return { ecsGrants, missingEcsServices }
}

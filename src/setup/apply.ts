/** Plan → IAM and ECR calls, in order. */
import {
  CreateRepositoryCommand,
  DescribeRepositoriesCommand,
  PutImageScanningConfigurationCommand,
  PutImageTagMutabilityCommand,
  PutLifecyclePolicyCommand,
  SetRepositoryPolicyCommand,
  TagResourceCommand,
} from '@aws-sdk/client-ecr'
import {
  AddClientIDToOpenIDConnectProviderCommand,
  CreateOpenIDConnectProviderCommand,
  CreateRoleCommand,
  GetRoleCommand,
  ListOpenIDConnectProvidersCommand,
  PutRolePolicyCommand,
  TagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
} from '@aws-sdk/client-iam'
import type { EcrWrite, IamWrite, Plan, PlannedCall } from './plan.js'
import { type RegionClients, SetupError, sendOrExplain } from './calls.js'
import { checkedWrite } from '../remote.js'

// The plan's calls are data; this table is where data becomes SDK commands, so its types are loose.
type AnyCommand = new (input: any) => any // eslint-disable-line @typescript-eslint/no-explicit-any
const COMMANDS: { iam: Record<IamWrite, AnyCommand>; ecr: Record<EcrWrite, AnyCommand> } = {
  iam: {
    CreateOpenIDConnectProvider: CreateOpenIDConnectProviderCommand,
    AddClientIDToOpenIDConnectProvider: AddClientIDToOpenIDConnectProviderCommand,
    CreateRole: CreateRoleCommand,
    UpdateAssumeRolePolicy: UpdateAssumeRolePolicyCommand,
    UpdateRole: UpdateRoleCommand,
    TagRole: TagRoleCommand,
    PutRolePolicy: PutRolePolicyCommand,
  },
  ecr: {
    CreateRepository: CreateRepositoryCommand,
    PutImageScanningConfiguration: PutImageScanningConfigurationCommand,
    PutImageTagMutability: PutImageTagMutabilityCommand,
    TagResource: TagResourceCommand,
    SetRepositoryPolicy: SetRepositoryPolicyCommand,
    PutLifecyclePolicy: PutLifecyclePolicyCommand,
  },
}

function send(
  clients: RegionClients,
  call: Exclude<PlannedCall, { service: 'github' }>,
  abortSignal: AbortSignal,
): Promise<unknown> {
  return call.service === 'iam'
    ? clients.iam.send(new COMMANDS.iam[call.command](call.input), { abortSignal })
    : clients.ecr.send(new COMMANDS.ecr[call.command](call.input), { abortSignal })
}

/**
 * Whether a create whose answer was lost happened after all: the resource is there (read back). Undefined
 * when it is not, or for a write that is not a create (setting a document again is harmless).
 */
async function created(
  clients: RegionClients,
  call: Exclude<PlannedCall, { service: 'github' }>,
  abortSignal: AbortSignal,
): Promise<unknown> {
  const input = call.input as Record<string, unknown>
  const found = (read: Promise<unknown>) => read.then((answer) => answer ?? {}).catch(() => undefined)
  if (call.command === 'CreateRole')
    return found(clients.iam.send(new GetRoleCommand({ RoleName: String(input['RoleName']) }), { abortSignal }))
  if (call.command === 'CreateRepository') {
    const name = String(input['repositoryName'])
    return found(clients.ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [name] }), { abortSignal }))
  }
  if (call.command === 'CreateOpenIDConnectProvider') {
    const host = String(input['Url']).replace(/^https:\/\//, '')
    const listed = await clients.iam
      .send(new ListOpenIDConnectProvidersCommand({}), { abortSignal })
      .catch(() => undefined)
    return listed?.OpenIDConnectProviderList?.some((p) => p.Arn?.endsWith(`:oidc-provider/${host}`)) ? {} : undefined
  }
  return undefined
}

/** A repository variable: the GitHub API edge applies the remote-call policy itself. */
async function setVariable(
  clients: RegionClients,
  call: Extract<PlannedCall, { service: 'github' }>,
  resource: string,
): Promise<void> {
  const [repository, name, value] = [call.input['repository']!, call.input['name']!, call.input['value']!]
  try {
    if (call.command === 'CreateVariable') await clients.github!.createVariable(repository, name, value)
    else await clients.github!.updateVariable(repository, name, value)
  } catch (error) {
    throw new SetupError(
      `Setup stopped at ${resource}: ${(error as Error).message}\n` +
        'What came before this step is in place; re-run setup once this is fixed and it continues from here.',
      error,
    )
  }
}

/** Runs the plan's calls in order (provider, role, policy, repository, lifecycle); returns how many it made. */
export async function applyPlan(
  plan: Plan,
  clients: RegionClients,
  callerArn: string,
  log: (line: string) => void,
): Promise<number> {
  let made = 0
  for (const change of plan.changes) {
    for (const call of change.calls) {
      if (call.service === 'github') await setVariable(clients, call, change.resource)
      else
        await sendOrExplain(
          clients,
          // a create retried after a lost answer reads back first: "already exists" would fail the run
          checkedWrite(
            (abortSignal) => send(clients, call, abortSignal),
            (abortSignal) => created(clients, call, abortSignal),
          ),
          `${call.service}:${call.command}`,
          change.resource,
          callerArn,
          'write',
        )
      made++
      log(`${call.service}:${call.command} ${change.resource}: done`)
    }
  }
  return made
}

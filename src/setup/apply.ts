/** Plan → IAM and ECR calls, in order. */
import {
  CreateRepositoryCommand, PutImageScanningConfigurationCommand, PutImageTagMutabilityCommand, PutLifecyclePolicyCommand,
  SetRepositoryPolicyCommand, TagResourceCommand,
} from '@aws-sdk/client-ecr'
import {
  AddClientIDToOpenIDConnectProviderCommand, CreateOpenIDConnectProviderCommand, CreateRoleCommand, PutRolePolicyCommand,
  TagRoleCommand, UpdateAssumeRolePolicyCommand, UpdateRoleCommand,
} from '@aws-sdk/client-iam'
import type { EcrWrite, IamWrite, Plan, PlannedCall } from './plan.js'
import { type SetupClients, sendOrExplain } from './calls.js'

// The plan's calls are data; this table is where data becomes SDK commands, so its types are loose.
type AnyCommand = new (input: any) => any // eslint-disable-line @typescript-eslint/no-explicit-any
const COMMANDS: { iam: Record<IamWrite, AnyCommand>; ecr: Record<EcrWrite, AnyCommand> } = {
  iam: {
    CreateOpenIDConnectProvider: CreateOpenIDConnectProviderCommand, AddClientIDToOpenIDConnectProvider: AddClientIDToOpenIDConnectProviderCommand,
    CreateRole: CreateRoleCommand, UpdateAssumeRolePolicy: UpdateAssumeRolePolicyCommand, UpdateRole: UpdateRoleCommand,
    TagRole: TagRoleCommand, PutRolePolicy: PutRolePolicyCommand,
  },
  ecr: {
    CreateRepository: CreateRepositoryCommand, PutImageScanningConfiguration: PutImageScanningConfigurationCommand,
    PutImageTagMutability: PutImageTagMutabilityCommand, TagResource: TagResourceCommand, SetRepositoryPolicy: SetRepositoryPolicyCommand,
    PutLifecyclePolicy: PutLifecyclePolicyCommand,
  },
}

function send(clients: SetupClients, call: PlannedCall, abortSignal: AbortSignal): Promise<unknown> {
  return call.service === 'iam'
    ? clients.iam.send(new COMMANDS.iam[call.command](call.input), { abortSignal })
    : clients.ecr.send(new COMMANDS.ecr[call.command](call.input), { abortSignal })
}

/** Runs the plan's calls in order (provider, role, policy, repository, lifecycle); returns how many it made. */
export async function applyPlan(plan: Plan, clients: SetupClients, callerArn: string, log: (line: string) => void): Promise<number> {
  let made = 0
  for (const change of plan.changes) {
    for (const call of change.calls) {
      await sendOrExplain(clients, (abortSignal) => send(clients, call, abortSignal), `${call.service}:${call.command}`, change.resource, callerArn, 'write')
      made++
      log(`${call.service}:${call.command} ${change.resource}: done`)
    }
  }
  return made
}

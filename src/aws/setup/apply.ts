/** Plan → IAM and ECR calls, in order. */
import {
  CreateRepositoryCommand, PutImageScanningConfigurationCommand, PutImageTagMutabilityCommand, PutLifecyclePolicyCommand,
  TagResourceCommand,
} from '@aws-sdk/client-ecr'
import {
  AddClientIDToOpenIDConnectProviderCommand, CreateOpenIDConnectProviderCommand, CreateRoleCommand, PutRolePolicyCommand,
  TagRoleCommand, UpdateAssumeRolePolicyCommand, UpdateRoleCommand,
} from '@aws-sdk/client-iam'
import type { Plan } from './plan.js'
import { type SetupClients, SetupError, sendOrExplain } from './calls.js'

// The plan's calls are data; this table is where data becomes SDK commands, so its types are loose.
type AnyCommand = new (input: any) => any // eslint-disable-line @typescript-eslint/no-explicit-any
const COMMANDS: Record<'iam' | 'ecr', Record<string, AnyCommand>> = {
  iam: {
    CreateOpenIDConnectProvider: CreateOpenIDConnectProviderCommand, AddClientIDToOpenIDConnectProvider: AddClientIDToOpenIDConnectProviderCommand,
    CreateRole: CreateRoleCommand, UpdateAssumeRolePolicy: UpdateAssumeRolePolicyCommand, UpdateRole: UpdateRoleCommand,
    TagRole: TagRoleCommand, PutRolePolicy: PutRolePolicyCommand,
  },
  ecr: {
    CreateRepository: CreateRepositoryCommand, PutImageScanningConfiguration: PutImageScanningConfigurationCommand,
    PutImageTagMutability: PutImageTagMutabilityCommand, TagResource: TagResourceCommand, PutLifecyclePolicy: PutLifecyclePolicyCommand,
  },
}

/** Runs the plan's calls in order (provider, role, policy, repository, lifecycle); returns how many it made. */
export async function applyPlan(plan: Plan, clients: SetupClients, callerArn: string, log: (line: string) => void): Promise<number> {
  let made = 0
  for (const change of plan.changes) {
    for (const call of change.calls) {
      const Command = COMMANDS[call.service][call.command]
      if (!Command) throw new SetupError(`Internal: no SDK command for ${call.service}:${call.command}`)
      const command = new Command(call.input)
      const send = () => (call.service === 'iam' ? clients.iam.send(command) : clients.ecr.send(command))
      await sendOrExplain(send, `${call.service}:${call.command}`, change.resource, callerArn, 'write')
      made++
      log(`${call.service}:${call.command} ${change.resource}: done`)
    }
  }
  return made
}

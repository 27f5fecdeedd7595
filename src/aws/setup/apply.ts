/** Plan → IAM and ECR calls, each failure explained: which resource, which call, which permission. */
import {
  CreateRepositoryCommand, PutImageScanningConfigurationCommand, PutImageTagMutabilityCommand, PutLifecyclePolicyCommand,
  TagResourceCommand,
} from '@aws-sdk/client-ecr'
import {
  AddClientIDToOpenIDConnectProviderCommand, CreateOpenIDConnectProviderCommand, CreateRoleCommand, PutRolePolicyCommand,
  TagRoleCommand, UpdateAssumeRolePolicyCommand, UpdateRoleCommand,
} from '@aws-sdk/client-iam'
import { ExplainedError, describeAwsError } from '../../errors.js'
import { withRetry } from '../../retry.js'
import type { Plan } from './plan.js'
import type { SetupClients } from './state.js'

/** A setup failure, explained: which resource, which call, and what to do. */
export class SetupError extends ExplainedError {
  override name = 'SetupError'
  constructor(message: string, override readonly cause?: unknown) {
    super(message)
  }
}

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

/**
 * Sends one call with bounded retry; a failure becomes a SetupError that names the resource, the call,
 * and — for AccessDenied — the permission (`iam:CreateRole`) the caller lacks.
 */
export async function sendOrExplain<T>(
  send: () => Promise<T>, permission: string, resource: string, callerArn: string, phase: 'read' | 'write' = 'read',
): Promise<T> {
  try {
    return await withRetry(send)
  } catch (error) {
    const who = callerArn ? `The credentials in use (${callerArn})` : 'Your credentials'
    const where = phase === 'read' ? `Reading ${resource}` : `Setup stopped at ${resource}`
    const after = phase === 'read'
      ? 'Nothing was changed.'
      : 'What came before this step is in place; re-run setup once this is fixed and it continues from here.'
    const name = (error as Error)?.name ?? ''
    if (/AccessDenied|UnauthorizedOperation|NotAuthorized/.test(name)) {
      throw new SetupError(`${where}: ${permission} was denied (${describeAwsError(error)}).\n${who} need ${permission}. ${after}`, error)
    }
    throw new SetupError(`${where}: ${permission} failed: ${describeAwsError(error)}\n${after}`, error)
  }
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

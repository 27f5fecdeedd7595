/** One IAM/ECR/STS call for setup, with retry, and its failure explained for a person. */
import { endpointOf } from '../aws/client-config.js'
import type { Edges } from '../edges.js'
import type { GitHubApi } from '../github/api.js'
import { ExplainedError, describeAwsError } from '../errors.js'
import { type CallOptions, RemoteUnavailable, callRemote } from '../remote.js'

/** The clients of one region, made once from the Edges by setup's orchestrator and used by every read and write. */
export type RegionClients = { [K in 'iam' | 'ecr' | 'sts' | 'ecs']: Awaited<ReturnType<Edges[K]>> } & {
  /** with a GitHub token: the repositories' facts, and their variables AWS_ACCOUNT_ID and AWS_REGION */
  github?: GitHubApi
}

/** A setup failure, explained: which resource, which call, and what to do. */
export class SetupError extends ExplainedError {
  override name = 'SetupError'
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message)
  }
}

/**
 * Sends one call with bounded retry; a failure becomes a SetupError that names the resource, the call,
 * and — for AccessDenied — the permission (`iam:CreateRole`) the caller lacks.
 */
export async function sendOrExplain<T>(
  clients: RegionClients,
  send: (abortSignal: AbortSignal) => Promise<T>,
  permission: string,
  resource: string,
  callerArn: string,
  phase: 'read' | 'write' = 'read',
  options: CallOptions = {},
): Promise<T> {
  const [service = '', call = ''] = permission.split(':')
  const client = clients[service as keyof RegionClients] as object | undefined
  try {
    return await callRemote(
      { service: `AWS ${service.toUpperCase()}`, call, endpoint: () => client && endpointOf(client) },
      send,
      options,
    )
  } catch (error) {
    const who = callerArn ? `The credentials in use (${callerArn})` : 'Your credentials'
    const where = phase === 'read' ? `Reading ${resource}` : `Setup stopped at ${resource}`
    const after =
      phase === 'read'
        ? 'Nothing was changed.'
        : 'What came before this step is in place; re-run setup once this is fixed and it continues from here.'
    const name = (error as Error)?.name ?? ''
    if (error instanceof RemoteUnavailable) throw new SetupError(`${where}: ${error.message}\n${after}`, error)
    if (/AccessDenied|UnauthorizedOperation|NotAuthorized/.test(name)) {
      throw new SetupError(
        `${where}: ${permission} was denied (${describeAwsError(error)}).\n${who} need ${permission}. ${after}`,
        error,
      )
    }
    throw new SetupError(`${where}: ${permission} failed: ${describeAwsError(error)}\n${after}`, error)
  }
}

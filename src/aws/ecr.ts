import { type ECRClient, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr'
import { type CallOptions, RemoteUnavailable, callRemote } from '../remote.js'
import { ExplainedError, describeAwsError } from '../errors.js'
import { endpointOf } from './clients.js'
import { UNAVAILABLE_HINT } from './credentials.js'

export interface RegistryLogin {
  /** host name docker logs into, from ECR's proxy endpoint */
  registry: string
  username: string
  password: string
}

/** `base64(user:password)` as ECR returns it → its parts. */
export function decodeAuthorizationToken(token: string): { username: string; password: string } {
  const decoded = Buffer.from(token, 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon <= 0) throw new ExplainedError('ECR returned an authorization token that is not user:password.')
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) }
}

/**
 * ECR GetAuthorizationToken → docker credentials; the token and password are masked before this returns
 * (the password not when it is to leave the job as an output: the runner drops an output holding a masked value).
 */
export async function ecrLogin(ecr: ECRClient, mask: (secret: string) => void, options: CallOptions & { maskPassword?: boolean } = {}): Promise<RegistryLogin> {
  let answer
  try {
    answer = await callRemote({ service: 'AWS ECR', call: 'GetAuthorizationToken', endpoint: () => endpointOf(ecr) }, (abortSignal) => ecr.send(new GetAuthorizationTokenCommand({}), { abortSignal }), options)
  } catch (error) {
    if (error instanceof RemoteUnavailable) throw new ExplainedError(`ECR login failed: ${error.message}\n${UNAVAILABLE_HINT}`)
    const hint = /AccessDenied/.test((error as Error).name)
      ? ' The role needs ecr:GetAuthorizationToken on "*" (setup mode grants it).'
      : ''
    throw new ExplainedError(`ECR GetAuthorizationToken failed: ${describeAwsError(error)}.${hint}`)
  }
  const data = answer.authorizationData?.[0]
  if (!data?.authorizationToken || !data.proxyEndpoint) {
    throw new ExplainedError('ECR GetAuthorizationToken answered without a token or endpoint.')
  }
  mask(data.authorizationToken)
  const { username, password } = decodeAuthorizationToken(data.authorizationToken)
  if (options.maskPassword !== false) mask(password)
  return { registry: new URL(data.proxyEndpoint).host, username, password }
}

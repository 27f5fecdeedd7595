/**
 * Signing in to ECR, the same for every mode: the identity (identity.ts), one ECR authorization token, and
 * docker logged into each registry it serves: into the step's private docker config (push, merge), or with
 * `docker login` into the job's (login). Loading this module loads the AWS SDK, which push mode does while
 * docker prepares the builder.
 */
import { type ECRClient, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr'
import { endpointOf } from '../aws/client-config.js'
import { jobConfigDir } from '../docker/config.js'
import type { RegistryLogin } from '../docker/docker.js'
import { dockerLogin, logInto } from '../docker/logins.js'
import type { Edges } from '../edges.js'
import { ExplainedError, describeAwsError } from '../errors.js'
import { registryFor } from '../naming.js'
import { STATE } from '../post-state.js'
import { type CallOptions, RemoteUnavailable, callRemote } from '../remote.js'
import type { PhaseTimer } from '../summary.js'
import { type Identity, type IdentitySettings, resolveIdentity } from './identity.js'
import { UNAVAILABLE_HINT } from './sts.js'

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
export async function ecrLogin(
  ecr: ECRClient,
  mask: (secret: string) => void,
  options: CallOptions & { maskPassword?: boolean } = {},
): Promise<RegistryLogin> {
  let answer
  try {
    answer = await callRemote(
      { service: 'AWS ECR', call: 'GetAuthorizationToken', endpoint: () => endpointOf(ecr) },
      (abortSignal) => ecr.send(new GetAuthorizationTokenCommand({}), { abortSignal }),
      options,
    )
  } catch (error) {
    if (error instanceof RemoteUnavailable)
      throw new ExplainedError(`ECR login failed: ${error.message}\n${UNAVAILABLE_HINT}`)
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

/** What signing in needs beyond the identity: other accounts' registries, and whether the password leaves the job. */
export interface SignInSettings extends IdentitySettings {
  /** account IDs whose registries (in the same region) docker also logs into with the one token */
  registries?: string[]
  /** the password is to leave the job as an output (login mode's expose-credentials): it is not masked */
  exposePassword?: boolean
  /** the step's private docker config (docker/config.ts) to write the login into; without it, `docker login` */
  dockerConfig?: string
}

export interface SignedIn {
  identity: Identity
  /** the ECR client with these credentials, for what the run asks of ECR next */
  ecr: ECRClient
  /** the token's registry, its username and password */
  login: RegistryLogin
  /** every registry host docker logged into, the token's own first */
  registries: string[]
}

/**
 * Credentials, one ECR token, then docker logged into each registry: written into the private docker config,
 * or `docker login` into the job's, of which the post step is told at once, so it logs out of whatever
 * succeeded before a later failure. Without `credentialsRequired` a run may go on with neither.
 */
export async function signInToEcr(
  settings: SignInSettings & { credentialsRequired: true },
  edges: Edges,
  timer: PhaseTimer,
): Promise<SignedIn>
export async function signInToEcr(
  settings: SignInSettings,
  edges: Edges,
  timer: PhaseTimer,
): Promise<SignedIn | undefined>
export async function signInToEcr(
  settings: SignInSettings,
  edges: Edges,
  timer: PhaseTimer,
): Promise<SignedIn | undefined> {
  const identity = await resolveIdentity(settings, edges, timer)
  if (!identity) return undefined
  edges.out.info(`Credentials: ${identity.roleArn}`)
  return timer.time('ECR login', async () => {
    const ecr = await edges.ecr(settings.region, identity.credentials)
    const login = await ecrLogin(ecr, edges.out.mask, { maskPassword: !settings.exposePassword })
    const others = (settings.registries ?? []).map((accountId) => registryFor(accountId, settings.region))
    const registries = [...new Set([login.registry, ...others])]
    if (settings.dockerConfig) {
      // the step's own config: nothing to log out of, it is removed with the password in it
      await logInto(
        settings.dockerConfig,
        registries.map((registry) => ({ ...login, registry })),
      )
      edges.out.info(`Logged docker into ${registries.join(', ')}, in this step's own docker config`)
      return { identity, ecr, login, registries }
    }
    const loggedIn: string[] = []
    for (const registry of registries) {
      await dockerLogin(edges.docker, { ...login, registry }, { configDir: jobConfigDir(edges.env) })
      loggedIn.push(registry)
      edges.out.saveState(STATE.registry, loggedIn.join('\n'))
      edges.out.info(`Logged docker into ${registry}`)
    }
    return { identity, ecr, login, registries }
  })
}

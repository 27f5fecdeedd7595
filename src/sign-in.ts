import { type RegistryLogin, ecrLogin } from './aws/ecr.js'
import { dockerLogin } from './docker/docker.js'
import type { Edges } from './edges.js'
import { type Identity, type IdentityEdges, type IdentitySettings, resolveIdentity } from './identity.js'
import { repoNameOf } from './naming.js'
import { STATE } from './state.js'
import type { PhaseTimer } from './summary.js'

// The AWS side of push and merge, in a module of its own: loading it loads the AWS SDK, which push mode
// does while docker prepares the builder.

/** What finding credentials needs of the runner's edges. */
export function identityEdgesOf(edges: Edges): IdentityEdges {
  return {
    ...edges, repoName: repoNameOf(edges.git.repository), mask: edges.out.mask, notice: edges.out.notice,
    runId: edges.git.runId, runAttempt: edges.git.runAttempt,
  }
}

export interface SignedIn {
  identity: Identity
  login: RegistryLogin
}

/**
 * Credentials, then docker logged into the account's ECR registry; the post step is told at once, so it
 * logs out whatever fails next. Without `credentialsRequired` a run may go on with neither.
 */
export async function signInToEcr(settings: IdentitySettings & { credentialsRequired: true }, edges: Edges, timer: PhaseTimer): Promise<SignedIn>
export async function signInToEcr(settings: IdentitySettings, edges: Edges, timer: PhaseTimer): Promise<SignedIn | undefined>
export async function signInToEcr(settings: IdentitySettings, edges: Edges, timer: PhaseTimer): Promise<SignedIn | undefined> {
  const identity = await resolveIdentity(settings, identityEdgesOf(edges), timer)
  if (!identity) return undefined
  edges.out.info(`Credentials: ${identity.roleArn}`)
  const login = await timer.time('ECR login', async () => {
    const registryLogin = await ecrLogin(await edges.ecr(settings.region, identity.credentials), edges.out.mask)
    await dockerLogin(edges.docker, registryLogin)
    return registryLogin
  })
  edges.out.saveState(STATE.registry, login.registry)
  return { identity, login }
}

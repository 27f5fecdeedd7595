/** Which AWS identity a run acts as: the role for the job's OIDC token, or (act, a laptop) the ambient one. */
import type { AwsCredentials, CredentialsSource } from '../aws/client-config.js'
import type { Edges } from '../edges.js'
import { ExplainedError } from '../errors.js'
import { type Tier, repoNameOf, roleArnFor, sessionNameFor, setupCommandFor } from '../naming.js'
import type { PhaseTimer } from '../summary.js'
import { ambientIdentity, assumeRoleWithToken, explainAccessDenied } from './sts.js'
import { FORK_HELP, NO_TOKEN_HELP, decodeClaims, forkSkipHelp, oidcAvailable } from './token.js'

export type Identity =
  /** the role's credentials, renewed (a new token, AssumeRole again) when a later call finds them near their end */
  | { source: 'oidc'; roleArn: string; credentials: CredentialsSource }
  | { source: 'ambient'; roleArn: string; credentials?: undefined }

/** What finding credentials needs; without `credentialsRequired` a run may go on with none. */
export interface IdentitySettings {
  accountId: string
  region: string
  roleName: string
  /** the OIDC token's audience: the provider's client ID */
  audience: string
  /** how long the role's credentials last, in seconds (900–43200) */
  roleDurationSeconds: number
  credentialsRequired: boolean
  /** the tier the run pushes to: a refusal then says how to set that tier up */
  tier?: Tier
  /** the step's mode: a fork's pull request is told what fits it (push builds without pushing; others skip) */
  mode?: 'push' | 'login' | 'merge'
}

/**
 * With an OIDC token: token → AssumeRoleWithWebIdentity into the conventional role. Without one
 * (act, a laptop): the SDK's default credentials, said out loud; otherwise the fix for the workflow —
 * or, for a build that pushes nothing, no credentials at all.
 */
export async function resolveIdentity(
  settings: IdentitySettings & { credentialsRequired: true },
  edges: Pick<Edges, 'env' | 'git' | 'getIdToken' | 'sts'> & { out: Pick<Edges['out'], 'mask' | 'notice'> },
  timer: PhaseTimer,
): Promise<Identity>
export async function resolveIdentity(
  settings: IdentitySettings,
  edges: Pick<Edges, 'env' | 'git' | 'getIdToken' | 'sts'> & { out: Pick<Edges['out'], 'mask' | 'notice'> },
  timer: PhaseTimer,
): Promise<Identity | undefined>
export async function resolveIdentity(
  settings: IdentitySettings,
  edges: Pick<Edges, 'env' | 'git' | 'getIdToken' | 'sts'> & { out: Pick<Edges['out'], 'mask' | 'notice'> },
  timer: PhaseTimer,
): Promise<Identity | undefined> {
  const sts = await edges.sts(settings.region)
  if (!oidcAvailable(edges.env)) {
    const arn = await timer.time('STS (ambient)', () => ambientIdentity(sts))
    if (!arn && !settings.credentialsRequired) {
      // a build-only run (say, a pull request from a fork) needs AWS only for private base images
      edges.out.notice('No OIDC token and no AWS credentials: building without logging into ECR (push: false).')
      return undefined
    }
    if (!arn) {
      const fork = settings.mode === 'login' || settings.mode === 'merge' ? forkSkipHelp(settings.mode) : FORK_HELP
      throw new ExplainedError(edges.git.fromFork ? `${fork}\n\n${NO_TOKEN_HELP}` : NO_TOKEN_HELP)
    }
    const where =
      edges.env['ACT'] === 'true' ? 'running under act, which has no OIDC token' : 'no OIDC token in this job'
    edges.out.notice(
      `Using the ambient AWS credentials of ${arn} (${where}); role ${settings.roleName} is not assumed.`,
    )
    return { source: 'ambient', roleArn: arn }
  }
  // the token edge explains its own failures: the permission is there, the service is not
  const token = await timer.time('OIDC token', () => edges.getIdToken(settings.audience))
  edges.out.mask(token)
  const roleArn = roleArnFor(settings.accountId, settings.roleName, settings.region)
  const claims = decodeClaims(token)
  const assume = (webIdentityToken: string) =>
    assumeRoleWithToken(
      sts,
      {
        roleArn,
        sessionName: sessionNameFor(repoNameOf(edges.git.repository), edges.git.runId, edges.git.runAttempt),
        token: webIdentityToken,
        durationSeconds: settings.roleDurationSeconds,
      },
      edges.out.mask,
      (error) =>
        explainAccessDenied(
          error,
          roleArn,
          settings.audience,
          claims,
          settings.tier && {
            tier: settings.tier,
            setupCommand: setupCommandFor(
              settings,
              edges.env['GITHUB_REPOSITORY'] ?? `OWNER/${repoNameOf(edges.git.repository)}`,
            ),
            ...(edges.git.defaultBranch ? { defaultBranch: edges.git.defaultBranch } : {}),
          },
        ),
    )
  const first = await timer.time('STS AssumeRoleWithWebIdentity', () => assume(token))
  // a build may outlast the session (QEMU builds take hours): a later call renews, with a token of its own
  const credentials = renewing(first, async () => {
    const fresh = await edges.getIdToken(settings.audience)
    edges.out.mask(fresh)
    return assume(fresh)
  })
  return { source: 'oidc', roleArn, credentials }
}

/** How long before their expiration credentials are renewed; the SDK asks again within the same 5 minutes. */
const RENEW_BEFORE_MS = 5 * 60_000

/**
 * Credentials that renew themselves: the provider gives `first` while it has more than 5 minutes left, and
 * what `renew` gives after, one renewal at a time. Credentials without an expiration never renew.
 */
export function renewing(
  first: AwsCredentials,
  renew: () => Promise<AwsCredentials>,
  now: () => number = Date.now,
): () => Promise<AwsCredentials> {
  let held = first
  let pending: Promise<AwsCredentials> | undefined
  return async () => {
    if (!held.expiration || held.expiration.getTime() - now() > RENEW_BEFORE_MS) return held
    pending ??= renew().finally(() => {
      pending = undefined
    })
    held = await pending
    return held
  }
}

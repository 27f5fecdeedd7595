/** The GitHub OIDC side: is a token available, and what does it say (never the token itself). */

export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com'
/** Claims that identify the workflow run; none of them is secret. */
export const DIAGNOSTIC_CLAIMS = ['sub', 'aud', 'ref', 'event_name', 'repository', 'repository_id', 'repository_owner', 'repository_owner_id'] as const
export type Claims = Record<string, unknown>

/** The runner sets these only when the job has `permissions: id-token: write`. */
export function oidcAvailable(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env['ACTIONS_ID_TOKEN_REQUEST_URL'] && env['ACTIONS_ID_TOKEN_REQUEST_TOKEN'])
}

/** The JWT's payload, unverified: for explaining a refusal, never for deciding anything. */
export function decodeClaims(jwt: string): Claims | undefined {
  const payload = jwt.split('.')[1]
  if (!payload) return undefined
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))
    return claims && typeof claims === 'object' ? (claims as Claims) : undefined
  } catch {
    return undefined
  }
}

export function diagnosticClaims(claims: Claims): Array<[string, string]> {
  return DIAGNOSTIC_CLAIMS.filter((key) => claims[key] !== undefined).map((key) => [key, String(claims[key])])
}

/**
 * The immutable subject form GitHub uses for repositories created after 2026-07-15:
 * `repo:OWNER@OWNER_ID/REPO@REPO_ID:<rest>`. Undefined when the IDs are unknown or `sub` is custom.
 */
export function immutableSubjectOf(claims: Claims): string | undefined {
  const sub = String(claims['sub'] ?? '')
  const match = sub.match(/^repo:([^/@:]+)(?:@\d+)?\/([^@:]+)(?:@\d+)?:(.+)$/)
  const ownerId = claims['repository_owner_id']
  const repoId = claims['repository_id']
  if (!match || ownerId === undefined || repoId === undefined) return undefined
  return `repo:${match[1]}@${ownerId}/${match[2]}@${repoId}:${match[3]}`
}

export const NO_TOKEN_HELP = [
  'This job cannot get a GitHub OIDC token: ACTIONS_ID_TOKEN_REQUEST_URL is not set.',
  'Add this to the job (or the workflow):',
  '  permissions:',
  '    id-token: write',
  '    contents: read',
  'Pull requests from forks never get an id-token; run the push on `push` events, or use `pull_request_target` only with care.',
  'Running locally under act? act gives no OIDC token: pass AWS credentials with --env/-s and this action uses them.',
].join('\n')

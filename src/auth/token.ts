/**
 * The GitHub OIDC token: whether the job may ask for one, the request to the runner's token service, and
 * what a token says (never the token itself). GitHub's doc: "About security hardening with OpenID Connect".
 */
import { ExplainedError } from '../errors.js'
import { fetchFor, proxyFor, shownProxy, viaProxy } from '../proxy/env.js'
import { type CallOptions, RemoteUnavailable, callRemote } from '../remote.js'

/** Claims that identify the workflow run; none of them is secret. */
export const DIAGNOSTIC_CLAIMS = [
  'sub',
  'aud',
  'ref',
  'event_name',
  'repository',
  'repository_id',
  'repository_owner',
  'repository_owner_id',
] as const
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

/**
 * What to do without a token, when the run is a pull request from a fork: GitHub gives forks none, whatever
 * the workflow says.
 */
export const FORK_HELP = [
  "This pull request comes from a fork, and GitHub gives a fork's pull requests no OIDC token: no " +
    '`permissions:` can change that, and this job cannot push.',
  'Build without pushing on pull requests (`push: false`, which needs no token), and push on `push` events:',
  '  with:',
  "    push: ${{ github.event_name != 'pull_request' }}",
].join('\n')

/** For a step that cannot do without AWS (login, merge): skip it on a fork's pull request. */
export function forkSkipHelp(mode: 'login' | 'merge'): string {
  return [
    "This pull request comes from a fork, and GitHub gives a fork's pull requests no OIDC token: no " +
      `\`permissions:\` can change that, and \`mode: ${mode}\` needs AWS credentials.`,
    "Run this step only where there is a token, for example on push events or this repository's own branches:",
    '  if: github.event.pull_request.head.repo.fork != true',
  ].join('\n')
}

export const NO_TOKEN_HELP = [
  'This job cannot get a GitHub OIDC token: ACTIONS_ID_TOKEN_REQUEST_URL is not set.',
  'Add this to the job (or the workflow):',
  '  permissions:',
  '    id-token: write',
  '    contents: read',
  'Pull requests from forks never get an id-token; run the push on `push` events, ' +
    'or use `pull_request_target` only with care.',
  'Running locally under act? act gives no OIDC token: pass AWS credentials with --env/-s and this action uses them.',
].join('\n')

export const TOKEN_SERVICE = "GitHub's OIDC token service"

/**
 * What `core.getIDToken` does, with a deadline on every attempt and retries for the service's passing
 * faults (core's client retries no 500 and waits up to 3 minutes on a silent connection). Node's own HTTP
 * client (fetch) asks: @actions/http-client would load undici, a third of a megabyte, for one GET.
 */
export async function requestIdToken(
  env: NodeJS.ProcessEnv,
  audience: string,
  options: CallOptions = {},
): Promise<string> {
  const url = new URL(env['ACTIONS_ID_TOKEN_REQUEST_URL'] ?? '')
  url.searchParams.set('audience', audience)
  const headers = {
    authorization: `Bearer ${env['ACTIONS_ID_TOKEN_REQUEST_TOKEN'] ?? ''}`,
    accept: 'application/json',
    'user-agent': 'ecr-oidc-push',
  }
  // through the runner's proxy when it has one: Node's fetch never reads HTTPS_PROXY
  const send = await fetchFor(url)
  try {
    // the attempt's deadline aborts the request and its body with the AttemptTimeout as the reason
    return await callRemote(
      { service: TOKEN_SERVICE, call: 'the token request', endpoint: viaProxy(url.host, url) },
      async (signal) => {
        const response = await send(url, { headers, signal })
        const body = await response.text()
        if (!response.ok) {
          throw Object.assign(new Error(body.trim().split('\n')[0]?.slice(0, 200) || 'no message'), {
            statusCode: response.status,
          })
        }
        const token = parseToken(body)
        if (!token) throw Object.assign(new Error('an answer with no token in it'), { statusCode: response.status })
        return token
      },
      options,
    )
  } catch (error) {
    if (error instanceof RemoteUnavailable)
      throw new ExplainedError(
        `${error.message}\n${error.fault.unreachable ? unreachableHelp(url) : TOKEN_SERVICE_DOWN}`,
      )
    const e = error as { statusCode?: number; message?: string }
    // no HTTP answer: nothing the service said, so nothing to blame it for
    if (!e.statusCode)
      throw new ExplainedError(
        `${TOKEN_SERVICE} did not complete the token request at ${viaProxy(url.host, url)}: ${e.message}.\n` +
          unreachableHelp(url),
      )
    throw new ExplainedError(
      `${TOKEN_SERVICE} answered the token request at ${url.host} ` +
        `with HTTP ${e.statusCode}: ${e.message}.\n${TOKEN_SERVICE_DOWN}`,
    )
  }
}

function parseToken(body: string): string | undefined {
  try {
    const value = (JSON.parse(body) as { value?: unknown }).value
    return typeof value === 'string' && value !== '' ? value : undefined
  } catch {
    return undefined
  }
}

/** What to check when the token service could not be reached at all: the network, or the proxy between. */
function unreachableHelp(url: URL): string {
  const proxy = proxyFor(url)
  return proxy
    ? `The runner sends this request through the proxy ${shownProxy(proxy)}: check that it is up and lets the ` +
        `runner reach ${url.host}, or list ${url.hostname} in NO_PROXY if the runner reaches it directly. ` +
        'Nothing was sent to AWS.'
    : `The runner could not reach ${url.host}. A runner that reaches the internet only through a proxy needs ` +
        'HTTPS_PROXY (and NO_PROXY for what it reaches directly) in its environment. Nothing was sent to AWS.'
}

const TOKEN_SERVICE_DOWN =
  'The job may ask for a token (ACTIONS_ID_TOKEN_REQUEST_URL is set, so `id-token: write` is granted); the token ' +
  'service failed to give one. Nothing was sent to AWS. Re-run the job; https://www.githubstatus.com lists incidents.'

/** GitHub's OIDC token, asked of the runner's token service under the remote-call policy. */
import { ExplainedError } from './errors.js'
import { type CallOptions, RemoteUnavailable, callRemote } from './remote.js'

export const TOKEN_SERVICE = "GitHub's OIDC token service"

/**
 * What `core.getIDToken` does, with a deadline on every attempt and retries for the service's passing
 * faults (core's client retries no 500 and waits up to 3 minutes on a silent connection). Node's own HTTP
 * client (fetch) asks: @actions/http-client would load undici, a third of a megabyte, for one GET.
 */
export async function requestIdToken(env: NodeJS.ProcessEnv, audience: string, options: CallOptions = {}): Promise<string> {
  const url = new URL(env['ACTIONS_ID_TOKEN_REQUEST_URL'] ?? '')
  url.searchParams.set('audience', audience)
  const headers = { authorization: `Bearer ${env['ACTIONS_ID_TOKEN_REQUEST_TOKEN'] ?? ''}`, accept: 'application/json', 'user-agent': 'ecr-oidc-push' }
  try {
    // the attempt's deadline aborts the request and its body with the AttemptTimeout as the reason
    return await callRemote({ service: TOKEN_SERVICE, call: 'the token request', endpoint: url.host }, async (signal) => {
      const response = await fetch(url, { headers, signal })
      const body = await response.text()
      if (!response.ok) {
        throw Object.assign(new Error(body.trim().split('\n')[0]?.slice(0, 200) || 'no message'), { statusCode: response.status })
      }
      const token = parseToken(body)
      if (!token) throw Object.assign(new Error('an answer with no token in it'), { statusCode: response.status })
      return token
    }, options)
  } catch (error) {
    if (error instanceof RemoteUnavailable) throw new ExplainedError(`${error.message}\n${TOKEN_SERVICE_DOWN}`)
    const e = error as { statusCode?: number; message?: string }
    throw new ExplainedError(`${TOKEN_SERVICE} answered the token request at ${url.host} with ${e.statusCode ? `HTTP ${e.statusCode}: ` : ''}${e.message}.\n${TOKEN_SERVICE_DOWN}`)
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

const TOKEN_SERVICE_DOWN =
  'The job may ask for a token (ACTIONS_ID_TOKEN_REQUEST_URL is set, so `id-token: write` is granted); the token ' +
  'service failed to give one. Nothing was sent to AWS. Re-run the job; https://www.githubstatus.com lists incidents.'

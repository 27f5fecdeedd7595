/** GitHub's OIDC token, asked of the runner's token service under the remote-call policy. */
import { HttpClient } from '@actions/http-client'
import { BearerCredentialHandler } from '@actions/http-client/lib/auth'
import { ExplainedError } from './errors.js'
import { AttemptTimeout, type CallOptions, REMOTE_POLICY, RemoteUnavailable, callRemote } from './remote.js'

export const TOKEN_SERVICE = "GitHub's OIDC token service"

/**
 * What `core.getIDToken` does, with a deadline on every attempt and retries for the service's passing
 * faults (core's client retries no 500 and waits up to 3 minutes on a silent connection).
 */
export async function requestIdToken(env: NodeJS.ProcessEnv, audience: string, options: CallOptions = {}): Promise<string> {
  const url = new URL(env['ACTIONS_ID_TOKEN_REQUEST_URL'] ?? '')
  url.searchParams.set('audience', audience)
  const bearer = new BearerCredentialHandler(env['ACTIONS_ID_TOKEN_REQUEST_TOKEN'] ?? '')
  const attemptMs = options.policy?.attemptTimeoutMs ?? REMOTE_POLICY.attemptTimeoutMs
  try {
    return await callRemote({ service: TOKEN_SERVICE, call: 'the token request', endpoint: url.host }, async (signal) => {
      // the client's own socket timer is later than the attempt's deadline, which disposes of the client
      const client = new HttpClient('ecr-oidc-push', [bearer], { allowRetries: false, socketTimeout: attemptMs + 5_000 })
      signal.addEventListener('abort', () => client.dispose(), { once: true })
      try {
        const response = await client.get(url.href, { accept: 'application/json' })
        const body = await response.readBody()
        const status = response.message.statusCode ?? 0
        if (status < 200 || status > 299) {
          throw Object.assign(new Error(body.trim().split('\n')[0]?.slice(0, 200) || 'no message'), { statusCode: status })
        }
        const token = parseToken(body)
        if (!token) throw Object.assign(new Error('an answer with no token in it'), { statusCode: status })
        return token
      } catch (error) {
        if (/^Request timeout/.test((error as Error).message)) throw new AttemptTimeout(attemptMs)
        throw error
      } finally {
        client.dispose()
      }
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

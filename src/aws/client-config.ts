/**
 * How every AWS SDK client is made (remote.ts holds the policy): one attempt per SDK call, connect and request
 * time-outs, and each request's endpoint noted for messages. Imports no SDK client, so each client's module
 * can load on its own.
 */
import { type ProxyAgents, viaProxy } from '../proxy/env.js'
import { REMOTE_POLICY } from '../remote.js'

/** Temporary credentials, as STS hands them out (AWS doc: STS API Reference, Credentials). */
export interface AwsCredentials {
  accessKeyId: string
  secretAccessKey: string
  sessionToken: string
  expiration?: Date
}

/**
 * Credentials as a client takes them: fixed, or a provider the SDK asks again whenever what it holds is
 * within 5 minutes of its expiration (an assumed role's, renewed: auth/identity.ts).
 */
export type CredentialsSource = AwsCredentials | (() => Promise<AwsCredentials>)

interface HttpRequestShape {
  protocol?: string
  hostname?: string
  port?: number
}
interface MiddlewareClient {
  middlewareStack: { add(middleware: unknown, options: object): void }
}

const lastEndpoints = new WeakMap<object, string>()

/**
 * Where this client last sent a request, for messages: `https://sts.us-east-1.amazonaws.com`, and the proxy it
 * went through (`… through the proxy http://proxy:3128 (HTTPS_PROXY)`).
 */
export function endpointOf(client: object): string | undefined {
  return lastEndpoints.get(client)
}

/**
 * One attempt per SDK call (callRemote decides about the next one), connect and request time-outs, and
 * each request's endpoint noted before it goes out: a timed-out call has no error of its own to say where.
 */
export function bounded<C extends MiddlewareClient>(client: C): C {
  client.middlewareStack.add(
    (next: (args: { request: unknown }) => Promise<unknown>) => (args: { request: unknown }) => {
      const request = args.request as HttpRequestShape
      if (request?.hostname) {
        const url = `${request.protocol ?? 'https:'}//${request.hostname}${request.port ? `:${request.port}` : ''}`
        lastEndpoints.set(client, viaProxy(url, url))
      }
      return next(args)
    },
    { step: 'finalizeRequest', priority: 'low', name: 'ecrOidcPushEndpoint' },
  )
  return client
}

/**
 * The SDK client configuration for a region: the remote-call policy's time-outs, no retry of the SDK's own,
 * and the proxy agents when the environment names a proxy (the SDK ignores HTTPS_PROXY by itself).
 */
export function config(region: string, agents?: ProxyAgents) {
  return {
    region,
    maxAttempts: 1,
    requestHandler: {
      connectionTimeout: REMOTE_POLICY.connectTimeoutMs,
      requestTimeout: REMOTE_POLICY.attemptTimeoutMs,
      throwOnRequestTimeout: true,
      ...agents,
    },
  }
}

/** The AWS SDK clients, made once here so every one follows the remote-call policy (remote.ts). */
import { ECRClient } from '@aws-sdk/client-ecr'
import { STSClient } from '@aws-sdk/client-sts'
import { REMOTE_POLICY } from '../remote.js'
import type { AwsCredentials } from './credentials.js'

interface HttpRequestShape {
  protocol?: string
  hostname?: string
  port?: number
}
interface MiddlewareClient {
  middlewareStack: { add(middleware: unknown, options: object): void }
}

const lastEndpoints = new WeakMap<object, string>()

/** Where this client last sent a request (`https://sts.us-east-1.amazonaws.com`), for messages. */
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
      if (request?.hostname) lastEndpoints.set(client, `${request.protocol ?? 'https:'}//${request.hostname}${request.port ? `:${request.port}` : ''}`)
      return next(args)
    },
    { step: 'finalizeRequest', priority: 'low', name: 'ecrOidcPushEndpoint' },
  )
  return client
}

export function config(region: string) {
  return {
    region,
    maxAttempts: 1,
    requestHandler: { connectionTimeout: REMOTE_POLICY.connectTimeoutMs, requestTimeout: REMOTE_POLICY.attemptTimeoutMs, throwOnRequestTimeout: true },
  }
}

export const stsClient = (region: string) => bounded(new STSClient(config(region)))
/** IAM and ECS load on first use (their modules import the SDK clients): most runs need neither. */
export async function iamClient(region: string) {
  return (await import('./iam-client.js')).iamClient(region)
}
export const ecrClient = (region: string, credentials?: AwsCredentials) =>
  bounded(new ECRClient({ ...config(region), ...(credentials ? { credentials } : {}) }))
export async function ecsClient(region: string, credentials?: AwsCredentials) {
  return (await import('./ecs-client.js')).ecsClient(region, credentials)
}

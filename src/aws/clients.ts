/** The AWS SDK clients, made once here so every one follows the remote-call policy (remote.ts). */
import { ECRClient } from '@aws-sdk/client-ecr'
import { ECSClient } from '@aws-sdk/client-ecs'
import { IAMClient } from '@aws-sdk/client-iam'
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
function bounded<C extends MiddlewareClient>(client: C): C {
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

function config(region: string) {
  return {
    region,
    maxAttempts: 1,
    requestHandler: { connectionTimeout: REMOTE_POLICY.connectTimeoutMs, requestTimeout: REMOTE_POLICY.attemptTimeoutMs, throwOnRequestTimeout: true },
  }
}

export const stsClient = (region: string) => bounded(new STSClient(config(region)))
export const iamClient = (region: string) => bounded(new IAMClient(config(region)))
export const ecrClient = (region: string, credentials?: AwsCredentials) =>
  bounded(new ECRClient({ ...config(region), ...(credentials ? { credentials } : {}) }))
export const ecsClient = (region: string, credentials?: AwsCredentials) =>
  bounded(new ECSClient({ ...config(region), ...(credentials ? { credentials } : {}) }))

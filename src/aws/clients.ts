/** The AWS SDK clients, made once here so every one follows the remote-call policy (remote.ts). */
import { ECRClient } from '@aws-sdk/client-ecr'
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

/**
 * One attempt per SDK call (callRemote decides about the next one), connect and request time-outs,
 * and every failed request tagged with its endpoint so an error can say where it went.
 */
function bounded<C extends MiddlewareClient>(client: C): C {
  client.middlewareStack.add(
    (next: (args: { request: unknown }) => Promise<unknown>) => async (args: { request: unknown }) => {
      try {
        return await next(args)
      } catch (error) {
        const request = args.request as HttpRequestShape
        if (error && typeof error === 'object' && request?.hostname) {
          Object.assign(error, { $endpoint: `${request.protocol ?? 'https:'}//${request.hostname}${request.port ? `:${request.port}` : ''}` })
        }
        throw error
      }
    },
    { step: 'finalizeRequest', priority: 'low', name: 'ecrOidcPushEndpointOnError' },
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

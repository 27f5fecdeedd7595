/** The AWS SDK clients, made here so every one follows the remote-call policy (client-config.ts). */
import { ECRClient } from '@aws-sdk/client-ecr'
import { STSClient } from '@aws-sdk/client-sts'
import { type CredentialsSource, bounded, config } from './client-config.js'

export const stsClient = (region: string) => bounded(new STSClient(config(region)))
export const ecrClient = (region: string, credentials?: CredentialsSource) =>
  bounded(new ECRClient({ ...config(region), ...(credentials ? { credentials } : {}) }))
/** IAM and ECS load on first use (their modules import the SDK clients): most runs need neither. */
export async function iamClient(region: string) {
  return (await import('./iam-client.js')).iamClient(region)
}
export async function ecsClient(region: string, credentials?: CredentialsSource) {
  return (await import('./ecs-client.js')).ecsClient(region, credentials)
}

/** The AWS SDK clients, made here so every one follows the remote-call policy (client-config.ts). */
import { ECRClient } from '@aws-sdk/client-ecr'
import { STSClient } from '@aws-sdk/client-sts'
import { proxyAgents } from '../proxy/env.js'
import { type CredentialsSource, bounded, config } from './client-config.js'

export const stsClient = async (region: string) => bounded(new STSClient(config(region, await proxyAgents())))
export const ecrClient = async (region: string, credentials?: CredentialsSource) =>
  bounded(new ECRClient({ ...config(region, await proxyAgents()), ...(credentials ? { credentials } : {}) }))
/** IAM and ECS load on first use (their modules import the SDK clients): most runs need neither. */
export async function iamClient(region: string) {
  return (await import('./iam-client.js')).iamClient(region)
}
export async function ecsClient(region: string, credentials?: CredentialsSource) {
  return (await import('./ecs-client.js')).ecsClient(region, credentials)
}

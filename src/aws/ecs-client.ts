import { ECSClient } from '@aws-sdk/client-ecs'
import { proxyAgents } from '../proxy/env.js'
import { type CredentialsSource, bounded, config } from './client-config.js'

/** The ECS client, loaded only for a deploy or setup's ecs-service. */
export const ecsClient = async (region: string, credentials?: CredentialsSource) =>
  bounded(new ECSClient({ ...config(region, await proxyAgents()), ...(credentials ? { credentials } : {}) }))

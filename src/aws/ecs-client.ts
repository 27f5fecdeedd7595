import { ECSClient } from '@aws-sdk/client-ecs'
import { bounded, config } from './clients.js'
import type { AwsCredentials } from './credentials.js'

/** The ECS client, loaded only for a deploy or setup's ecs-service. */
export const ecsClient = (region: string, credentials?: AwsCredentials) =>
  bounded(new ECSClient({ ...config(region), ...(credentials ? { credentials } : {}) }))

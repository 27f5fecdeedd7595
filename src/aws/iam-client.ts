import { IAMClient } from '@aws-sdk/client-iam'
import { bounded, config } from './client-config.js'

/** Setup's IAM client, loaded only when setup runs. */
export const iamClient = (region: string) => bounded(new IAMClient(config(region)))

import { IAMClient } from '@aws-sdk/client-iam'
import { proxyAgents } from '../proxy/env.js'
import { bounded, config } from './client-config.js'

/** Setup's IAM client, loaded only when setup runs. */
export const iamClient = async (region: string) => bounded(new IAMClient(config(region, await proxyAgents())))

// The local stack's front, as strict as AWS (README, "What the local stack enforces"): the AWS endpoint in
// front of moto (aws-front.mjs) and ECR's registry in front of a plain Docker registry (registry-front.mjs),
// one process so both know who each access key and registry password is. Started by start.sh.
import { createServer } from 'node:http'
import { createServer as createTlsServer } from 'node:https'
import { readFileSync } from 'node:fs'
import * as path from 'node:path'
import { awsFront } from './aws-front.mjs'
import { registryFront } from './registry-front.mjs'
import { StackState } from './stack-state.mjs'

const env = process.env
const stackDir = env.STACK_DIR ?? '/tmp/ecr-oidc-push-stack'
const registryUpstream = { host: '127.0.0.1', port: Number(env.REGISTRY_UPSTREAM_PORT ?? 5002) }
const state = new StackState({
  motoUrl: `http://127.0.0.1:${env.MOTO_UPSTREAM_PORT ?? '5001'}`, registryUpstream, stackDir,
  adminPassword: env.REGISTRY_PASSWORD, defaultAccountId: env.STACK_ACCOUNT_ID ?? '123456789012',
})
const tls = (file) => readFileSync(path.join(stackDir, 'tls', file))

createServer(awsFront(state)).listen(Number(env.MOTO_PORT ?? 5000), '127.0.0.1')
createTlsServer({ key: tls('server.key'), cert: tls('server.crt') }, registryFront(state, registryUpstream))
  .listen(443, '127.0.0.1')
console.log(`strict stack: AWS on 127.0.0.1:${env.MOTO_PORT ?? 5000}, the registry on 127.0.0.1:443`)

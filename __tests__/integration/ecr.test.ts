import { ECRClient } from '@aws-sdk/client-ecr'
import { ExplainedError } from '../../src/errors.js'
import { ecrLogin } from '../../src/auth/ecr-login.js'
import { AwsProxy, jsonError } from '../../scripts/aws-proxy.mjs'
import { MOTO_ENV, MOTO_URL, REGION, REGISTRY_HOST, REGISTRY_PASSWORD, requireMoto } from '../support/stack.js'

let proxy: AwsProxy
beforeAll(async () => {
  await requireMoto()
  proxy = await new AwsProxy(MOTO_URL).start()
})
afterAll(() => proxy.stop())

const ecr = () => new ECRClient({
  region: REGION, endpoint: proxy.url, maxAttempts: 1,
  credentials: { accessKeyId: MOTO_ENV.AWS_ACCESS_KEY_ID, secretAccessKey: MOTO_ENV.AWS_SECRET_ACCESS_KEY },
})

test('GetAuthorizationToken gives the registry and docker credentials, masked', async () => {
  const masked: string[] = []
  const login = await ecrLogin(ecr(), (s) => masked.push(s))
  expect(login).toEqual({ registry: REGISTRY_HOST, username: 'AWS', password: REGISTRY_PASSWORD })
  expect(masked).toEqual([Buffer.from(`AWS:${REGISTRY_PASSWORD}`).toString('base64'), REGISTRY_PASSWORD])
})

test('a role without ecr:GetAuthorizationToken is told what it lacks', async () => {
  proxy.faults.push({ action: 'GetAuthorizationToken', ...jsonError('AccessDeniedException', 'User is not authorized to perform: ecr:GetAuthorizationToken') })
  const error = await ecrLogin(ecr(), () => {}).catch((e: unknown) => e)
  expect(error).toBeInstanceOf(ExplainedError)
  expect((error as Error).message).toMatch(/AccessDeniedException.*The role needs ecr:GetAuthorizationToken on "\*"/)
})

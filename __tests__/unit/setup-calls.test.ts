import { REMOTE_POLICY } from '../../src/remote.js'
import { type RegionClients, SetupError, sendOrExplain } from '../../src/setup/calls.js'

const failing = (name: string, message: string, status = 400) => async () => {
  throw Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } })
}
const caller = 'arn:aws:iam::123456789012:user/admin'
/** clients no AWS call is sent through: these tests hand sendOrExplain the call itself */
const clients = { iam: {}, ecr: {}, sts: {} } as unknown as RegionClients

test.each<[string, () => Promise<unknown>, 'read' | 'write', RegExp]>([
  ['a denied write names the permission and says a re-run continues', failing('AccessDenied', 'not authorized', 403), 'write',
    /^Setup stopped at IAM role r: iam:CreateRole was denied \(AccessDenied: not authorized \(HTTP 403\)\)\.\nThe credentials in use \(arn:aws:iam::123456789012:user\/admin\) need iam:CreateRole\. What came before this step is in place; re-run setup/],
  ['a denied read says nothing was changed', failing('AccessDenied', 'not authorized', 403), 'read',
    /^Reading IAM role r: iam:CreateRole was denied .*\n.*need iam:CreateRole\. Nothing was changed\.$/],
  ['another failure names the call', failing('LimitExceeded', 'too many roles'), 'write',
    /^Setup stopped at IAM role r: iam:CreateRole failed: LimitExceeded: too many roles \(HTTP 400\)\n/],
])('%s', async (_, send, phase, message) => {
  const error = (await sendOrExplain(clients, send, 'iam:CreateRole', 'IAM role r', caller, phase).then(() => undefined, (e: unknown) => e)) as SetupError
  expect(error).toBeInstanceOf(SetupError)
  expect(error.message).toMatch(message)
  expect((error.cause as Error).name).toBeTruthy()
})

test('a passing answer comes back as is', async () => {
  await expect(sendOrExplain(clients, async () => 42, 'sts:GetCallerIdentity', 'x', '')).resolves.toBe(42)
})

test('IAM out of reach: the call, how often it was tried, and that a re-run continues', async () => {
  const refused = async () => { throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) }
  const policy = { ...REMOTE_POLICY, baseDelayMs: 1, maxDelayMs: 1 }
  await expect(sendOrExplain(clients, refused, 'iam:CreateRole', 'IAM role r', caller, 'write', { policy })).rejects.toThrow(
    /^Setup stopped at IAM role r: AWS IAM did not complete CreateRole: connection refused \(ECONNREFUSED\), after 5 attempts over \d+\.\d s\.\nWhat came before this step is in place; re-run setup/)
})

import { REMOTE_POLICY } from '../../src/remote.js'
import { type RegionClients, SetupError, sendOrExplain } from '../../src/setup/calls.js'
import { applyPlan } from '../../src/setup/apply.js'
import type { Plan } from '../../src/setup/plan.js'

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

// issue 18, row 13: a create whose answer was lost is read back on the retry, and counts as done
describe('applyPlan: a write retried after a lost answer', () => {
  const lost = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })
  function clientsWhere(exists: Set<string>, loseFirstAnswer: boolean) {
    const sent: string[] = []
    let lose = loseFirstAnswer
    const answer = async (command: { constructor: { name: string }; input: Record<string, string> }) => {
      const name = command.constructor.name.replace(/Command$/, '')
      sent.push(name)
      const key = command.input['RoleName'] ?? command.input['repositoryName'] ?? command.input['repositoryNames']?.[0]
      if (name === 'GetRole' || name === 'DescribeRepositories') {
        if (!exists.has(key!)) throw Object.assign(new Error('not found'), { name: name === 'GetRole' ? 'NoSuchEntityException' : 'RepositoryNotFoundException' })
        return { found: key }
      }
      if (exists.has(key!)) throw Object.assign(new Error(`${key} already exists`), { name: 'EntityAlreadyExistsException' })
      exists.add(key!)
      if (lose) { lose = false; throw lost() } // AWS did it; the answer never arrived
      return {}
    }
    const client = { send: answer }
    return { clients: { iam: client, ecr: client, sts: client } as unknown as RegionClients, sent }
  }
  const plan = (command: 'CreateRole' | 'CreateRepository', input: Record<string, string>) =>
    ({ changes: [{ resource: 'r', kind: 'create', details: [], calls: [{ service: command === 'CreateRole' ? 'iam' : 'ecr', command, input }] }], leftAlone: [], notes: [], roleArn: '', repositoryUri: '' }) as unknown as Plan

  test.each<['CreateRole' | 'CreateRepository', Record<string, string>, string]>([
    ['CreateRole', { RoleName: 'github-actions-app' }, 'GetRole'],
    ['CreateRepository', { repositoryName: 'app' }, 'DescribeRepositories'],
  ])('%s: the retry finds it made, and setup goes on', async (command, input, readBack) => {
    const { clients: c, sent } = clientsWhere(new Set(), true)
    expect(await applyPlan(plan(command, input), c, caller, () => {})).toBe(1)
    expect(sent).toEqual([command, readBack])
  })

  test('a retry that finds nothing sends the write again', async () => {
    const { clients: c, sent } = clientsWhere(new Set(), false)
    const flaky = c.iam.send.bind(c.iam)
    let first = true
    ;(c.iam as unknown as { send: typeof flaky }).send = async (command: Parameters<typeof flaky>[0]) => {
      if (first) { first = false; throw lost() } // lost before AWS saw it
      return flaky(command)
    }
    expect(await applyPlan(plan('CreateRole', { RoleName: 'x' }), c, caller, () => {})).toBe(1)
    expect(sent).toEqual(['GetRole', 'CreateRole'])
  })
})

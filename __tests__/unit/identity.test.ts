// issue 18, row 9: a build longer than the role's session: a later AWS call renews the credentials first
import type { STSClient } from '@aws-sdk/client-sts'
import { renewing, resolveIdentity } from '../../src/auth/identity.js'
import type { AwsCredentials } from '../../src/aws/client-config.js'
import { PhaseTimer } from '../../src/summary.js'

const creds = (id: string, expiresInMs?: number): AwsCredentials => ({
  accessKeyId: id, secretAccessKey: 's', sessionToken: 't', ...(expiresInMs === undefined ? {} : { expiration: new Date(1_000_000 + expiresInMs) }),
})

describe('renewing', () => {
  const now = () => 1_000_000
  test.each<[string, number | undefined, string]>([
    ['an hour left: kept', 3_600_000, 'first'],
    ['just over 5 minutes left: kept', 300_001, 'first'],
    ['5 minutes left: renewed', 300_000, 'renewed'],
    ['expired: renewed', -1, 'renewed'],
    ['no expiration: kept', undefined, 'first'],
  ])('%s', async (_, left, expected) => {
    const provider = renewing(creds('first', left), async () => creds('renewed', 3_600_000), now)
    expect((await provider()).accessKeyId).toBe(expected)
  })

  test('calls at once share one renewal, and keep what it gave', async () => {
    let renewals = 0
    const provider = renewing(creds('first', 0), async () => creds(`renewed-${++renewals}`, 3_600_000), now)
    const answers = await Promise.all([provider(), provider(), provider()])
    expect(answers.map((a) => a.accessKeyId)).toEqual(['renewed-1', 'renewed-1', 'renewed-1'])
    expect((await provider()).accessKeyId).toBe('renewed-1')
    expect(renewals).toBe(1)
  })
})

test('resolveIdentity: the renewal asks for a new token and assumes the role again with it', async () => {
  const tokens: string[] = []
  const assumed: string[] = []
  let expiresAt = Date.now() + 60_000 // the first session ends within the 5 minutes
  const sts = {
    send: async (command: { input: { WebIdentityToken: string } }) => {
      assumed.push(command.input.WebIdentityToken)
      const answer = { Credentials: { AccessKeyId: `AKID${assumed.length}`, SecretAccessKey: 'S', SessionToken: 'T', Expiration: new Date(expiresAt) } }
      expiresAt = Date.now() + 3_600_000
      return answer
    },
  } as unknown as STSClient
  const masked: string[] = []
  const identity = await resolveIdentity(
    { accountId: '123456789012', region: 'us-east-1', roleName: 'r', audience: 'sts.amazonaws.com', roleDurationSeconds: 3600, credentialsRequired: true },
    {
      env: { ACTIONS_ID_TOKEN_REQUEST_URL: 'http://x', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't' },
      git: { repository: 'o/r', sha: 'abc', ref: 'refs/heads/main', serverUrl: 'https://github.com', runId: '1', runAttempt: '1' },
      getIdToken: async () => { tokens.push(`header.e30.sig${tokens.length + 1}`); return tokens.at(-1)! },
      sts: () => sts,
      out: { mask: (s) => masked.push(s), notice: () => {} },
    },
    new PhaseTimer(),
  )
  const provider = identity!.credentials as () => Promise<AwsCredentials>
  expect((await provider()).accessKeyId).toBe('AKID2')
  expect(assumed).toEqual(['header.e30.sig1', 'header.e30.sig2'])
  expect(masked).toEqual(expect.arrayContaining(['header.e30.sig1', 'header.e30.sig2']))
  expect((await provider()).accessKeyId).toBe('AKID2') // an hour left now: no third token
  expect(tokens).toHaveLength(2)
})

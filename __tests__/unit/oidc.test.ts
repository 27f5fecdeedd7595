import { explainAccessDenied } from '../../src/auth/sts.js'
import { decodeClaims, diagnosticClaims, immutableSubjectOf, oidcAvailable } from '../../src/auth/token.js'

const jwtOf = (claims: object) => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.signature`
const claims = {
  sub: 'repo:octo-org/octo-repo:ref:refs/heads/main', aud: 'sts.amazonaws.com', ref: 'refs/heads/main',
  event_name: 'push', repository: 'octo-org/octo-repo', repository_id: '2002', repository_owner: 'octo-org',
  repository_owner_id: '1001', jti: 'secret-ish-but-irrelevant',
}

test.each<[string, NodeJS.ProcessEnv, boolean]>([
  ['both set', { ACTIONS_ID_TOKEN_REQUEST_URL: 'http://x', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't' }, true],
  ['no id-token permission', {}, false],
  ['url only', { ACTIONS_ID_TOKEN_REQUEST_URL: 'http://x' }, false],
])('oidcAvailable: %s', (_, env, expected) => expect(oidcAvailable(env)).toBe(expected))

test.each<[string, string, object | undefined]>([
  ['a JWT', jwtOf(claims), claims],
  ['not a JWT', 'abc', undefined],
  ['garbage payload', 'a.!!!.c', undefined],
])('decodeClaims: %s', (_, token, expected) => expect(decodeClaims(token)).toEqual(expected))

test('diagnosticClaims lists only the identifying claims', () => {
  expect(diagnosticClaims(claims).map(([key]) => key)).toEqual([
    'sub', 'aud', 'ref', 'event_name', 'repository', 'repository_id', 'repository_owner', 'repository_owner_id',
  ])
})

test.each<[string, Record<string, unknown>, string | undefined]>([
  ['name form → immutable form', claims, 'repo:octo-org@1001/octo-repo@2002:ref:refs/heads/main'],
  ['already immutable', { ...claims, sub: 'repo:octo-org@1001/octo-repo@2002:environment:prod' }, 'repo:octo-org@1001/octo-repo@2002:environment:prod'],
  ['no IDs', { sub: claims.sub }, undefined],
  ['custom subject template', { ...claims, sub: 'repository_owner:octo-org' }, undefined],
])('immutableSubjectOf: %s', (_, c, expected) => expect(immutableSubjectOf(c)).toBe(expected))

describe('explainAccessDenied', () => {
  const roleArn = 'arn:aws:iam::123456789012:role/github-actions-octo-repo'
  const denied = Object.assign(new Error('Not authorized to perform sts:AssumeRoleWithWebIdentity'), { name: 'AccessDenied' })

  test('a tier besides main: whom its role trusts, and the setup command that creates it', () => {
    const setupCommand = 'npx ecr-oidc-push setup --account-id 123456789012 --region us-east-1 --repository octo-org/octo-repo --tiers main,release'
    const text = explainAccessDenied(denied, `${roleArn}-release`, 'sts.amazonaws.com', claims, { tier: 'release', setupCommand })!
    expect(text).toContain('This run pushes to the release tier, whose role github-actions-octo-repo-release trusts git tags matching release-tags (default v*) and jobs in the release-environment, never branches.')
    expect(text).toContain(`If setup has not created the release tier, this does (setup never deletes, so the other tiers stay as they are):\n  ${setupCommand}`)
    expect(explainAccessDenied(denied, roleArn, 'sts.amazonaws.com', claims, { tier: 'main', setupCommand })).not.toContain('tier')
  })

  test('names the role, the claims, the trust policy and setup mode', () => {
    const text = explainAccessDenied(denied, roleArn, 'sts.amazonaws.com', claims)!
    expect(text).toContain(`assume ${roleArn} (AccessDenied: Not authorized`)
    for (const line of ['sub: repo:octo-org/octo-repo:ref:refs/heads/main', 'aud: sts.amazonaws.com', 'ref: refs/heads/main', 'event_name: push', 'repository: octo-org/octo-repo']) {
      expect(text).toContain(`  ${line}`)
    }
    expect(text).toContain('"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"')
    expect(text).toContain('"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"')
    expect(text).toContain('"token.actions.githubusercontent.com:sub": ["repo:octo-org/octo-repo:ref:refs/heads/main","repo:octo-org@1001/octo-repo@2002:ref:refs/heads/main"]')
    expect(text).toContain('repo:OWNER@OWNER_ID/REPO@REPO_ID')
    expect(text).toContain('`mode: setup`')
    expect(text).not.toContain('jti')
  })

  test('an invalid token is explained the same way', () => {
    expect(explainAccessDenied(Object.assign(new Error('x'), { name: 'InvalidIdentityToken' }), roleArn, 'a', claims)).toContain('InvalidIdentityToken')
  })

  test('other errors are not a refusal', () => {
    expect(explainAccessDenied(Object.assign(new Error('x'), { name: 'ThrottlingException' }), roleArn, 'a', claims)).toBeUndefined()
  })
})

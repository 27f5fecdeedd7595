import { explainAccessDenied, trustAdvice } from '../../src/auth/sts.js'
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
    expect(explainAccessDenied(denied, roleArn, 'sts.amazonaws.com', claims, { tier: 'main', setupCommand })).not.toContain('This run pushes to the')
  })

  test.each<[string, string, string]>([
    ['an enterprise with a unique issuer', 'https://token.actions.githubusercontent.com/acme-ent', 'token.actions.githubusercontent.com/acme-ent'],
    ['GitHub Enterprise Server', 'https://ghes.example.com/_services/token', 'ghes.example.com/_services/token'],
  ])('the token of %s: the provider and condition keys of its own issuer, and how setup makes them', (_, iss, key) => {
    const setupCommand = 'npx ecr-oidc-push setup --account-id 123456789012 --region us-east-1 --repository octo-org/octo-repo'
    const unknown = Object.assign(new Error(`No OpenIDConnect provider found in your account for ${iss}`), { name: 'InvalidIdentityToken' })
    const text = explainAccessDenied(unknown, roleArn, 'sts.amazonaws.com', { ...claims, sub: 'repo:octo-org/octo-repo:ref:refs/heads/dev', iss }, { tier: 'main', setupCommand })!
    expect(text).toContain(`(InvalidIdentityToken: No OpenIDConnect provider found in your account for ${iss})`)
    expect(text).toContain(`"Federated": "arn:aws:iam::123456789012:oidc-provider/${key}"`)
    expect(text).toContain(`"${key}:aud": "sts.amazonaws.com"`)
    expect(text).toContain(`"${key}:sub": [`)
    expect(text).toContain(`The OIDC provider arn:aws:iam::123456789012:oidc-provider/${key} must also exist, with client ID sts.amazonaws.com: this token's issuer is ${iss}.`)
    expect(text).toContain(`elsewhere pass \`oidc-issuer: ${iss}\` (CLI \`--oidc-issuer ${iss}\`)`)
    expect(text).toContain(`\n  ${setupCommand} --oidc-issuer ${iss}`)
    // no provider for the issuer: the subject (here a branch) is not the question yet
    expect(text).not.toContain('--branches')
    expect(text).not.toContain('token.actions.githubusercontent.com:sub')
  })

  test('a customized subject with IDs: the setup command carries the IDs the token names', () => {
    const setupCommand = 'npx ecr-oidc-push setup --account-id 123456789012 --region us-east-1 --repository octo-org/octo-repo'
    const sub = 'repo:octo-org@1001/octo-repo@2002:ref:refs/heads/main:workflow:ci'
    const text = explainAccessDenied(denied, roleArn, 'sts.amazonaws.com', { ...claims, sub }, { tier: 'main', setupCommand, defaultBranch: 'main' })!
    expect(text).toContain(`${setupCommand} --sub-claim-keys repo,context,workflow --owner-id 1001 --repository-id 2002`)
    // on the default branch the branch is not the question
    expect(text).toContain('This run is on the default branch main, which the main tier\'s role trusts as setup writes it')
    expect(text).not.toContain('--branches main')
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

// issue 18, row 7: the setup option for each subject form
describe('trustAdvice', () => {
  const setup = 'npx ecr-oidc-push setup --account-id 123456789012 --region us-east-1 --repository octo-org/octo-repo'
  test.each<[string, string, RegExp]>([
    ['a branch', 'repo:octo-org/octo-repo:ref:refs/heads/feature/x', /^This run is on the branch feature\/x\.[\s\S]*`trust-branches: feature\/x` \(CLI `--branches feature\/x`\)[\s\S]*`tier: auto` pushes other branches to the dev tier:\n {2}npx ecr-oidc-push setup .* --branches feature\/x$/],
    ['a tag', 'repo:octo-org/octo-repo:ref:refs/tags/v1.2.3', /^This run is for the git tag v1\.2\.3\. Setup trusts tags on the main tier with `trust-tags`[\s\S]*release tier[\s\S]*--tags 'v1\.2\.3'$/],
    ['an environment', 'repo:octo-org/octo-repo:environment:production', /^This job runs in the GitHub environment production[\s\S]*`trust-environments: production` \(CLI `--environments production`\):\n {2}npx .* --environments production$/],
    ['a pull request', 'repo:octo-org/octo-repo:pull_request', /^This run is a pull request[\s\S]*never trusts that[\s\S]*`push: false`/],
    ['the immutable form of a branch', 'repo:octo-org@1001/octo-repo@2002:ref:refs/heads/dev', /^This run is on the branch dev\./],
    ['a customized subject', 'repo:octo-org/octo-repo:ref:refs/heads/main:job_workflow_ref:octo-org/octo-repo/.github/workflows/ci.yml@refs/heads/main',
      /^This token's subject is customized: the repository or its organization sets include_claim_keys to repo,context,job_workflow_ref[\s\S]*--repository octo-org\/octo-repo --sub-claim-keys repo,context,job_workflow_ref\nThis run is on the branch main\./],
    ['a customized subject on another branch: the template and the branch', 'repository_owner_id:1001:ref:refs/heads/dev',
      /sets include_claim_keys to repository_owner_id,context[\s\S]*--sub-claim-keys repository_owner_id,context\nThis run is on the branch dev\. [\s\S]*--branches dev/],
    ['a subject of claims GitHub does not know', 'custom:thing:ref:refs/heads/main', /sets include_claim_keys, so[\s\S]*--sub-claim-keys CLAIM,…/],
  ])('%s', (_, sub, advice) => expect(trustAdvice(sub, setup)).toMatch(advice))

  // the release tier's options are its own (a user's attempt to break row 7)
  test.each<[string, string, 'dev' | 'release', RegExp]>([
    ['a tag on the release tier', 'repo:o/r:ref:refs/tags/build-7', 'release', /`release-tags: build-7` \(CLI `--release-tags 'build-7'`[\s\S]*:\n {2}npx .* --release-tags 'build-7'$/],
    ['an environment on the release tier', 'repo:o/r:environment:production', 'release', /`release-environment: production` \(CLI `--release-environment production`\) sets it:\n {2}npx .* --release-environment production$/],
    ['a branch on the release tier', 'repo:o/r:ref:refs/heads/main', 'release', /never trusts a branch: release from a git tag/],
    ['a tag on the dev tier', 'repo:o/r:ref:refs/tags/v1', 'dev', /dev tier's role never trusts a tag/],
    ['an environment on the dev tier', 'repo:o/r:environment:qa', 'dev', /dev tier's role never trusts an environment/],
  ])('%s', (_, sub, tier, advice) => expect(trustAdvice(sub, setup, tier)).toMatch(advice))

  test('without a setup command, the option alone', () => {
    expect(trustAdvice('repo:o/r:environment:qa')).toMatch(/\(CLI `--environments qa`\)\.$/)
  })
})

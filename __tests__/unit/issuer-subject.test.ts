// GitHub's OIDC issuers and subject templates as IAM sees them (src/oidc.ts): case tables.
import { claimKeysOf, claimKeysProblems, contextOf, isDefaultSubject, issuerForServer, issuerKey, issuerProblem, templateSubject } from '../../src/oidc.js'

test.each<[string, string | undefined, string]>([
  ['github.com', 'https://github.com', 'https://token.actions.githubusercontent.com'],
  ['github.com with a trailing slash', 'https://github.com/', 'https://token.actions.githubusercontent.com'],
  ['no server (a terminal)', undefined, 'https://token.actions.githubusercontent.com'],
  ['a malformed server URL', 'not a url', 'https://token.actions.githubusercontent.com'],
  ['GitHub Enterprise Server', 'https://ghes.example.com', 'https://ghes.example.com/_services/token'],
  ['GitHub Enterprise Server on a port', 'https://ghes.example.com:8443/', 'https://ghes.example.com:8443/_services/token'],
])('issuerForServer: %s', (_, server, issuer) => expect(issuerForServer(server)).toBe(issuer))

test.each<[string, string]>([
  ['https://token.actions.githubusercontent.com', 'token.actions.githubusercontent.com'],
  ['https://token.actions.githubusercontent.com/acme-ent', 'token.actions.githubusercontent.com/acme-ent'],
  ['https://ghes.example.com/_services/token/', 'ghes.example.com/_services/token'],
])('issuerKey: %s → %s', (issuer, key) => expect(issuerKey(issuer)).toBe(key))

test.each<[string, string, boolean]>([
  ['github.com', 'https://token.actions.githubusercontent.com', true],
  ['an enterprise', 'https://token.actions.githubusercontent.com/acme-ent', true],
  ['GHES', 'https://ghes.example.com/_services/token', true],
  ['http', 'http://ghes.example.com/_services/token', false],
  ['no scheme', 'token.actions.githubusercontent.com', false],
  ['a query', 'https://ghes.example.com/_services/token?x=1', false],
  ['credentials', 'https://user:pass@ghes.example.com/_services/token', false],
])('issuerProblem: %s is %s', (_, value, fine) => {
  const problem = issuerProblem('oidc-issuer', value)
  if (fine) expect(problem).toBeUndefined()
  else expect(problem).toMatch(/^`oidc-issuer` is ".*", which is not an OIDC issuer URL: give the https URL/)
})

test.each<[string, string[], RegExp[]]>([
  ['the default', ['repo', 'context'], []],
  ['with the workflow', ['repo', 'context', 'job_workflow_ref'], []],
  ['owner ID and context', ['repository_owner_id', 'context'], []],
  ['an unknown claim', ['repo', 'context', 'team'], [/`sub-claim-keys` has "team", which is not a claim GitHub can put in the subject/]],
  ['a repeated claim', ['repo', 'repo', 'context'], [/names a claim twice/]],
  ['no context', ['repo', 'ref'], [/has no `context`/]],
])('claimKeysProblems: %s', (_, keys, expected) => {
  const problems = claimKeysProblems('sub-claim-keys', keys)
  expect(problems).toHaveLength(expected.length)
  expected.forEach((pattern, i) => expect(problems[i]).toMatch(pattern))
})

describe('templateSubject: the sub a template gives for a tier context', () => {
  const facts = { owner: 'octo-org', repo: 'octo-repo', ownerId: '1001', repositoryId: '2002' }
  test.each<[string, string[], string, 'name' | 'immutable', string | undefined]>([
    ['the default', ['repo', 'context'], 'ref:refs/heads/main', 'name', 'repo:octo-org/octo-repo:ref:refs/heads/main'],
    ['the default, immutable', ['repo', 'context'], 'ref:refs/heads/main', 'immutable', 'repo:octo-org@1001/octo-repo@2002:ref:refs/heads/main'],
    ['an environment', ['repo', 'context'], 'environment:production', 'name', 'repo:octo-org/octo-repo:environment:production'],
    ['the workflow, on a branch', ['repo', 'context', 'job_workflow_ref'], 'ref:refs/heads/main', 'name',
      'repo:octo-org/octo-repo:ref:refs/heads/main:job_workflow_ref:octo-org/octo-repo/.github/workflows/*@refs/heads/main'],
    ['the workflow, in an environment (any ref)', ['repo', 'context', 'job_workflow_ref'], 'environment:production', 'immutable',
      'repo:octo-org@1001/octo-repo@2002:environment:production:job_workflow_ref:octo-org/octo-repo/.github/workflows/*@*'],
    ['owner ID first', ['repository_owner_id', 'context'], 'ref:refs/tags/v*', 'name', 'repository_owner_id:1001:ref:refs/tags/v*'],
    ['no repo claim has no immutable form', ['repository_owner_id', 'context'], 'ref:refs/heads/main', 'immutable', undefined],
    ['claims the repository does not decide are wildcards', ['repo', 'workflow', 'context', 'actor'], 'ref:refs/heads/main', 'name',
      'repo:octo-org/octo-repo:workflow:*:ref:refs/heads/main:actor:*'],
    ['ref and ref_type follow the context', ['repository_id', 'context', 'ref_type', 'ref'], 'ref:refs/tags/v1', 'name',
      'repository_id:2002:ref:refs/tags/v1:ref_type:tag:ref:refs/tags/v1'],
    ['environment follows the context', ['repo', 'environment', 'context'], 'environment:prod', 'name', 'repo:octo-org/octo-repo:environment:prod:environment:prod'],
  ])('%s', (_, keys, context, form, expected) => expect(templateSubject(keys, facts, context, form)).toBe(expected))

  test('without the IDs there is no immutable form', () => {
    expect(templateSubject(['repo', 'context'], { owner: 'o', repo: 'r' }, 'ref:refs/heads/main', 'immutable')).toBeUndefined()
  })
})

test.each<[string, string[] | undefined, boolean, string | undefined]>([
  ['repo:octo-org/octo-repo:ref:refs/heads/main', ['repo', 'context'], true, 'ref:refs/heads/main'],
  ['repo:octo-org@1/octo-repo@2:environment:prod', ['repo', 'context'], true, 'environment:prod'],
  ['repo:octo-org/octo-repo:pull_request', ['repo', 'context'], true, 'pull_request'],
  ['repo:octo-org/octo-repo:environment:prod:job_workflow_ref:octo-org/octo-repo/.github/workflows/ci.yml@refs/heads/main',
    ['repo', 'context', 'job_workflow_ref'], false, 'environment:prod'],
  ['repository_owner_id:1001:ref:refs/heads/main', ['repository_owner_id', 'context'], false, 'ref:refs/heads/main'],
  ['repo:octo-org/octo-repo:workflow:ci:ref:refs/heads/main', ['repo', 'workflow', 'context'], false, 'ref:refs/heads/main'],
  ['custom:value:ref:refs/heads/main', undefined, false, 'ref:refs/heads/main'],
])('claimKeysOf, isDefaultSubject and contextOf: %s', (sub, keys, isDefault, context) => {
  expect(claimKeysOf(sub)).toEqual(keys)
  expect(isDefaultSubject(sub)).toBe(isDefault)
  expect(contextOf(sub)).toBe(context)
})

test.each<[string, string, boolean]>([
  ['a space in the path', 'https://ghes.example.com/a b', false],
  ['an escaped path', 'https://ghes.example.com/a%20b', false],
])('issuerProblem (a user\'s attempt to break it): %s', (_, value, fine) => expect(issuerProblem('oidc-issuer', value) === undefined).toBe(fine))

test('normalizeIssuer: the host in lower case, no trailing slash', async () => {
  const { normalizeIssuer } = await import('../../src/oidc.js')
  expect(normalizeIssuer(' https://GHES.Example.com/_services/token/ ')).toBe('https://ghes.example.com/_services/token')
})

import { GetRoleCommand } from '@aws-sdk/client-iam'
import { startGitHubStub } from '../../scripts/github-stub.mjs'
import { parsePolicyDocument } from '../../src/diff.js'
import { direct, setupHarness } from '../support/setup-harness.js'

const { cli: setupCli } = setupHarness()
let github: Awaited<ReturnType<typeof startGitHubStub>>
beforeEach(async () => {
  github = await startGitHubStub([
    { fullName: 'octo-org/octo-repo', defaultBranch: 'trunk', id: 2002, ownerId: 1001, topics: ['ecr'] },
    { fullName: 'octo-org/svc-b', topics: ['ecr', 'web'] },
    { fullName: 'octo-org/docs', topics: ['docs'] },
    { fullName: 'octo-org/svc-d', topics: ['ecr'] },
  ], { perPage: 2 })
})
afterEach(() => github.close())

async function cli(args: string[], token = github.token) {
  github.requests.length = 0
  const result = await setupCli(args, { GITHUB_TOKEN: token, GITHUB_API_URL: github.url })
  return { ...result, githubWrites: github.requests.filter((r) => !r.startsWith('GET')) }
}

test('with a token: the default branch and IDs come from GitHub, the variables are set; a re-run changes nothing', async () => {
  const first = await cli(['--repository', 'octo-org/octo-repo'])
  expect(first.code).toBe(0)
  const role = (await direct.iam.send(new GetRoleCommand({ RoleName: 'github-actions-octo-repo' }))).Role!
  expect(parsePolicyDocument(role.AssumeRolePolicyDocument)).toMatchObject({ Statement: [{ Condition: { StringEquals: {
    'token.actions.githubusercontent.com:sub': ['repo:octo-org/octo-repo:ref:refs/heads/trunk', 'repo:octo-org@1001/octo-repo@2002:ref:refs/heads/trunk'],
  } } }] })
  expect(first.out).toContain('+ create     GitHub variable AWS_ACCOUNT_ID of octo-org/octo-repo')
  expect(github.variables('octo-org/octo-repo')).toEqual({ AWS_ACCOUNT_ID: '123456789012', AWS_REGION: 'us-east-1' })
  expect(first.githubWrites).toEqual(['POST /repos/octo-org/octo-repo/actions/variables', 'POST /repos/octo-org/octo-repo/actions/variables'])

  const again = await cli(['--repository', 'octo-org/octo-repo'])
  expect(again).toMatchObject({ code: 0, writes: [], githubWrites: [] })
  expect(again.out).toContain('No changes: all 7 resources are as declared.')
})

test('a variable changed by hand is set back (an update, not a second variable)', async () => {
  await cli(['--repository', 'octo-org/octo-repo'])
  await fetch(`${github.url}/repos/octo-org/octo-repo/actions/variables/AWS_REGION`, {
    method: 'PATCH', headers: { authorization: `Bearer ${github.token}` }, body: JSON.stringify({ value: 'eu-west-1' }),
  })
  const again = await cli(['--repository', 'octo-org/octo-repo'])
  expect(again.out).toContain('~ update     GitHub variable AWS_REGION of octo-org/octo-repo\n                 eu-west-1 → us-east-1')
  expect(again.githubWrites).toEqual(['PATCH /repos/octo-org/octo-repo/actions/variables/AWS_REGION'])
  expect(github.variables('octo-org/octo-repo')['AWS_REGION']).toBe('us-east-1')
})

test('--github-org with --topic: the organisation\'s repositories with that topic, across pages', async () => {
  const result = await cli(['--github-org', 'octo-org', '--topic', 'ecr', '--dry-run'])
  expect(result.code).toBe(0)
  expect(result.out).toContain('Plan for 3 repositories')
  expect(result.out.match(/^(octo-org\/[\w-]+):$/gm)).toEqual(['octo-org/octo-repo:', 'octo-org/svc-b:', 'octo-org/svc-d:'])
  expect(github.requests.filter((r) => r.startsWith('GET /orgs/'))).toHaveLength(2)
  // each repository's own IDs and default branch, from GitHub
  expect(result.out).toContain('"repo:octo-org@1001/octo-repo@2002:ref:refs/heads/trunk"')
  expect(result.out).toContain('"repo:octo-org@9000/svc-b@5001:ref:refs/heads/main"')
  expect(result).toMatchObject({ writes: [], githubWrites: [] })
})

// issue 18, row 6: the subject is compared case-sensitively, so names come in GitHub's casing
test('a repository named in another casing: setup uses GitHub\'s; without a token the plan warns', async () => {
  const result = await cli(['--repository', 'OCTO-ORG/Octo-Repo'])
  expect(result.code).toBe(0)
  expect(result.err).toContain('GitHub names OCTO-ORG/Octo-Repo octo-org/octo-repo: setup uses that casing')
  const role = (await direct.iam.send(new GetRoleCommand({ RoleName: 'github-actions-octo-repo' }))).Role!
  expect(JSON.stringify(parsePolicyDocument(role.AssumeRolePolicyDocument))).toContain('"repo:octo-org/octo-repo:ref:refs/heads/trunk"')
  expect(result.out).not.toContain('as written: IAM compares')

  const untokened = await cli(['--repository', 'Octo-Org/Other', '--dry-run'], '')
  expect(untokened.code).toBe(0)
  expect(untokened.out).toContain("The trust names Octo-Org/Other as written: IAM compares the token's subject case-sensitively")
})

// issue 18, row 12: each page its own bounded, retried call, and progress for a long listing
test('--github-org: a page GitHub fails once is asked again alone; a long listing says how far it has got', async () => {
  await github.close()
  github = await startGitHubStub(Array.from({ length: 23 }, (_, i) => ({ fullName: `octo-org/svc-${i}`, topics: i % 2 ? ['ecr'] : [] })), { perPage: 1 })
  github.fail('GET /orgs/octo-org/repos?page=12', 502)
  const result = await cli(['--github-org', 'octo-org', '--topic', 'ecr', '--dry-run'])
  expect(result.code).toBe(0)
  expect(result.out).toContain('Plan for 11 repositories')
  // 23 pages, and page 12 twice: never the listing again from page 1
  expect(github.requests.filter((r) => r.startsWith('GET /orgs/'))).toHaveLength(24)
  expect(result.err).toContain("Listing octo-org's repositories: 10 so far, 5 with the topic ecr…")
  expect(result.err).toContain("Listing octo-org's repositories: 20 so far, 10 with the topic ecr…")
}, 120_000)

test.each<[string, string[], string | undefined, number, RegExp]>([
  ['a token GitHub refuses', ['--repository', 'octo-org/octo-repo'], 'wrong', 1, /GitHub repository octo-org\/octo-repo: The GitHub API \(http:\/\/127\.0\.0\.1:\d+\) refused GET \/repos\/octo-org\/octo-repo: HTTP 401 Bad credentials[\s\S]*The token was refused[\s\S]*Nothing was changed\./],
  ['a repository GitHub does not have', ['--repository', 'octo-org/nope'], undefined, 1, /GitHub repository octo-org\/nope: .*HTTP 404.*Metadata: read/],
  ['--github-org without --topic', ['--github-org', 'octo-org'], undefined, 2, /--github-org selects the organisation's repositories by topic: it needs --topic/],
  ['a topic nobody carries', ['--github-org', 'octo-org', '--topic', 'none'], undefined, 2, /--github-org octo-org has no repository with the topic none/],
])('%s: a clear error, nothing written', async (_, args, token, code, message) => {
  const result = await cli(args, token)
  expect(result.code).toBe(code)
  expect(result.err).toMatch(message)
  expect(result).toMatchObject({ writes: [], githubWrites: [] })
})

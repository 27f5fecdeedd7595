// Issue 16: GitHub Enterprise issuers and customized OIDC subjects, end to end against the strict stack's
// trust-evaluating STS: setup (the built CLI) writes the provider and the trust, then the action (node
// dist/index.js) pushes with a token of that issuer and that subject form.
import { startGitHubStub } from '../../scripts/github-stub.mjs'
import { githubClaims, startOidcStub } from '../../scripts/oidc-stub.mjs'
import { setUpRepository } from '../../scripts/set-up.mjs'
import type { AwsProxy } from '../../scripts/aws-proxy.mjs'
import { annotationsIn, runAction } from '../support/action-runner.js'
import { openHarness, uniqueRepository } from '../support/fixtures.js'
import { listTags } from '../support/registry.js'
import { MOTO_URL } from '../support/stack.js'

let proxy: AwsProxy
let workspace: string
beforeAll(async () => {
  ({ proxy, workspace } = await openHarness())
})
afterAll(() => proxy.stop())

const inputs = { 'account-id': '123456789012', region: 'us-east-1', platforms: 'linux/amd64', cache: 'none' }
const errorOf = (stdout: string) => annotationsIn(stdout).map((annotation) => annotation.message).join('\n')

/** The action pushing for `repository` with a token of these claims; its result. */
async function push(repository: string, claims: Record<string, string>) {
  const stub = await startOidcStub(claims)
  try {
    return await runAction({ workspace, repository, inputs, env: { ...stub.env, AWS_ENDPOINT_URL: proxy.url } })
  } finally {
    await stub.close()
  }
}

describe('GitHub Enterprise issuers', () => {
  test('an enterprise with a unique issuer: setup --oidc-issuer, then a push with its token', async () => {
    const repository = uniqueRepository('ent-issuer')
    const issuer = 'https://token.actions.githubusercontent.com/acme-ent'
    await setUpRepository(repository, { endpoint: MOTO_URL, flags: ['--oidc-issuer', issuer] })
    const result = await push(repository, githubClaims({ repository, issuer }))
    expect(result.exitCode).toBe(0)
    expect(await listTags(repository.split('/')[1]!)).toContain('main')
  })

  test("GitHub Enterprise Server: setup derives the issuer from GITHUB_SERVER_URL; a push with the server's token", async () => {
    const repository = uniqueRepository('ghes-issuer')
    await setUpRepository(repository, { endpoint: MOTO_URL, env: { GITHUB_SERVER_URL: 'https://ghes.example.com' } })
    const result = await push(repository, githubClaims({ repository, issuer: 'https://ghes.example.com/_services/token' }))
    expect(result.exitCode).toBe(0)
    expect(await listTags(repository.split('/')[1]!)).toContain('main')
  })

  test('a token from an issuer the account has no provider for: refused, the issuer and provider named', async () => {
    const repository = uniqueRepository('no-provider')
    await setUpRepository(repository, { endpoint: MOTO_URL })
    const issuer = 'https://other-ghes.example.com/_services/token'
    const result = await push(repository, githubClaims({ repository, issuer }))
    expect(result.exitCode).toBe(1)
    const error = errorOf(result.stdout)
    expect(error).toContain(`InvalidIdentityTokenException: No OpenIDConnect provider found in your account for ${issuer}`)
    expect(error).toContain(`The OIDC provider arn:aws:iam::123456789012:oidc-provider/other-ghes.example.com/_services/token must also exist, with client ID sts.amazonaws.com: this token's issuer is ${issuer}.`)
    expect(error).toContain(`--oidc-issuer ${issuer}`)
    expect(error).not.toMatch(/\n\s+at /)
    expect(await listTags(repository.split('/')[1]!)).toEqual([])
  })
})

describe('customized subject claims', () => {
  test("setup reads the repository's template and the organization's it inherits from GitHub; pushes with such tokens are accepted", async () => {
    const own = uniqueRepository('sub-own')
    const inherited = uniqueRepository('sub-org')
    const github = await startGitHubStub([
      { fullName: own, ownerId: 1001, id: 3001, subjectTemplate: { use_default: false, include_claim_keys: ['repo', 'context', 'job_workflow_ref'] } },
      { fullName: inherited, ownerId: 1001, id: 3002, subjectTemplate: { use_default: false } },
    ], { orgTemplates: { 'octo-org': ['repository_owner_id', 'context'] } })
    try {
      const env = { GITHUB_TOKEN: github.token, GITHUB_API_URL: github.url }
      await setUpRepository(own, { endpoint: MOTO_URL, env })
      await setUpRepository(inherited, { endpoint: MOTO_URL, env })
      expect(github.requests).toEqual(expect.arrayContaining([
        `GET /repos/${own}/actions/oidc/customization/sub`, `GET /repos/${inherited}/actions/oidc/customization/sub`, 'GET /orgs/octo-org/actions/oidc/customization/sub',
      ]))
      const ownResult = await push(own, githubClaims({ repository: own, ownerId: '1001', repositoryId: '3001', subClaimKeys: ['repo', 'context', 'job_workflow_ref'] }))
      expect(ownResult.exitCode).toBe(0)
      const inheritedResult = await push(inherited, githubClaims({ repository: inherited, ownerId: '1001', repositoryId: '3002', subClaimKeys: ['repository_owner_id', 'context'] }))
      expect(inheritedResult.exitCode).toBe(0)
      // the immutable form of the repository's template is trusted too (the IDs came from GitHub)
      const immutable = await push(own, githubClaims({ repository: own, ownerId: '1001', repositoryId: '3001', immutableSubject: true, subClaimKeys: ['repo', 'context', 'job_workflow_ref'] }))
      expect(immutable.exitCode).toBe(0)
    } finally {
      await github.close()
    }
  })

  test('a customized token against a role set up in the default form: refused, with the template and a setup command that works', async () => {
    const repository = uniqueRepository('sub-unknown')
    await setUpRepository(repository, { endpoint: MOTO_URL })
    // the immutable form, as repositories created after 2026-07-15 present it: the command must carry the IDs
    const claims = githubClaims({ repository, immutableSubject: true, subClaimKeys: ['repo', 'context', 'job_workflow_ref'] })
    const result = await push(repository, claims)
    expect(result.exitCode).toBe(1)
    const error = errorOf(result.stdout)
    expect(error).toContain("This token's subject is customized: the repository or its organization sets include_claim_keys to repo,context,job_workflow_ref")
    const command = error.split('\n').find((line) => line.includes(`--repository ${repository} --sub-claim-keys`))!.trim()
    expect(command).toBe(`npx ecr-oidc-push setup --account-id 123456789012 --region us-east-1 --repository ${repository} --sub-claim-keys repo,context,job_workflow_ref --owner-id 1001 --repository-id 2002`)
    // the command the refusal gives, run as given, writes a trust that takes the token
    await setUpRepository(repository, { endpoint: MOTO_URL, flags: command.split(' ').slice(command.split(' ').indexOf(repository) + 1) })
    const again = await push(repository, claims)
    expect(again.exitCode).toBe(0)
  })
})

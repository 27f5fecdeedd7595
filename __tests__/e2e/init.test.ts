import { execFile, execFileSync } from 'node:child_process'
import { mkdtempSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam'
import { parse } from 'yaml'
import type { AwsProxy } from '../../scripts/aws-proxy.mjs'
import { startGitHubStub } from '../../scripts/github-stub.mjs'
import { openHarness, uniqueRepository } from '../support/fixtures.js'
import { MOTO_ENV, MOTO_URL, REGION } from '../support/stack.js'

const CLI = path.resolve(import.meta.dirname, '../../dist/cli.js')
let proxy: AwsProxy
let github: Awaited<ReturnType<typeof startGitHubStub>>
const repository = uniqueRepository('new-service')
const name = repository.split('/')[1]!
beforeAll(async () => {
  ({ proxy } = await openHarness())
  github = await startGitHubStub([{ fullName: repository, defaultBranch: 'trunk', id: 7007, ownerId: 1001 }])
})
afterAll(async () => {
  await proxy.stop()
  await github.close()
})

/** A fresh checkout of `origin`, as a user has after `git clone` or `git init` + `git remote add`. */
function checkout(origin?: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'init-'))
  execFileSync('git', ['init', '--quiet', dir])
  if (origin) execFileSync('git', ['-C', dir, 'remote', 'add', 'origin', origin])
  return dir
}

/** `npx ecr-oidc-push init` as a user runs it: the CLI process, AWS through the recording proxy, the API stand-in. */
function init(cwd: string, args: string[] = [], token = github.token): Promise<{ code: number; stdout: string; stderr: string; awsWrites: string[]; githubWrites: string[] }> {
  proxy.reset()
  github.requests.length = 0
  const env = {
    PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/root', ...MOTO_ENV, AWS_ENDPOINT_URL: proxy.url,
    GITHUB_API_URL: github.url, ...(token ? { GITHUB_TOKEN: token } : {}),
  }
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, 'init', '--account-id', '123456789012', '--region', REGION, '--action', 'octo-org/ecr-oidc-push@v1', ...args], { cwd, env }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr, awsWrites: proxy.writes(), githubWrites: github.requests.filter((r) => !r.startsWith('GET')) })
    })
  })
}

describe('init in a fresh checkout', () => {
  const dir = checkout(`https://github.com/${repository}.git`)
  const workflowFile = path.join(dir, '.github/workflows/ecr-oidc-push.yml')

  test('writes the workflow, sets up AWS with GitHub\'s facts, sets the variables, and says what to commit', async () => {
    const result = await init(path.join(dir), ['--tiers', 'main,dev'])
    expect(result.stderr).not.toMatch(/error/)
    expect(result.code).toBe(0)
    const workflow = parse(readFileSync(workflowFile, 'utf8')) as { on: { push: object }; jobs: { push: { steps: Array<{ with?: object }> } } }
    expect(workflow.on.push).toEqual({ branches: ['**'] })
    expect(workflow.jobs.push.steps[1]!.with).toEqual({ 'account-id': '${{ vars.AWS_ACCOUNT_ID }}', region: '${{ vars.AWS_REGION }}', tier: 'auto' })
    expect(github.variables(repository)).toEqual({ AWS_ACCOUNT_ID: '123456789012', AWS_REGION: 'us-east-1' })
    expect(github.requests.filter((request) => request === `GET /repos/${repository}`)).toHaveLength(1) // asked once, not again by setup
    expect(result.awsWrites.filter((w) => w === 'CreateRole')).toHaveLength(2)
    const iam = new IAMClient({ region: REGION, endpoint: MOTO_URL, credentials: { accessKeyId: MOTO_ENV.AWS_ACCESS_KEY_ID, secretAccessKey: MOTO_ENV.AWS_SECRET_ACCESS_KEY } })
    const role = await iam.send(new GetRoleCommand({ RoleName: `github-actions-${name}` }))
    expect(decodeURIComponent(role.Role!.AssumeRolePolicyDocument!)).toContain(`repo:octo-org@1001/${name}@7007:ref:refs/heads/trunk`)
    expect(result.stdout).toContain('Wrote .github/workflows/ecr-oidc-push.yml. Commit and push it:\n  git add .github/workflows/ecr-oidc-push.yml\n')
    expect(result.stdout).toContain('The repository variables AWS_ACCOUNT_ID=123456789012 and AWS_REGION=us-east-1 are set.')
    console.log(`init, new service: ${result.stdout.match(/init took [\d.]+ s/)?.[0]}`)
  }, 60_000)

  test('a second init changes nothing: no AWS write, no GitHub write, the file as it was', async () => {
    const before = statSync(workflowFile).mtimeMs
    const result = await init(dir, ['--tiers', 'main,dev'])
    expect(result).toMatchObject({ code: 0, awsWrites: [], githubWrites: [] })
    expect(result.stdout).toContain('.github/workflows/ecr-oidc-push.yml is already as init writes it.')
    expect(statSync(workflowFile).mtimeMs).toBe(before)
  }, 60_000)

  test('a workflow file that differs is not overwritten without --force, and nothing is written anywhere', async () => {
    writeFileSync(workflowFile, 'name: mine\n')
    const refused = await init(dir, ['--tiers', 'main,dev,release'])
    expect(refused).toMatchObject({ code: 1, awsWrites: [], githubWrites: [] })
    expect(refused.stderr).toContain('.github/workflows/ecr-oidc-push.yml exists and differs from what init would write; nothing was changed. Pass --force')
    expect(readFileSync(workflowFile, 'utf8')).toBe('name: mine\n')
    const forced = await init(dir, ['--tiers', 'main,dev,release', '--force'])
    expect(forced.code).toBe(0)
    expect(readFileSync(workflowFile, 'utf8')).toContain("tags: ['v*']")
  }, 60_000)
})

test.each<[string, () => string, RegExp]>([
  ['outside a git checkout', () => mkdtempSync(path.join(tmpdir(), 'not-a-checkout-')), /init runs inside a git checkout of the repository to set up/],
  ['a checkout without origin', () => checkout(), /This checkout has no remote origin/],
  ['origin not on GitHub', () => checkout('git@gitlab.com:team/app.git'), /origin is git@gitlab.com:team\/app.git, which is not a repository on GitHub/],
  // a remote URL with a token in it: the message shows the URL without it
  ['origin not on GitHub, with a token in its URL', () => checkout('https://ci:glpat-SECRET123@gitlab.com/team/app.git'), /origin is https:\/\/\*\*\*@gitlab\.com\/team\/app\.git, which is not a repository on GitHub/],
])('init %s: a clear error, exit 1, nothing written', async (_, dir, message) => {
  const result = await init(dir())
  expect(result.code).toBe(1)
  expect(result.stderr).toMatch(message)
  expect(result.stdout + result.stderr).not.toContain('SECRET123')
  expect(result).toMatchObject({ awsWrites: [], githubWrites: [] })
}, 60_000)

test('without a token, from a subdirectory: the default branch from origin\'s HEAD, the variables to set by hand named', async () => {
  const dir = checkout(`https://github.com/${repository}-other.git`)
  execFileSync('git', ['-C', dir, 'symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/develop'])
  mkdirSync(path.join(dir, 'sub'))
  const result = await init(path.join(dir, 'sub'), [], '')
  expect(result.code).toBe(0)
  expect(result.stdout).toContain(`repo:${repository}-other:ref:refs/heads/develop`)
  expect(readFileSync(path.join(dir, '.github/workflows/ecr-oidc-push.yml'), 'utf8')).toContain("branches: ['develop']")
  expect(result.stdout).toContain('Set the repository variables AWS_ACCOUNT_ID=123456789012 and AWS_REGION=us-east-1 (Settings → Secrets and variables → Actions → Variables), or run init again with a GitHub token.')
  expect(result.githubWrites).toEqual([])
}, 60_000)

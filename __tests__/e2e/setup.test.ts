import { execFile } from 'node:child_process'
import * as path from 'node:path'
import { githubClaims, startOidcStub } from '../../scripts/oidc-stub.mjs'
import type { AwsProxy } from '../../scripts/aws-proxy.mjs'
import { annotationsIn, runAction } from '../support/action-runner.js'
import { openHarness, uniqueRepository } from '../support/fixtures.js'
import { listTags } from '../support/registry.js'
import { MOTO_ENV, resetMoto } from '../support/stack.js'

const CLI = path.resolve(import.meta.dirname, '../../dist/cli.js')
let proxy: AwsProxy
let workspace: string
beforeAll(async () => {
  ({ proxy, workspace } = await openHarness())
  await resetMoto()
})
afterAll(() => proxy.stop())

const target = { 'account-id': '123456789012', region: 'us-east-1' }

describe('mode: setup, then push with what it made', () => {
  const repository = uniqueRepository('fresh-service')
  const name = repository.split('/')[1]!
  const setupStep = () => {
    proxy.reset()
    return runAction({
      workspace, repository, inputs: { ...target, mode: 'setup', 'trust-tags': 'v*' },
      env: { ...MOTO_ENV, AWS_ENDPOINT_URL: proxy.url, GITHUB_REPOSITORY_OWNER_ID: '1001', GITHUB_REPOSITORY_ID: '2002' },
    })
  }

  test('the first run creates the provider, role, policy and repository, and says so', async () => {
    const result = await setupStep()
    expect(result.stderr).toBe('')
    expect(result.exitCode).toBe(0)
    expect(proxy.writes()).toEqual(['CreateOpenIDConnectProvider', 'CreateRole', 'PutRolePolicy', 'CreateRepository', 'PutLifecyclePolicy'])
    expect(result.outputs['role-arn']).toBe(`arn:aws:iam::123456789012:role/github-actions-${name}`)
    expect(result.outputs['repository-uri']).toBe(`123456789012.dkr.ecr.us-east-1.amazonaws.com/${name}`)
    expect(result.outputs['plan']).toMatch(/\+ create {5}IAM role github-actions-/)
    expect(result.outputs['plan']).toContain(`repo:octo-org@1001/${name}@2002:ref:refs/heads/main`)
    expect(result.summary).toContain('### ecr-oidc-push setup')
  })

  test('the second run changes nothing', async () => {
    const result = await setupStep()
    expect(result.exitCode).toBe(0)
    expect(proxy.writes()).toEqual([])
    expect(result.outputs['plan']).toMatch(/No changes: all 5 resources are as declared\.$/)
  })

  test('push mode then assumes the role setup made and pushes', async () => {
    const stub = await startOidcStub(githubClaims({ repository }))
    try {
      proxy.reset()
      const result = await runAction({ workspace, repository, inputs: { ...target, platforms: 'linux/amd64' }, env: { ...stub.env, AWS_ENDPOINT_URL: proxy.url } })
      expect(result.exitCode).toBe(0)
      expect(result.outputs['role-arn']).toBe(`arn:aws:iam::123456789012:role/github-actions-${name}`)
      expect(await listTags(name)).toContain('main')
    } finally {
      await stub.close()
    }
  })

  test('bad setup input: a clear error, exit 1, nothing sent to AWS', async () => {
    proxy.reset()
    const result = await runAction({ workspace, repository, inputs: { ...target, mode: 'setup', 'trust-branches': '*' }, env: { ...MOTO_ENV, AWS_ENDPOINT_URL: proxy.url } })
    expect(result.exitCode).toBe(1)
    expect(annotationsIn(result.stdout)[0]!.message).toMatch(/^Invalid input:\n- `trust-branches` has "\*", which would trust every ref/)
    expect(proxy.calls).toEqual([])
  })
})

describe('the CLI as installed (dist/cli.js)', () => {
  // asynchronous: the recording proxy lives in this process and must keep answering
  const run = (args: string[]) => new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [CLI, ...args], {
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...MOTO_ENV, AWS_ENDPOINT_URL: proxy.url },
    }, (error, stdout, stderr) => resolve({ status: error ? Number(error.code) : 0, stdout, stderr }))
  })

  test('--dry-run --json: the plan, nothing written', async () => {
    proxy.reset()
    const result = await run(['setup', '--account-id', '123456789012', '--region', 'us-east-1', '--repository', 'octo-org/cli-service', '--dry-run', '--json'])
    expect(result.status).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({ applied: false, writes: 0, summary: '4 to create, 0 to update, 1 unchanged.' })
    expect(proxy.writes()).toEqual([])
  })

  test('usage errors exit 2', async () => {
    const result = await run(['setup', '--account-id', '123456789012'])
    expect(result.status).toBe(2)
    expect(result.stderr).toContain('error: missing --region, --repository')
  })

  test('--help exits 0', async () => {
    const result = await run(['--help'])
    expect(result.status).toBe(0)
    expect(result.stdout).toMatch(/^Usage: ecr-oidc-push setup/)
  })
})

test('mode: setup with repositories: one plan for all, a result line each', async () => {
  const repositories = [uniqueRepository('team-a'), uniqueRepository('team-b')]
  proxy.reset()
  const result = await runAction({
    workspace, repository: 'octo-org/admin', inputs: { ...target, mode: 'setup', repositories: repositories.join('\n') },
    env: { ...MOTO_ENV, AWS_ENDPOINT_URL: proxy.url },
  })
  expect(result.exitCode).toBe(0)
  expect(result.outputs['plan']).toMatch(/^Plan for 2 repositories in AWS account 123456789012 \(us-east-1\):/)
  for (const repository of repositories) expect(result.stdout).toContain(`✓ ${repository}: 4 changes applied`)
  expect(proxy.writes().filter((w) => w === 'CreateRole')).toHaveLength(2)
})

import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { GetRoleCommand } from '@aws-sdk/client-iam'
import { iamError } from '../../scripts/aws-proxy.mjs'
import { direct, setupHarness } from '../support/setup-harness.js'

const { cli: setupCli, proxy } = setupHarness()
const repositories = ['octo-org/svc-a', 'octo-org/svc-b', 'other-org/svc-c']
const file = path.join(mkdtempSync(path.join(tmpdir(), 'fleet-')), 'repositories.txt')
writeFileSync(file, `# the services\n${repositories.join('\n')}\n`)

const cli = (...extra: string[]) => setupCli(['--repositories-file', file, ...extra])

test('several repositories: one provider, one plan, a line per repository; a re-run makes zero writes', async () => {
  const first = await cli('--tiers', 'main,dev')
  expect(first.code).toBe(0)
  expect(first.writes.filter((w) => w === 'CreateOpenIDConnectProvider')).toHaveLength(1)
  expect(first.writes.filter((w) => w === 'CreateRole')).toHaveLength(6)
  expect(first.out).toContain('Plan for 3 repositories in AWS account 123456789012 (us-east-1):\n  + create     OIDC provider token.actions.githubusercontent.com\n                 client ID sts.amazonaws.com\nocto-org/svc-a:\n')
  expect(first.out).toContain('✓ octo-org/svc-a: 8 changes applied\n✓ octo-org/svc-b: 8 changes applied\n✓ other-org/svc-c: 8 changes applied\n')
  const again = await cli('--tiers', 'main,dev')
  expect(again).toMatchObject({ code: 0, writes: [] })
  expect(again.out).toContain('= octo-org/svc-a: no changes\n= octo-org/svc-b: no changes\n= other-org/svc-c: no changes\n')
})

test('one repository failing: the others are applied, exit 1, and a re-run finishes it', async () => {
  proxy().reset()
  proxy().faults.push({ action: 'CreateRole', ...iamError('AccessDenied', 'not authorized to perform: iam:CreateRole') })
  const failing = await cli()
  expect(failing.code).toBe(1)
  expect(failing.out.match(/^✗ .*iam:CreateRole was denied/gm)).toHaveLength(1)
  expect(failing.out.match(/^✓ /gm)).toHaveLength(2)
  expect(failing.out).toContain('for 3 repositories; 1 failed.')
  const rerun = await cli()
  expect(rerun.code).toBe(0)
  expect(rerun.writes).toEqual(['CreateRole', 'PutRolePolicy', 'CreateRepository', 'PutLifecyclePolicy'])
  for (const name of ['svc-a', 'svc-b', 'svc-c']) await expect(direct.iam.send(new GetRoleCommand({ RoleName: `github-actions-${name}` }))).resolves.toBeDefined()
})

test('fifty repositories through the CLI: all applied, a line each; the re-run makes zero writes', async () => {
  const many = path.join(path.dirname(file), 'fifty.txt')
  writeFileSync(many, Array.from({ length: 50 }, (_, i) => `fleet-org/service-${i}`).join('\n'))
  const run = () => setupCli(['--repositories-file', many])
  const first = await run()
  expect(first.code).toBe(0)
  expect(first.out.match(/^✓ fleet-org\/service-\d+: 4 changes applied$/gm)).toHaveLength(50)
  expect(first.writes).toHaveLength(1 + 50 * 4)
  const again = await run()
  expect(again).toMatchObject({ code: 0, writes: [] })
  expect(again.out.match(/^= fleet-org\/service-\d+: no changes$/gm)).toHaveLength(50)
}, 120_000)

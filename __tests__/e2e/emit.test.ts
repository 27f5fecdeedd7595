// `npx ecr-oidc-push setup --emit …` as a user runs it, with no AWS credentials at all: the Terraform module as
// HashiCorp's terraform-config-inspect (Debian's, installed by scripts/stack/install.sh) reads it, and the
// CloudFormation template as a YAML parser reads it.
import { execFile } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { promisify } from 'node:util'
import { parse } from 'yaml'

const CLI = path.resolve(import.meta.dirname, '../../dist/cli.js')
const run = promisify(execFile)
// no AWS credentials, no endpoint: emitting must not need them
const env = { PATH: process.env['PATH'] ?? '', HOME: tmpdir() }
const flags = ['setup', '--account-id', '123456789012', '--region', 'us-east-1', '--repository', 'iac-org/iac-e2e-a', '--repository', 'iac-org/iac-e2e-b', '--tiers', 'main,release', '--consumers', '210987654321']

test('--emit terraform --out: a module terraform-config-inspect reads without a diagnostic', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'iac-tf-'))
  const emitted = await run(process.execPath, [CLI, ...flags, '--emit', 'terraform', '--out', path.join(dir, 'main.tf')], { env })
  expect(emitted.stdout).toBe('')
  expect(emitted.stderr).toContain(`Wrote ${path.join(dir, 'main.tf')}: the terraform for 2 repositories, as setup would create it.`)
  const { stdout } = await run('terraform-config-inspect', ['--json', dir])
  const module = JSON.parse(stdout) as { diagnostics?: unknown[]; variables: object; outputs: object; managed_resources: object; required_providers: object }
  expect(module.diagnostics ?? []).toEqual([])
  expect(Object.keys(module.required_providers)).toEqual(['aws'])
  expect(Object.keys(module.variables).sort()).toEqual(['account_id', 'create_oidc_provider', 'region'])
  expect(Object.keys(module.outputs).sort()).toEqual([
    'iac_e2e_a_main_repository_url', 'iac_e2e_a_main_role_arn', 'iac_e2e_a_release_repository_url', 'iac_e2e_a_release_role_arn',
    'iac_e2e_b_main_repository_url', 'iac_e2e_b_main_role_arn', 'iac_e2e_b_release_repository_url', 'iac_e2e_b_release_role_arn',
  ])
  expect(Object.keys(module.managed_resources)).toEqual(expect.arrayContaining([
    'aws_iam_openid_connect_provider.github', 'aws_iam_role.iac_e2e_a_release', 'aws_iam_role_policy.iac_e2e_a_release_push',
    'aws_ecr_repository.iac_e2e_a_release', 'aws_ecr_repository_policy.iac_e2e_a_release', 'aws_ecr_lifecycle_policy.iac_e2e_a_release',
  ]))
  expect(Object.keys(module.managed_resources)).toHaveLength(1 + 2 * (4 + 5))
})

test('--emit cloudformation: the template on stdout, YAML any parser reads', async () => {
  const { stdout } = await run(process.execPath, [CLI, ...flags, '--emit', 'cloudformation'], { env })
  const template = parse(stdout) as { Parameters: object; Resources: Record<string, { Type: string }>; Outputs: object }
  expect(Object.keys(template.Parameters)).toEqual(['OidcProviderArn'])
  expect(Object.values(template.Resources).map((r) => r.Type).filter((t) => t === 'AWS::IAM::Role')).toHaveLength(4)
  expect(Object.keys(template.Outputs)).toContain('IacE2eAReleaseRepositoryUri')
})

test('an unknown --emit: exit 2, the flag named', async () => {
  const failed = await run(process.execPath, [CLI, ...flags, '--emit', 'pulumi'], { env }).catch((error: { code: number; stderr: string }) => error)
  expect(failed).toMatchObject({ code: 2, stderr: expect.stringContaining('--emit is "pulumi", which is not a format setup writes') })
})

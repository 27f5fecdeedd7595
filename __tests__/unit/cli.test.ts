import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { USAGE, runCli } from '../../src/cli.js'

function io(): Parameters<typeof runCli>[1] & { out: string[]; err: string[] } {
  const out: string[] = []
  const err: string[] = []
  const aws = () => { throw new Error('a usage error must not reach AWS') }
  return { out, err, stdout: (t) => out.push(t), stderr: (t) => err.push(t), sts: aws, ecr: aws, iam: aws, ecs: aws, env: {}, cwd: process.cwd() }
}
let files = 0
/** a repositories file in a temporary directory */
function fileWith(text: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'cli-')), `repos-${files++}.txt`)
  writeFileSync(file, text)
  return file
}
const required = ['--account-id', '123456789012', '--region', 'us-east-1', '--repository', 'octo-org/octo-repo']

test('--help prints the usage and exits 0', async () => {
  const cli = io()
  expect(await runCli(['--help'], cli)).toBe(0)
  expect(cli.out.join('')).toBe(`${USAGE}\n`)
})

test.each<[string, string[], RegExp]>([
  ['no command', [], /no command given; the commands are `setup` and `init`/],
  ['a setup flag init does not take', ['init', '--account-id', '123456789012', '--region', 'us-east-1', '--repository', 'o/r'], /--repository is not for `init` \(it sets up the repository of the checkout it runs in/],
  ['an init flag setup does not take', ['setup', ...required, '--force'], /--force is not for `setup`/],
  ['an unknown command', ['deploy'], /unknown command "deploy"/],
  ['an unknown flag', ['setup', ...required, '--frobnicate'], /Unknown option '--frobnicate'/],
  ['a missing required flag', ['setup', '--account-id', '123456789012'], /missing --region, --repository/],
  ['a bad value, named as its flag', ['setup', ...required, '--untagged-days', 'soon'], /invalid options:\n- --untagged-days must be a whole number/],
  ['a bad branch, named as its flag', ['setup', ...required, '--branches', '*'], /- --branches has "\*"/],
  ['a malformed --pull-from name', ['setup', ...required, '--pull-from', 'Base Image'], /- --pull-from has "Base Image", which is not an ECR repository name/],
  ['--pull-only with nothing to pull', ['setup', ...required, '--pull-only'], /- --pull-only needs --pull-from/],
  ['an unknown tier', ['setup', ...required, '--tiers', 'main,qa'], /- --tiers has "qa", which is not a tier/],
  ['a malformed principal', ['setup', ...required, '--developers', '12345'], /- --developers has "12345", which is not an AWS account ID or an IAM principal ARN/],
  ['a repositories file that is not there', ['setup', '--account-id', '123456789012', '--region', 'us-east-1', '--repositories-file', '/nonexistent/repos.txt'],
    /--repositories-file \/nonexistent\/repos.txt cannot be read \(ENOENT\)/],
  ['a repositories file line that is not OWNER/NAME', ['setup', '--account-id', '123456789012', '--region', 'us-east-1', '--repositories-file', fileWith('octo-org/a\n# a comment\nnot a repo\n')],
    /repos-\d+\.txt line 3: "not a repo" is not a GitHub repository OWNER\/NAME/],
  ['names for one repository with several', ['setup', ...required, '--repository', 'octo-org/app-b', '--role-name', 'ci'], /- --role-name names one repository's resource; with 2 repositories/],
  ['IDs for one repository with several', ['setup', ...required, '--repository', 'octo-org/app-b', '--owner-id', '1', '--repository-id', '2'], /--owner-id and --repository-id are one repository's IDs/],
  // --repository is a list flag too: commas make two repositories, so one repository's names are refused
  ['--repository with commas', ['setup', '--account-id', '123456789012', '--region', 'us-east-1', '--repository', 'octo-org/a,octo-org/b', '--role-name', 'ci'], /- --role-name names one repository's resource; with 2 repositories/],
  // a repeated list flag is split like any list: `main,dev` is two tiers, and only `bogus` is refused
  ['a repeated list flag, each value split on commas', ['setup', ...required, '--tiers', 'main,dev', '--tiers', 'bogus'], /^error: invalid options:\n- --tiers has "bogus", which is not a tier[^\n]*\n?$/],
])('%s: exit 2, nothing sent to AWS', async (_, argv, message) => {
  const cli = io()
  expect(await runCli(argv, cli)).toBe(2)
  expect(cli.err.join('')).toMatch(message)
  expect(cli.out).toEqual([])
})

test('--github-token works, and says where a token belongs instead', async () => {
  const cli = io()
  // a usage problem stops it before any remote call: what matters is the warning
  expect(await runCli(['setup', ...required, '--github-token', 'ghp_example', '--tiers', 'bogus'], cli)).toBe(2)
  expect(cli.err.join('')).toMatch(/^warning: --github-token puts the token in your shell history and the process list; set GITHUB_TOKEN or GH_TOKEN instead\.\n/)
  expect(cli.err.join('')).not.toContain('ghp_example')
})

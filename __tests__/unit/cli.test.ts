import { type CliIo, USAGE, runCli } from '../../src/cli.js'

function io(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = []
  const err: string[] = []
  return {
    out, err, stdout: (t) => out.push(t), stderr: (t) => err.push(t),
    clients: () => { throw new Error('a usage error must not reach AWS') },
  }
}
const required = ['--account-id', '123456789012', '--region', 'us-east-1', '--repository', 'octo-org/octo-repo']

test('--help prints the usage and exits 0', async () => {
  const cli = io()
  expect(await runCli(['--help'], cli)).toBe(0)
  expect(cli.out.join('')).toBe(`${USAGE}\n`)
})

test.each<[string, string[], RegExp]>([
  ['no command', [], /no command given; the command is `setup`/],
  ['an unknown command', ['deploy'], /unknown command "deploy"/],
  ['an unknown flag', ['setup', ...required, '--frobnicate'], /Unknown option '--frobnicate'/],
  ['a missing required flag', ['setup', '--account-id', '123456789012'], /missing --region, --repository/],
  ['a bad value, named as its flag', ['setup', ...required, '--untagged-days', 'soon'], /invalid options:\n- --untagged-days must be a whole number/],
  ['a bad branch, named as its flag', ['setup', ...required, '--branches', '*'], /- --branches has "\*"/],
  ['a malformed --pull-from name', ['setup', ...required, '--pull-from', 'Base Image'], /- --pull-from has "Base Image", which is not an ECR repository name/],
  ['--pull-only with nothing to pull', ['setup', ...required, '--pull-only'], /- --pull-only needs --pull-from/],
])('%s: exit 2, nothing sent to AWS', async (_, argv, message) => {
  const cli = io()
  expect(await runCli(argv, cli)).toBe(2)
  expect(cli.err.join('')).toMatch(message)
  expect(cli.out).toEqual([])
})

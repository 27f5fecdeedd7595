// The CLI as npm would publish it, and as `npx ecr-oidc-push` would run it: packed, then executed from the tarball.
import { execFile } from 'node:child_process'
import { mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { promisify } from 'node:util'
import { MOTO_ENV, MOTO_URL, requireMoto } from '../support/stack.js'

const run = promisify(execFile)
const ROOT = path.resolve(import.meta.dirname, '../..')
let tarball: string

beforeAll(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ecr-oidc-push-pack-'))
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', dir], { cwd: ROOT })
  tarball = path.join(dir, (JSON.parse(stdout) as Array<{ filename: string }>)[0]!.filename)
}, 120_000)

test('npm pack ships the CLI bundle and the documents, nothing else', async () => {
  const { stdout } = await run('npm', ['pack', '--dry-run', '--json'], { cwd: ROOT })
  const [pack] = JSON.parse(stdout) as Array<{ name: string; files: Array<{ path: string }> }>
  const chunks = readdirSync(path.join(ROOT, 'dist/chunks')).map((file) => `dist/chunks/${file}`)
  expect(pack!.name).toBe('ecr-oidc-push')
  expect(pack!.files.map((f) => f.path).sort()).toEqual(['LICENSE', 'README.md', 'dist/cli.js', 'dist/licenses.txt', 'dist/package.json', 'package.json', ...chunks].sort())
}, 60_000)

/** `npx --package=<tarball> ecr-oidc-push …`, outside the repository, with its exit code. */
async function npx(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run('npm', ['exec', '--yes', `--package=${tarball}`, '--', 'ecr-oidc-push', ...args], {
      cwd: tmpdir(), env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/root', ...env },
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

test.each<[string, string[], number, RegExp]>([
  ['--help', ['--help'], 0, /^Usage: ecr-oidc-push setup --account-id ID --region REGION --repository OWNER\/NAME/],
  ['no command', [], 2, /no command given/],
  ['a missing flag', ['setup', '--account-id', '123456789012'], 2, /missing --region, --repository/],
  ['a bad value', ['setup', '--account-id', '1', '--region', 'us-east-1', '--repository', 'o/r'], 2, /--account-id must be your 12-digit/],
])('the packed CLI: %s', async (_, args, code, output) => {
  const result = await npx(args)
  expect(result.code).toBe(code)
  expect(code === 0 ? result.stdout : result.stderr).toMatch(output)
}, 120_000)

test('the packed CLI plans a setup against AWS (the local stack)', async () => {
  await requireMoto()
  const result = await npx(['setup', '--account-id', '123456789012', '--region', 'us-east-1', '--repository', 'octo-org/packed', '--dry-run', '--json'], {
    ...MOTO_ENV, AWS_ENDPOINT_URL: MOTO_URL,
  })
  expect(result.code).toBe(0)
  expect(JSON.parse(result.stdout)).toMatchObject({ applied: false, roleArn: 'arn:aws:iam::123456789012:role/github-actions-packed' })
}, 120_000)

// The release workflow's tagging step, dry-run on a scratch clone with a bare repository as its remote.
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { promisify } from 'node:util'

const exec = promisify(execFile)
const ROOT = path.resolve(import.meta.dirname, '../..')
const SCRIPT = path.join(ROOT, 'scripts/release.mjs')
let clone: string
let remote: string

const git = async (...args: string[]) => (await exec('git', args, { cwd: clone })).stdout.trim()
async function release(...args: string[]) {
  try {
    const { stdout } = await exec(process.execPath, [SCRIPT, ...args], { cwd: clone })
    return { code: 0, output: stdout }
  } catch (error) {
    const e = error as { code: number; stderr: string }
    return { code: e.code, output: e.stderr }
  }
}
/** What a maintainer commits before tagging: the version in package.json and its CHANGELOG section. */
async function prepare(version: string) {
  const pkg = JSON.parse(readFileSync(path.join(clone, 'package.json'), 'utf8')) as { version: string }
  pkg.version = version
  writeFileSync(path.join(clone, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`)
  const changelog = readFileSync(path.join(clone, 'CHANGELOG.md'), 'utf8')
  writeFileSync(path.join(clone, 'CHANGELOG.md'), changelog.replace('## [Unreleased]', `## [Unreleased]\n\n## [${version}] - 2026-11-24\n\n### Changed\n- release ${version}`))
  await git('commit', '--quiet', '--all', '--message', `Release ${version}`)
  return git('rev-parse', 'HEAD')
}
const remoteTags = async () => (await exec('git', ['ls-remote', '--tags', remote])).stdout.trim().split('\n').filter(Boolean)
  .map((line) => line.split('\t')).filter(([, ref]) => !ref!.endsWith('^{}')).map(([sha, ref]) => `${ref!.replace('refs/tags/', '')} ${sha!.slice(0, 7)}`).sort()
const peeled = async (tag: string) => git('rev-list', '-n', '1', tag)

beforeAll(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ecr-oidc-push-release-'))
  clone = path.join(dir, 'clone')
  remote = path.join(dir, 'remote.git')
  await exec('git', ['clone', '--quiet', ROOT, clone])
  await exec('git', ['init', '--quiet', '--bare', remote])
  await git('remote', 'set-url', 'origin', remote)
  await git('config', 'user.email', 'release@example.com')
  await git('config', 'user.name', 'release test')
  for (const tag of (await git('tag', '--list')).split('\n').filter(Boolean)) await git('tag', '-d', tag)
}, 60_000)

test('a first release, the next minor, a refused step backwards, a new major, a prerelease', async () => {
  const first = await prepare('1.0.0')
  expect(await release('v1.0.0', '--push')).toMatchObject({ code: 0, output: expect.stringContaining('v1.0.0 at') })
  expect(await peeled('v1')).toBe(first)

  const second = await prepare('1.1.0')
  const notesFile = path.join(clone, '..', 'notes.md')
  expect((await release('v1.1.0', '--push', '--notes-file', notesFile)).code).toBe(0)
  expect(readFileSync(notesFile, 'utf8')).toBe('### Changed\n- release 1.1.0\n')
  expect(await peeled('v1')).toBe(second)
  expect(await remoteTags()).toEqual([`v1 ${second.slice(0, 7)}`, expect.stringMatching(/^v1\.0\.0 /), expect.stringMatching(/^v1\.1\.0 /)])

  await prepare('1.0.1')
  expect(await release('v1.0.1', '--push')).toEqual({ code: 1, output: expect.stringMatching(/refusing to move v1 backwards/) })
  expect(await git('tag', '--list', 'v1.0.1')).toBe('')
  expect(await peeled('v1')).toBe(second)

  const major = await prepare('2.0.0')
  expect((await release('v2.0.0', '--push')).code).toBe(0)
  expect([await peeled('v1'), await peeled('v2')]).toEqual([second, major])

  await prepare('2.1.0-rc.1')
  expect(await release('v2.1.0-rc.1')).toMatchObject({ code: 0, output: expect.stringContaining('a prerelease: no major tag moves') })
  expect(await peeled('v2')).toBe(major)
}, 120_000)

test.each<[string, () => Promise<unknown>, string, RegExp]>([
  ['a dirty working tree', async () => writeFileSync(path.join(clone, 'README.md'), 'changed'), 'v9.0.0', /uncommitted changes/],
  ['package.json on another version', async () => {
    await git('checkout', '--quiet', '--', '.')
  }, 'v9.0.0', /package\.json says version 2\.1\.0-rc\.1, not 9\.0\.0/],
])('refused: %s', async (_, arrange, tag, message) => {
  await arrange()
  expect(await release(tag)).toEqual({ code: 1, output: expect.stringMatching(message) })
}, 60_000)
